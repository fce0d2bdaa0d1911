import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The findings of the security review of issue 25 that the library answers: each test failed before its fix.
final class SecurityReviewTests: XCTestCase {
    let rules = ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules").path

    func service(_ configuration: APIService.Configuration = .init()) -> APIService {
        APIService(ruleSets: ServiceRuleSets(paths: [rules], caseFolders: []), configuration: configuration)
    }

    func body(_ r: HTTPResponse) -> String {
        switch r.body {
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .stream(let produce):
            var out: [UInt8] = []
            try? produce { out += $0 }
            return String(decoding: out, as: UTF8.self)
        }
    }

    func header(_ r: HTTPResponse, _ name: String) -> String? {
        r.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// A POST of `json` to `path` with `Host: h`, answered by a fresh service: JSON Lines for `/v1/batch`, JSON
    /// otherwise.
    func post(_ path: String, _ json: String) -> HTTPResponse {
        let type = path.hasPrefix("/v1/batch") ? "application/x-ndjson" : "application/json"
        return service().handle(
            HTTPRequest(
                method: "POST", path: path, headers: [("host", "h"), ("content-type", type)], body: Array(json.utf8)),
            worker: ServiceWorker())
    }

    func get(_ path: String, host: String?, version: String = "HTTP/1.1", headers: [(String, String)] = [])
        -> HTTPRequest
    {
        HTTPRequest(
            method: "GET", path: path, version: version,
            headers: (host.map { [("host", $0)] } ?? []) + headers.map { (name: $0.0, value: $0.1) })
    }

    // Medium: DNS rebinding. A page on attacker.example resolving to 127.0.0.1 sends Host: attacker.example.
    func testOnlyTheHostsTheServerListensAsAreAnswered() {
        let s = service()
        let hosts = HostPolicy(listenHost: "127.0.0.1", port: 8080, loopback: true, allowed: ["mash.example"])
        let attack = s.judge(get("/v1/rulesets/camden-mash/cases/1", host: "attacker.example"), hosts: hosts)
        XCTAssertEqual(attack?.status, 421)
        XCTAssertTrue(attack.map(body)?.hasPrefix(#"{"error":{"code":"misdirected_request""#) ?? false)
        XCTAssertEqual(attack.flatMap { header($0, "X-Content-Type-Options") }, "nosniff")
        XCTAssertEqual(s.judge(get("/health", host: "attacker.example:8080"), hosts: hosts)?.status, 421)
        XCTAssertEqual(s.judge(get("/health", host: "localhost:9999"), hosts: hosts)?.status, 421)
        for ok in ["127.0.0.1:8080", "127.0.0.1", "LOCALHOST:8080", "[::1]:8080", "mash.example", "mash.example:8080"] {
            XCTAssertNil(s.judge(get("/v1/rulesets/camden-mash/cases/1", host: ok), hosts: hosts), ok)
        }
        XCTAssertNil(s.judge(get("/health", host: nil, version: "HTTP/1.0"), hosts: hosts))
        XCTAssertEqual(s.judge(get("/health", host: nil), hosts: hosts)?.status, 421)
        let exact = HostPolicy(listenHost: "10.0.0.5", port: 8443, loopback: false, allowed: ["proxy.example:443"])
        XCTAssertNil(s.judge(get("/health", host: "10.0.0.5:8443"), hosts: exact))
        XCTAssertNil(s.judge(get("/health", host: "proxy.example:443"), hosts: exact))
        XCTAssertEqual(s.judge(get("/health", host: "proxy.example"), hosts: exact)?.status, 421)
        XCTAssertEqual(s.judge(get("/health", host: "localhost:8443"), hosts: exact)?.status, 421)
        XCTAssertNil(
            s.judge(
                get("/health", host: "anything"),
                hosts: HostPolicy(listenHost: "::", port: 1, loopback: true, allowed: ["*"])))
        // HTTP/1.1 without Host never reaches the service: the parser answers 400.
        guard case .failure(let f) = HTTPRequestParser.parse(Array("GET / HTTP/1.1\r\n\r\n".utf8)) else {
            return XCTFail("no Host accepted")
        }
        XCTAssertEqual(f.status, 400)
    }

    // Medium: the token, the route and the method are judged from the head, before any body is read.
    func testTheHeadIsJudgedBeforeTheBody() {
        let s = service(.init(token: "0123456789abcdef0123"))
        func head(_ method: String, _ path: String, _ headers: [(String, String)] = []) -> HTTPRequest {
            HTTPRequest(
                method: method, path: path,
                headers: [("host", "127.0.0.1"), ("content-length", "9000000")] + headers.map { ($0.0, $0.1) })
        }
        XCTAssertEqual(s.judge(head("POST", "/v1/score"))?.status, 401)
        XCTAssertEqual(s.judge(head("POST", "/v1/batch", [("authorization", "Bearer nope")]))?.status, 401)
        XCTAssertEqual(s.judge(head("GET", "/v1/score"))?.status, 405)
        XCTAssertEqual(s.judge(head("POST", "/v1/nothing"))?.status, 404)
        XCTAssertEqual(s.judge(head("POST", "/v1/rulesets/camden-mash/parse"))?.status, 401)
        XCTAssertNil(s.judge(head("POST", "/v1/score", [("authorization", "Bearer 0123456789abcdef0123")])))
        XCTAssertNil(s.judge(head("GET", "/health")))
        // The parser gives the head as soon as it is whole, body or no body.
        let bytes = Array("POST /v1/score HTTP/1.1\r\nHost: h\r\nContent-Length: 9000000\r\n\r\n{".utf8)
        guard
            case .head(let r, let start, let length) = HTTPRequestParser.parseHead(
                bytes, limits: HTTPLimits(bodyBytes: 1 << 24))
        else { return XCTFail("no head") }
        XCTAssertEqual(r.path, "/v1/score")
        XCTAssertEqual(start, bytes.count - 1)
        XCTAssertEqual(length, 9_000_000)
    }

    // Medium: /v1/batch stops at a number of lines and a time, and says where.
    func testBatchStopsAtItsLimitsAndSaysWhere() {
        let lines = (1...5).map { #"{"id":"c\#($0)","facts":{"age":\#($0)}}"# }.joined(separator: "\n") + "\n"
        let request = HTTPRequest(
            method: "POST", path: "/v1/batch", headers: [("host", "h"), ("content-type", "application/x-ndjson")],
            body: Array(lines.utf8))
        let byLines = body(service(.init(batchLines: 3)).handle(request, worker: ServiceWorker()))
            .split(separator: "\n")
        XCTAssertEqual(byLines.count, 4, byLines.joined(separator: "\n"))
        XCTAssertTrue(byLines[2].hasPrefix(#"{"scenario":"c3""#))
        XCTAssertTrue(byLines[3].hasPrefix(#"{"stopped":{"at_line":4,"reason":"line_limit""#), String(byLines[3]))
        let all = body(service(.init(batchLines: 5)).handle(request, worker: ServiceWorker())).split(separator: "\n")
        XCTAssertEqual(all.count, 5)
        XCTAssertFalse(all.contains { $0.contains("stopped") })
        let byTime = body(service(.init(batchSeconds: 1e-9)).handle(request, worker: ServiceWorker()))
        XCTAssertTrue(byTime.hasPrefix(#"{"stopped":{"at_line":1,"reason":"time_limit""#), byTime)
        // Line boundaries hold when lines are longer than a read.
        var feed = BatchFeed(body: Array("abc\ndefgh\nij".utf8), maxLines: 2, deadline: .infinity)
        var got: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 4)
        feed.body.withUnsafeBytes { source in
            while true {
                let n = buffer.withUnsafeMutableBytes { feed.read(source, into: $0) }
                if n == 0 { break }
                got.append(Array(buffer[0..<n]))
            }
        }
        XCTAssertEqual(got.map { String(decoding: $0, as: UTF8.self) }, ["abc\n", "defg", "h\n"])
        XCTAssertEqual(feed.stopped?.line, 3)
    }

    // Low: an unknown fact name of megabytes is cut in the message, and no "did you mean" is worked out for it.
    func testAHugeUnknownFactNameIsCutAndNotSpellChecked() {
        let name = String(repeating: "x", count: 1 << 20)
        let request = HTTPRequest(
            method: "POST", path: "/v1/score", headers: [("host", "h"), ("content-type", "application/json")],
            body: Array(#"{"\#(name)":1}"#.utf8))
        let started = Date()
        let r = service().handle(request, worker: ServiceWorker())
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        XCTAssertEqual(r.status, 422)
        XCTAssertLessThan(body(r).utf8.count, 1000, String(body(r).prefix(300)))
        XCTAssertTrue(body(r).contains(String(repeating: "x", count: 200) + "…"), String(body(r).prefix(300)))
        XCTAssertNil(Suggestions.nearest(to: String(repeating: "a", count: 300), in: ["a"]))
        XCTAssertEqual(Limits.shown("short"), "short")
    }

    /// A value that is wrong and megabytes long (a number, a date-time, an option, a level, in `/v1/score` and in
    /// a `/v1/batch` line) is cut in the message as names are, not echoed whole (an attack test got a 422 of
    /// 8 MB for 8 MB of digits).
    func testAHugeBadValueIsCutInTheMessage() {
        let long = String(repeating: "9", count: 1 << 16)
        let bodies = [
            #"{"age":1\#(long)}"#, #"{"received":"\#(long)"}"#, #"{"concerns":["\#(long)"]}"#,
            #"{"referrer":"\#(long)"}"#, #"{"referrer_view":"\#(long)"}"#,
        ]
        for b in bodies {
            for path in ["/v1/score", "/v1/batch"] {
                let r = post(path, b)
                XCTAssertEqual(r.status, path == "/v1/score" ? 422 : 200, "\(path) \(b.prefix(30))")
                XCTAssertLessThan(body(r).utf8.count, 2000, "\(path): " + String(body(r).prefix(300)))
                XCTAssertTrue(body(r).contains(String(repeating: "9", count: 190)), String(body(r).prefix(300)))
            }
        }
    }

    /// A scenario `id` of megabytes was echoed whole in every result (twice by `/v1/whatif`). An `id` longer than
    /// `Limits.scenarioIDBytes` is refused, in `/v1/score` and on a `/v1/batch` line, with its length, not itself.
    func testAHugeScenarioIDIsRefusedNotEchoed() {
        let long = String(repeating: "x", count: 1 << 20)
        for (path, json) in [
            ("/v1/score", #"{"id":"\#(long)","facts":{"age":9}}"#),
            ("/v1/batch", #"{"id":"\#(long)","facts":{"age":9}}"#),
            ("/v1/whatif", #"{"scenario":{"id":"\#(long)","facts":{"age":9}},"changes":{"age":10}}"#),
        ] {
            let r = post(path, json)
            XCTAssertEqual(r.status, path == "/v1/batch" ? 200 : 422, path)
            XCTAssertLessThan(body(r).utf8.count, 2000, "\(path): " + String(body(r).prefix(300)))
            XCTAssertTrue(
                body(r).contains(#"\"id\" is 1048576 bytes long, more than the limit of 1024"#),
                "\(path): " + String(body(r).prefix(300)))
        }
        // At the limit it is kept, on both paths of a batch line (an escape sends the second line the general way).
        let edge = String(repeating: "y", count: Limits.scenarioIDBytes)
        let plain = #"{"id":"\#(edge)","facts":{"age":9}}"#
        let escaped = #"{"id":"\#(edge)","title":"\u0041","facts":{"age":9}}"#
        let lines = body(post("/v1/batch", plain + "\n" + escaped)).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        for l in lines { XCTAssertTrue(l.hasPrefix(#"{"scenario":"\#(edge)""#), String(l.prefix(100))) }
    }

    /// `/v1/whynot`'s unknown target is cut in its message (8 MB came back whole), and `/v1/whatif` refuses a
    /// fact changed twice, as `/v1/score` refuses a fact given twice (both found by an attack test).
    func testWhyNotCutsAnUnknownTargetAndWhatIfRefusesAFactChangedTwice() {
        let long = String(repeating: "x", count: 1 << 16)
        let whyNot = post("/v1/whynot", #"{"scenario":{"facts":{}},"target":"\#(long)"}"#)
        XCTAssertEqual(whyNot.status, 422)
        XCTAssertLessThan(body(whyNot).utf8.count, 2000, String(body(whyNot).prefix(300)))
        let twice = post("/v1/whatif", #"{"scenario":{"facts":{"age":9}},"changes":{"age":1,"age":20}}"#)
        XCTAssertEqual(twice.status, 422)
        XCTAssertTrue(body(twice).contains("changed twice"), body(twice))
        XCTAssertEqual(post("/v1/whatif", #"{"scenario":{"facts":{"age":9}},"changes":{"age":1}}"#).status, 200)
    }

    // Low: empty lines before a request line are few, and never scanned without end.
    func testEmptyLinesBeforeARequestAreLimited() {
        let few = Array((String(repeating: "\r\n", count: 8) + "GET /health HTTP/1.1\r\nHost: h\r\n\r\n").utf8)
        guard case .request = HTTPRequestParser.parse(few) else { return XCTFail("8 empty lines refused") }
        guard case .failure(let f) = HTTPRequestParser.parse(Array(String(repeating: "\r\n", count: 100_000).utf8))
        else { return XCTFail("100,000 empty lines wait for more") }
        XCTAssertEqual(f.status, 400)
        guard case .failure(let g) = HTTPRequestParser.parse(Array("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".utf8))
        else { return XCTFail("two Host fields accepted") }
        XCTAssertEqual(g.status, 400)
    }

    // Info: every error answer carries nosniff, no-store and no-referrer; `bearer` in lower case is accepted.
    func testErrorAnswersCarryTheSecurityHeadersAndBearerIsCaseInsensitive() {
        let s = service(.init(token: "0123456789abcdef0123"))
        for status in [400, 408, 413, 431, 501, 503, 505] {
            let r = s.failure(HTTPFailure(status: status, message: "m"))
            XCTAssertEqual(header(r, "X-Content-Type-Options"), "nosniff", "\(status)")
            XCTAssertEqual(header(r, "Cache-Control"), "no-store", "\(status)")
            XCTAssertEqual(header(r, "Referrer-Policy"), "no-referrer", "\(status)")
        }
        XCTAssertEqual(header(s.failure(HTTPFailure(status: 503, message: "full")), "Retry-After"), "1")
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let r = s.handle(
                get("/v1/rulesets", host: "h", headers: [("authorization", "\(scheme) 0123456789abcdef0123")]),
                worker: ServiceWorker())
            XCTAssertEqual(r.status, 200, scheme)
        }
        XCTAssertEqual(
            s.handle(
                get("/v1/rulesets", host: "h", headers: [("authorization", "Basic 0123456789abcdef0123")]),
                worker: ServiceWorker()
            ).status, 401)
        // HTTP/1.0: no 100 Continue, no chunked bodies.
        let old = Array("POST /v1/batch HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n".utf8)
        XCTAssertFalse(old.withUnsafeBufferPointer { HTTPRequestParser.expectsContinue($0) })
        let stream = HTTPResponse(status: 200, body: .stream { _ in })
        let head = String(decoding: stream.head(keepAlive: true, chunked: false), as: UTF8.self)
        XCTAssertFalse(head.contains("chunked"), head)
        XCTAssertTrue(head.contains("Connection: close"), head)
    }

    /// A worked case's file is shown without the server's folders above the one searched (an attack test saw
    /// `/work/main/scenarios/…` for a server started with absolute paths), and its number has one spelling.
    func testWorkedCasesTellNothingOfTheServersFoldersAndTheirNumbersOneSpelling() throws {
        XCTAssertEqual(
            ServiceRuleSets.shownPath(
                "/srv/team/scenarios/camden/caps.scenario", folder: "/srv/team/scenarios",
                relative: "camden/caps.scenario"),
            "scenarios/camden/caps.scenario")
        XCTAssertEqual(
            ServiceRuleSets.shownPath(
                "scenarios/camden/caps.scenario", folder: "scenarios", relative: "camden/caps.scenario"),
            "scenarios/camden/caps.scenario")
        let root = ThresholdBinary.packageRoot.path
        let s = APIService(
            ruleSets: ServiceRuleSets(paths: [rules], caseFolders: [root + "/scenarios"]))
        let list = body(s.handle(get("/v1/rulesets/camden-mash/cases", host: "h"), worker: ServiceWorker()))
        XCTAssertTrue(list.contains(#""file":"scenarios/camden/"#), String(list.prefix(200)))
        XCTAssertFalse(list.contains(root), String(list.prefix(200)))
        for (n, status) in [("1", 200), ("+1", 404), ("01", 404), ("0", 404), ("99999999999999999999", 404)] {
            let r = s.handle(get("/v1/rulesets/camden-mash/cases/\(n)", host: "h"), worker: ServiceWorker())
            XCTAssertEqual(r.status, status, n)
        }
    }

    /// The rules editor reads files only in the rule set's folder tree and the worked cases' folders: an
    /// include of any other file is "outside the rule set's folder", whether or not the file exists (an attack
    /// test found `include "/etc/passwd"` read, and told apart from a file that does not exist).
    func testTheRulesEditorReadsNoFileOutsideTheRuleSetsFolders() throws {
        let source = try String(contentsOfFile: rules, encoding: .utf8)
        func check(_ include: String) -> String {
            let text = source + "\ninclude \"\(include)\"\n"
            let json = (try? JSONSerialization.data(withJSONObject: ["text": text])) ?? Data()
            let request = HTTPRequest(
                method: "POST", path: "/v1/rulesets/camden-mash/edit/check",
                headers: [("host", "h"), ("content-type", "application/json")], body: [UInt8](json))
            return body(service().handle(request, worker: ServiceWorker()))
        }
        for outside in ["/etc/passwd", "/etc/no-such-file-here", "../../../../etc/passwd", "/proc/self/environ"] {
            let answer = check(outside)
            XCTAssertTrue(
                answer.contains("is outside the rule set's folder"), outside + ": " + String(answer.prefix(300)))
            XCTAssertTrue(answer.contains(#""compiles":false"#), outside)
        }
        XCTAssertTrue(check("camden/judgement.rules").contains(#""compiles":true"#))
    }

    /// Two `Authorization` fields are refused (400), not judged by the first (an attack test found right then
    /// wrong answered 200, wrong then right 401); an `Expect` other than `100-continue` is answered 417, not
    /// ignored.
    func testTwoAuthorizationFieldsAndAnUnknownExpectationAreRefused() {
        func parsed(_ text: String) -> HTTPRequestParser.Outcome { HTTPRequestParser.parse(Array(text.utf8)) }
        for fields in [
            "Authorization: Bearer 0123456789abcdef0123\r\nAuthorization: Bearer wrong-token-0123456\r\n",
            "Authorization: Bearer wrong-token-0123456\r\nauthorization: Bearer 0123456789abcdef0123\r\n",
        ] {
            guard case .failure(let f) = parsed("GET /v1/rulesets HTTP/1.1\r\nHost: h\r\n\(fields)\r\n") else {
                return XCTFail("two Authorization fields were taken")
            }
            XCTAssertEqual(f.status, 400)
        }
        guard case .failure(let f) = parsed("POST /v1/score HTTP/1.1\r\nHost: h\r\nExpect: nothing\r\n\r\n") else {
            return XCTFail("an unknown expectation was taken")
        }
        XCTAssertEqual(f.status, 417)
        XCTAssertEqual(service().failure(f).status, 417)
        for expect in ["100-continue", "100-Continue"] {
            guard case .request = parsed("POST /v1/score HTTP/1.1\r\nHost: h\r\nExpect: \(expect)\r\n\r\n") else {
                return XCTFail("Expect: \(expect) was refused")
            }
        }
    }
}
