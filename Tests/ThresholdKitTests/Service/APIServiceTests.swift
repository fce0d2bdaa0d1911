import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The API as a library: requests in, responses out, no sockets.
final class APIServiceTests: XCTestCase {
    func service(token: String? = nil) -> APIService {
        let rules = ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules").path
        return APIService(
            ruleSets: ServiceRuleSets(paths: [rules], caseFolders: []), configuration: .init(token: token))
    }

    func post(_ path: String, _ body: String, type: String = "application/json", headers: [(String, String)] = [])
        -> HTTPRequest
    {
        let parts = path.split(separator: "?", maxSplits: 1)
        let query =
            parts.count > 1
            ? parts[1].split(separator: "&").map { p -> (name: String, value: String) in
                let kv = p.split(separator: "=", maxSplits: 1)
                return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
            } : []
        return HTTPRequest(
            method: "POST", path: String(parts[0]), query: query,
            headers: [("host", "x"), ("content-type", type)] + headers.map { ($0.0, $0.1) }, body: Array(body.utf8))
    }

    func body(_ r: HTTPResponse) -> String {
        if case .bytes(let b) = r.body { return String(decoding: b, as: UTF8.self) }
        return ""
    }

    func testScoreAnswersTheResultObjectAndNamesItsRoute() {
        let r = service().handle(
            post("/v1/score", #"{"id":"m","facts":{"age":12,"risk_of_significant_harm":true}}"#),
            worker: ServiceWorker())
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.route, "/v1/score")
        XCTAssertTrue(body(r).hasPrefix(#"{"scenario":"m","ruleset":{"name":"Camden MASH front door""#), body(r))
        XCTAssertTrue(body(r).contains(#""outcome":{"level":"red""#))
        XCTAssertTrue(body(r).hasSuffix("}\n"))
        XCTAssertTrue(
            r.headers.contains { $0.name == "Content-Security-Policy" && $0.value.hasPrefix("default-src 'none'") })
    }

    func testAnUnknownRuleSetListsTheRuleSetsServed() {
        let root = ThresholdBinary.packageRoot
        let paths = ["rules/camden-mash.rules", "rules/front-door.rules"].map { root.appendingPathComponent($0).path }
        let s = APIService(ruleSets: ServiceRuleSets(paths: paths, caseFolders: []), configuration: .init())
        let expected =
            #"{"error":{"code":"unknown_ruleset","message":"no rule set named \"camden\"; the rule sets served are "#
            + #"\"camden-mash\" and \"front-door\"","field":"ruleset"}}"# + "\n"
        let score = s.handle(post("/v1/score?ruleset=camden", "{}"), worker: ServiceWorker())
        XCTAssertEqual(score.status, 404)
        XCTAssertEqual(body(score), expected)
        let get = HTTPRequest(method: "GET", path: "/v1/rulesets/camden", headers: [("host", "x")])
        XCTAssertEqual(body(s.handle(get, worker: ServiceWorker())), expected)
    }

    func testErrorsAreJSONWithAStatusAndAField() {
        let s = service()
        let w = ServiceWorker()
        let cases: [(HTTPRequest, Int, String)] = [
            (post("/v1/score", "{"), 400, #"{"error":{"code":"bad_json","message":"invalid JSON: line 1, column 2: "#),
            (
                post("/v1/score", #"{"agee":1}"#), 422,
                #"{"error":{"code":"unknown_fact","message":"unknown fact \"agee\" (did you mean \"age\"?)","field":"facts.agee"}}"#
            ),
            (
                post("/v1/score", #"{"age":true}"#), 422,
                #"{"error":{"code":"bad_value","message":"fact \"age\": expected a number, found a boolean","field":"facts.age"}}"#
            ),
            (post("/v1/score", "{}", type: "text/plain"), 415, #"{"error":{"code":"unsupported_media_type""#),
            (
                post("/v1/score?ruleset=nope", "{}"), 404,
                #"{"error":{"code":"unknown_ruleset","message":"no rule set named \"nope\"; the rule set served is \"camden-mash\"","field":"ruleset"}}"#
            ),
            (post("/v1/whatif", #"{"scenario":{}}"#), 422, #""field":"changes""#),
            (post("/v1/whatif", #"{"scenario":{},"changes":{"age":"x"}}"#), 422, #""field":"changes.age""#),
            (post("/v1/whynot", #"{"scenario":{"agee":1},"target":"red"}"#), 422, #""field":"scenario.facts.agee""#),
            (
                HTTPRequest(method: "PUT", path: "/v1/score", headers: [("host", "x")]), 405,
                #"{"error":{"code":"method_not_allowed""#
            ),
            (
                HTTPRequest(method: "GET", path: "/v1/rulesets/camden-mash/secrets", headers: [("host", "x")]), 404,
                #""code":"not_found""#
            ),
        ]
        for (request, status, start) in cases {
            let r = s.handle(request, worker: w)
            XCTAssertEqual(r.status, status, request.path + " " + body(r))
            XCTAssertTrue(body(r).contains(start), body(r))
        }
    }

    func testTheTokenGuardsTheAPIButNotHealth() {
        let s = service(token: "0123456789abcdef0123")
        let w = ServiceWorker()
        XCTAssertEqual(s.handle(post("/v1/score", "{}"), worker: w).status, 401)
        XCTAssertEqual(
            s.handle(post("/v1/score", "{}", headers: [("authorization", "Bearer 0123456789abcdef012")]), worker: w)
                .status, 401)
        XCTAssertEqual(
            s.handle(post("/v1/score", "{}", headers: [("authorization", "Bearer 0123456789abcdef0123")]), worker: w)
                .status, 200)
        XCTAssertEqual(
            s.handle(HTTPRequest(method: "GET", path: "/health", headers: [("host", "x")]), worker: w).status, 200)
        XCTAssertEqual(
            s.handle(HTTPRequest(method: "GET", path: "/metrics", headers: [("host", "x")]), worker: w).status, 401)
    }

    func testMetricsCountByRoutePatternNeverByName() {
        let metrics = ServiceMetrics()
        metrics.record(route: "/v1/score", status: 200, seconds: 0.0003)
        metrics.record(route: "/v1/score", status: 422, seconds: 0.002)
        let text = metrics.render()
        XCTAssertTrue(text.contains(#"threshold_http_requests_total{route="/v1/score",status="200"} 1"#), text)
        XCTAssertTrue(text.contains("threshold_http_errors_total 1\n"), text)
        XCTAssertTrue(
            text.contains(#"threshold_http_request_duration_seconds_bucket{route="/v1/score",le="0.0005"} 1"#), text)
        XCTAssertTrue(
            text.contains(#"threshold_http_request_duration_seconds_bucket{route="/v1/score",le="+Inf"} 2"#), text)
        XCTAssertEqual(text, metrics.render())
    }

    func testTheWorkbenchIsEmbeddedAndHasNoInlineScriptOrStyle() {
        let s = service()
        let w = ServiceWorker()
        let page = s.handle(HTTPRequest(method: "GET", path: "/", headers: [("host", "x")]), worker: w)
        XCTAssertEqual(page.status, 200)
        let html = body(page)
        XCTAssertTrue(html.contains(#"<script src="/workbench.js"></script>"#))
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("style="))
        XCTAssertFalse(html.contains("http://") || html.contains("https://"))
        let js = body(s.handle(HTTPRequest(method: "GET", path: "/workbench.js", headers: [("host", "x")]), worker: w))
        XCTAssertFalse(js.contains("innerHTML"))
        XCTAssertFalse(js.contains("eval("))
        let levels = body(
            s.handle(HTTPRequest(method: "GET", path: "/workbench-levels.css", headers: [("host", "x")]), worker: w))
        XCTAssertTrue(levels.hasPrefix(#"[data-ruleset="camden-mash"] .level-0{background:"#), levels)
    }

    func testTheMediaTypeIsReadAsFoundationWouldReadIt() {
        // The reference: the first part of `split(separator: ";")`, trimmed of `.whitespaces`, lower-cased.
        func reference(_ v: String) -> String {
            v.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        var values = [
            "", ";", ";;", " ", "\t", "application/json", "Application/JSON", " application/json ",
            "\tapplication/json\t; charset=utf-8", "application/json;charset=utf-8", ";application/json",
            " ;application/json", "text/plain", "application/json\u{00A0}", "\u{00A0}application/json",
            "APPLICATION/JSON ; x", "application/ json", "a;b;c", "\r\napplication/json",
        ]
        // Random ASCII made of the characters that matter (and a few others), fixed seed.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = Array(" \t;aAjJ/-Zz\u{7F}\r")
        for _ in 0..<2000 {
            var v = ""
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for k in 0..<Int(seed >> 60) { v.append(alphabet[Int((seed >> UInt64(4 * k)) & 0xF) % alphabet.count]) }
            values.append(v)
        }
        for v in values { XCTAssertEqual(APIService.mediaType(v), reference(v), v.debugDescription) }
    }
}
