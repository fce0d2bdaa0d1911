import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Every `APIErrorCode` is documented in docs/api.md's Errors table, in the row of its status, and each is
/// answered by some request (a table of requests, one per code at least).
final class APIErrorCodeTests: XCTestCase {
    /// The Errors table of docs/api.md: status → the codes in its row.
    func documentedCodes() throws -> [Int: Set<String>] {
        let text = try String(
            contentsOf: ThresholdBinary.packageRoot.appendingPathComponent("docs/api.md"), encoding: .utf8)
        let section =
            try XCTUnwrap(text.components(separatedBy: "\n## Errors\n").dropFirst().first)
            .components(separatedBy: "\n## ").first ?? ""
        var rows: [Int: Set<String>] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let status = Int(cells[0]) else { continue }
            let codes = cells[1].components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map {
                String($0.element)
            }
            rows[status, default: []].formUnion(codes)
        }
        return rows
    }

    func testEveryCodeIsDocumentedInTheRowOfItsStatus() throws {
        let rows = try documentedCodes()
        XCTAssertFalse(rows.isEmpty, "docs/api.md has no Errors table")
        for code in APIErrorCode.allCases {
            XCTAssertTrue(
                rows[code.status]?.contains(code.rawValue) == true,
                "`\(code.rawValue)` (\(code.status)) is not in docs/api.md's Errors table, in the \(code.status) row")
        }
        let known = Set(APIErrorCode.allCases.map(\.rawValue))
        for (status, codes) in rows {
            for c in codes.subtracting(known) { XCTFail("docs/api.md documents `\(c)` (\(status)), which is no code") }
        }
    }

    // MARK: Each code answered

    var folder = ""
    let token = "error-code-token-0123456789"

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "api-errors-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func request(
        _ method: String, _ path: String, _ body: String? = nil, type: String = "application/json",
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = []
    ) -> HTTPRequest {
        var h: [(name: String, value: String)] = [("host", "x")] + headers
        if body != nil { h.append(("content-type", type)) }
        return HTTPRequest(method: method, path: path, query: query, headers: h, body: Array((body ?? "").utf8))
    }

    func code(_ r: HTTPResponse) -> String? {
        guard case .bytes(let b) = r.body, let json = try? JSONReader.parse(bytes: b) else { return nil }
        return json["error"]?["code"]?.stringValue
    }

    func testEveryCodeIsAnsweredBySomeRequest() throws {
        let root = ThresholdBinary.packageRoot
        let rules = root.appendingPathComponent("rules/camden-mash.rules").path
        let broken = folder + "/broken.rules"
        try "rules \"x\"\nnot a rule set\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let ruleSets = ServiceRuleSets(
            paths: [rules, broken], caseFolders: [root.appendingPathComponent("scenarios").path])
        let rs = try XCTUnwrap(ruleSets.all.first?.ruleSet)
        let exercise = try Exercise.open(
            casesPath: root.appendingPathComponent("scenarios/camden/front-door.scenario").path,
            ratingsPath: folder + "/ratings.jsonl", ruleSet: rs)
        let s = APIService(ruleSets: ruleSets, configuration: .init(token: token), exercise: exercise)
        let plain = APIService(ruleSets: ruleSets)
        let bearer = [(name: "authorization", value: "Bearer " + token)]
        let join = [(name: "code", value: exercise.code)]
        let w = ServiceWorker()
        var answered: [String: HTTPResponse] = [:]
        func ask(_ service: APIService, _ r: HTTPRequest) {
            let response = service.handle(r, worker: w)
            if let c = code(response), answered[c] == nil { answered[c] = response }
        }
        func rate(_ body: String) {
            ask(s, request("POST", "/v1/exercise/rating", body, query: join))
        }
        // Requests the parser or the server refuses before any route.
        for bytes in [
            "GARBAGE\r\n\r\n", "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
            "POST /v1/score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n",
            "POST /v1/score HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\n{}",
            "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 20_000) + "\r\n\r\n",
        ] {
            guard case .failure(let f) = HTTPRequestParser.parse(Array(bytes.utf8)) else {
                XCTFail("the parser took \(bytes.prefix(60))")
                continue
            }
            answered[code(s.failure(f)) ?? ""] = s.failure(f)
        }
        for status in [408, 503] {
            let r = s.failure(HTTPFailure(status: status, message: "x"))
            answered[code(r) ?? ""] = r
        }
        ask(plain, request("POST", "/v1/score", "{}", headers: [("origin", "https://elsewhere.example")]))
        if let r = s.judge(
            request("GET", "/health"), hosts: HostPolicy(listenHost: "127.0.0.1", port: 1, loopback: true))
        {
            answered[code(r) ?? ""] = r
        }
        ask(plain, request("POST", "/v1/score", "{"))
        ask(plain, request("POST", "/v1/score", "[1]"))
        ask(s, request("GET", "/v1/rulesets"))
        ask(plain, request("GET", "/nowhere"))
        ask(plain, request("GET", "/v1/rulesets/nope"))
        ask(plain, request("GET", "/v1/rulesets/camden-mash/cases/999"))
        ask(plain, request("GET", "/v1/exercise"))
        ask(plain, request("GET", "/v1/score"))
        ask(plain, request("POST", "/v1/score", "{}", type: "text/plain"))
        ask(plain, request("POST", "/v1/score", #"{"agee":1}"#))
        ask(plain, request("POST", "/v1/score", #"{"age":true}"#))
        ask(plain, request("POST", "/v1/score", #"{"facts":3}"#))
        ask(plain, request("POST", "/v1/whatif", #"{"changes":{}}"#))
        ask(plain, request("POST", "/v1/whynot", #"{"scenario":{},"target":"nothing"}"#))
        ask(plain, request("POST", "/v1/scenario-file", #"{"id":"not an id","facts":{}}"#))
        ask(
            plain,
            request(
                "POST", "/v1/rulesets/camden-mash/parse", "scenario x\n  given\n    agee = 1\nend\n", type: "text/plain"
            ))
        ask(plain, request("POST", "/v1/score", "{}", query: [("ruleset", "broken")]))
        ask(s, request("GET", "/v1/exercise/case"))
        // The rules editor's save: off without --allow-edit; a stale fingerprint; a file that cannot be written
        // (its `.previous` is a folder).
        let editable = folder + "/edit.rules"
        let valid = #"ruleset \"edit\"\nlevels\n  blue \"Blue\"\nend\ndefault blue\n"#
        let source = "ruleset \"edit\"\nlevels\n  blue \"Blue\"\nend\ndefault blue\n"
        try source.write(toFile: editable, atomically: true, encoding: .utf8)
        let sha = SHA256.hex(SHA256.digest(Array(source.utf8)))
        let editing = APIService(
            ruleSets: ServiceRuleSets(paths: [editable], caseFolders: []), configuration: .init(allowEdit: true))
        ask(plain, request("POST", "/v1/rulesets/camden-mash/edit/save", #"{"text":"","sha256":""}"#))
        ask(editing, request("POST", "/v1/rulesets/edit/edit/save", #"{"text":"","sha256":"0"}"#))
        ask(editing, request("POST", "/v1/rulesets/edit/edit/save", #"{"text":"not rules","sha256":"\#(sha)"}"#))
        ask(editing, request("POST", "/v1/rulesets/edit/edit/check", #"{"text":"","file":"../x.rules"}"#))
        try FileManager.default.createDirectory(atPath: editable + ".previous", withIntermediateDirectories: false)
        ask(editing, request("POST", "/v1/rulesets/edit/edit/save", #"{"text":"\#(valid)","sha256":"\#(sha)"}"#))
        rate(#"{"by":"","level":"amber"}"#)
        rate(#"{"by":"owl","level":"mauve"}"#)
        rate(#"{"by":"owl","level":"amber","rationale":""# + String(repeating: "x", count: 2001) + #""}"#)
        rate(#"{"by":"owl","level":"amber","case":"another"}"#)
        rate(#"{"by":"owl","level":"amber"}"#)
        rate(#"{"by":"owl","level":"amber"}"#)
        for i in 0..<Exercise.maxRatingsPerCase { rate(#"{"by":"t\#(i)","level":"amber"}"#) }
        ask(s, request("POST", "/v1/exercise/reveal", headers: bearer))
        rate(#"{"by":"late","level":"amber"}"#)
        for _ in 0..<exercise.caseCount { ask(s, request("POST", "/v1/exercise/next", headers: bearer)) }
        rate(#"{"by":"after","level":"amber"}"#)
        ask(s, request("POST", "/v1/exercise/reveal", headers: bearer))
        // `ratings_unwritable` (500) needs the file system to refuse a write to a file already open; it is
        // answered by `unwritable` in APIService+Exercise.swift, the one place that builds it.
        for c in APIErrorCode.allCases where c != .ratingsUnwritable {
            XCTAssertEqual(
                answered[c.rawValue]?.status, answered[c.rawValue] == nil ? nil : c.status,
                "`\(c.rawValue)` answered with another status")
            XCTAssertNotNil(answered[c.rawValue], "no request in the table is answered `\(c.rawValue)`")
        }
    }
}
