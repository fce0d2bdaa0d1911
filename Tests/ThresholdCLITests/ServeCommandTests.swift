import Foundation
import ThresholdTestSupport
import XCTest

@_spi(Bench) @_spi(CLI) @testable import ThresholdKit

/// `threshold serve` end to end: the real binary on a free loopback port, spoken to over raw sockets.
final class ServeCommandTests: XCTestCase {
    static let rules = ["rules/camden-mash.rules", "rules/front-door.rules", "rules/london-continuum-of-need.rules"]
    let mathew =
        #"{"id":"mathew","facts":{"age":12,"imminent_danger":false,"risk_of_significant_harm":true,"received":"2019-04-12T16:00"}}"#

    func start(_ extra: [String] = [], environment: [String: String] = [:]) throws -> ServerProcess {
        try ServerProcess(ServeCommandTests.rules + extra, environment: environment)
    }

    /// A scenario as the JSON object of spec section 4: its id, title and the facts it gives.
    func json(_ s: Scenario, _ rs: RuleSet) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("id")
        w.string(s.id)
        if let t = s.title {
            w.key("title")
            w.string(t)
        }
        w.key("facts")
        w.beginObject()
        for slot in s.given.sorted() {
            w.key(rs.facts[slot].name)
            JSONFactValue.write(s.facts[slot], rs.facts[slot].type, levels: rs.levels, to: &w)
        }
        w.endObject()
        w.endObject()
        return w.text
    }

    func testScoreIsByteIdenticalToTheCommandLineForEveryShippedWorkedCase() throws {
        let server = try start()
        defer { server.stop() }
        let root = ThresholdBinary.packageRoot.path
        let files = try FileManager.default.subpathsOfDirectory(atPath: root + "/scenarios").filter {
            $0.hasSuffix(".scenario")
        }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 10)
        var compared = 0
        let connection = try server.connect()  // one keep-alive connection for them all
        defer { connection.close() }
        for file in files {
            let path = root + "/scenarios/" + file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("rules ") }) else { continue }
            let rulesPath = Paths.join(Paths.directory(of: path), String(line.dropFirst(7).dropLast()))
            let stem = String(rulesPath.split(separator: "/").last ?? "").replacingOccurrences(of: ".rules", with: "")
            guard let rs = RuleSetCompiler.load(rulesPath).ruleSet else {
                XCTFail("\(rulesPath) did not load")
                continue
            }
            let input = ScenarioInput.load([path], against: rs)
            XCTAssertFalse(input.hasErrors, file)
            let cli = try ThresholdBinary.run(["score", rulesPath, path, "--format", "json"])
            XCTAssertEqual(cli.exitCode, 0, cli.stderr)
            let expected = cli.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
                String($0) + "\n"
            }
            XCTAssertEqual(expected.count, input.scenarios.count, file)
            for (s, want) in zip(input.scenarios, expected) {
                try connection.send(RawConnection.request("POST", "/v1/score?ruleset=\(stem)", body: json(s, rs)))
                let r = try connection.readResponse()
                XCTAssertEqual(r.status, 200, "\(file) \(s.id): \(r.body)")
                XCTAssertEqual(r.headers["content-type"], "application/json")
                XCTAssertEqual(r.body, want, "\(file) \(s.id)")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 40)
    }

    func testEveryEndpointAnswers() throws {
        let server = try start()
        defer { server.stop() }
        XCTAssertEqual(try server.request("GET", "/health").body, "{}\n")

        let list = try server.request("GET", "/v1/rulesets")
        XCTAssertEqual(list.status, 200)
        XCTAssertTrue(
            list.body.contains(
                #"{"name":"camden-mash","title":"Camden MASH front door","version":"2019.1","fingerprint":"sha256:"#),
            list.body)

        let one = try server.request("GET", "/v1/rulesets/front-door")
        XCTAssertEqual(one.status, 200)
        for piece in [
            #""facts":[{"name":"#, #""question":"#, #""type":{"kind":"number","min":0,"max":25"#,
            #""levels":[{"name":"blue""#,
            #""scores":[{"name":"#, #""bands":[{"name":"#, #""advice":[{"name":"#, #""fingerprint":"sha256:"#,
        ] {
            XCTAssertTrue(one.body.contains(piece), piece)
        }
        XCTAssertEqual(try server.request("GET", "/v1/rulesets/nope").status, 404)

        let whatIf = try server.request(
            "POST", "/v1/whatif?ruleset=camden-mash",
            body: #"{"scenario":\#(mathew),"changes":{"imminent_danger":true}}"#)
        XCTAssertEqual(whatIf.status, 200, whatIf.body)
        XCTAssertTrue(
            whatIf.body.hasPrefix(#"{"result":{"changes":{"imminent_danger":true},"now":{"scenario":"mathew""#),
            whatIf.body)
        XCTAssertTrue(
            whatIf.body.contains(
                #""differences":{"outcome":["red","red_urgent"],"started_firing":["imminent_danger"]"#), whatIf.body)

        let whyNot = try server.request(
            "POST", "/v1/whynot?ruleset=camden-mash", body: #"{"scenario":\#(mathew),"target":"red_urgent"}"#)
        XCTAssertEqual(whyNot.status, 200, whyNot.body)
        XCTAssertTrue(
            whyNot.body.contains(
                #""target":"red_urgent","outcome":"red","kind":"level","reached":false,"rules":[{"rule":"imminent_danger""#
            ), whyNot.body)
        XCTAssertTrue(
            whyNot.body.contains(#""changes":[{"set":{"imminent_danger":true},"outcome":"red_urgent"}"#), whyNot.body)
        XCTAssertEqual(
            try server.request("POST", "/v1/whynot?ruleset=camden-mash", body: #"{"scenario":{},"target":"purple"}"#)
                .status, 422)

        let next = try server.request("POST", "/v1/next-questions?ruleset=camden-mash", body: "{}")
        XCTAssertEqual(next.status, 200, next.body)
        XCTAssertTrue(next.body.hasPrefix(#"{"result":[{"fact":""#), next.body)
        XCTAssertTrue(next.body.contains(#""fact":"imminent_danger","question":"#), next.body)

        // Batch: the same lines as `threshold batch`, bad lines included, streamed in chunks.
        let lines =
            "{\"id\":\"a\",\"facts\":{\"age\":12}}\n{\"agee\":1}\nnot json\n\n{\"id\":\"b\",\"facts\":{\"age\":15,\"risk_of_significant_harm\":true}}\n"
        let batch = try server.request(
            "POST", "/v1/batch?ruleset=camden-mash", body: lines, contentType: "application/x-ndjson")
        XCTAssertEqual(batch.status, 200)
        XCTAssertEqual(batch.headers["transfer-encoding"], "chunked")
        let cli = try ThresholdBinary.run(["batch", "rules/camden-mash.rules"], input: lines)
        XCTAssertEqual(batch.body, cli.stdout)
        XCTAssertEqual(batch.body.split(separator: "\n").count, 4)

        // ?changes=false: the result as a line of `threshold batch` (no counterfactual search).
        let lean = try server.request("POST", "/v1/score?ruleset=camden-mash&changes=false", body: mathew)
        XCTAssertEqual(
            lean.body, try ThresholdBinary.run(["batch", "rules/camden-mash.rules"], input: mathew + "\n").stdout)
        XCTAssertTrue(lean.body.hasSuffix(#""changes":[]}"# + "\n"), lean.body)

        // Worked cases in the rules' folder tree, opened by number; pasted text read.
        let cases = try server.request("GET", "/v1/rulesets/camden-mash/cases")
        XCTAssertTrue(
            cases.body.contains(#"{"number":1,"file":"../scenarios/camden/front-door.scenario"}"#)
                || cases.body.contains(#""file":"#), cases.body)
        let opened = try server.request("GET", "/v1/rulesets/camden-mash/cases/1")
        XCTAssertEqual(opened.status, 200, opened.body)
        XCTAssertTrue(opened.body.contains(#""scenarios":[{"id":"#), opened.body)
        XCTAssertEqual(try server.request("GET", "/v1/rulesets/camden-mash/cases/999").status, 404)
        // An encoded separator is refused before routing (it was 404 from the route; 400 now, at the parser).
        XCTAssertEqual(try server.request("GET", "/v1/rulesets/camden-mash/cases/..%2F..%2Fetc%2Fpasswd").status, 400)
        let pasted = try server.request(
            "POST", "/v1/rulesets/camden-mash/parse", body: "scenario x\n  given\n    age = 12\nend\n",
            contentType: "text/plain")
        XCTAssertEqual(
            pasted.body, #"{"result":{"file":"pasted.scenario","scenarios":[{"id":"x","facts":{"age":12}}]}}"# + "\n")
        let badPaste = try server.request(
            "POST", "/v1/rulesets/camden-mash/parse", body: "scenario x\n  given\n    agee = 12\nend\n",
            contentType: "text/plain")
        XCTAssertEqual(badPaste.status, 422)
        XCTAssertTrue(badPaste.body.contains(#""line":3"#), badPaste.body)

        // Metrics count what was asked, by route and status.
        let metrics = try server.request("GET", "/metrics")
        XCTAssertEqual(metrics.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8")
        XCTAssertTrue(
            metrics.body.contains(#"threshold_http_requests_total{route="/v1/whatif",status="200"} 1"#), metrics.body)
        XCTAssertTrue(
            metrics.body.contains(#"threshold_http_requests_total{route="/v1/rulesets/{name}",status="404"} 1"#),
            metrics.body)
        XCTAssertTrue(
            metrics.body.contains(#"threshold_http_request_duration_seconds_bucket{route="/v1/batch",le="+Inf"} 1"#),
            metrics.body)

        // Every answer carries a Content-Security-Policy; the workbench is served.
        let page = try server.request("GET", "/")
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertTrue(page.headers["content-security-policy"]?.hasPrefix("default-src 'none'") ?? false)
        XCTAssertNil(page.headers["access-control-allow-origin"])
        XCTAssertTrue(metrics.headers["content-security-policy"] != nil)
        let log = server.stop()
        XCTAssertFalse(log.contains("mathew"), log)
    }

    /// `/v1/batch?outcome_only=true` answers as `threshold batch --outcome-only`; with `changes=true` it is refused.
    func testBatchOutcomeOnlyIsTheCommandLines() throws {
        let server = try start()
        let lines =
            "{\"id\":\"a\",\"facts\":{\"age\":12,\"received\":\"2019-04-12T16:00\",\"imminent_danger\":true}}\n{\"agee\":1}\n\n{\"age\":15}\n"
        let brief = try server.request(
            "POST", "/v1/batch?ruleset=camden-mash&outcome_only=true", body: lines, contentType: "application/x-ndjson")
        XCTAssertEqual(brief.status, 200)
        let cli = try ThresholdBinary.run(["batch", "rules/camden-mash.rules", "--outcome-only"], input: lines)
        XCTAssertEqual(brief.body, cli.stdout)
        XCTAssertEqual(brief.body.split(separator: "\n").count, 3)
        XCTAssertTrue(brief.body.contains(#""due":"2019-04-12T20:00"}}"#), brief.body)
        XCTAssertFalse(brief.body.contains(#""fired""#), brief.body)
        let both = try server.request(
            "POST", "/v1/batch?ruleset=camden-mash&outcome_only=true&changes=true", body: lines,
            contentType: "application/x-ndjson")
        XCTAssertEqual(both.status, 400, both.body)
        XCTAssertTrue(both.body.contains(#""code":"bad_request""#), both.body)
    }

    func testSavedScenarioPassesThresholdTest() throws {
        let server = try start()
        defer { server.stop() }
        let saved = try server.request("POST", "/v1/scenario-file?ruleset=camden-mash", body: mathew)
        XCTAssertEqual(saved.status, 200, saved.body)
        XCTAssertTrue(saved.body.hasPrefix("rules \"rules/camden-mash.rules\"\n"), saved.body)
        XCTAssertTrue(saved.body.contains("    outcome red\n"), saved.body)
        // The rules line is relative to the server's folder: save it there (under a temporary name).
        let name = "serve-test-\(UUID().uuidString).scenario"
        let url = ThresholdBinary.packageRoot.appendingPathComponent(name)
        try Data(saved.body.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let test = try ThresholdBinary.run(["test", name])
        XCTAssertEqual(test.exitCode, 0, test.stdout + test.stderr)
        XCTAssertTrue(test.stdout.contains("1 passed, 0 failed"), test.stdout)
    }

    func testMalformedRequestsGetTheirStatus() throws {
        let server = try start(["--request-timeout", "1", "--max-body", "4096"])
        defer { server.stop() }
        func status(_ r: RawResponse) -> Int { r.status }
        XCTAssertEqual(try server.request("POST", "/v1/score", body: "{\"age\":").status, 400)
        let bad = try server.request("POST", "/v1/score", body: "[1,]")
        XCTAssertEqual(bad.status, 400)
        XCTAssertTrue(
            bad.body.hasPrefix(
                #"{"error":{"code":"bad_json","message":"invalid JSON: line 1, column 3: trailing comma"#), bad.body)
        XCTAssertEqual(try server.request("GET", "/v1/score").status, 405)
        XCTAssertEqual(try server.request("GET", "/v1/score").headers["allow"], "POST")
        XCTAssertEqual(try server.request("DELETE", "/v1/rulesets").status, 405)
        XCTAssertEqual(try server.request("POST", "/v1/score", body: "{}", contentType: "text/plain").status, 415)
        XCTAssertEqual(try server.request("POST", "/v1/score", body: "{}", contentType: nil).status, 415)
        XCTAssertEqual(try server.request("GET", "/v2/score").status, 404)
        XCTAssertEqual(try server.request("GET", "/nothing-here").status, 404)
        XCTAssertEqual(try server.request("POST", "/v1/score?ruleset=nope", body: "{}").status, 404)
        let unknown = try server.request("POST", "/v1/score", body: #"{"facts":{"agee":12}}"#)
        XCTAssertEqual(unknown.status, 422)
        XCTAssertEqual(
            unknown.body,
            #"{"error":{"code":"unknown_fact","message":"unknown fact \"agee\" (did you mean \"age\"?)","field":"facts.agee"}}"#
                + "\n")
        let value = try server.request("POST", "/v1/score", body: #"{"age":"twelve"}"#)
        XCTAssertEqual(value.status, 422)
        XCTAssertTrue(
            value.body.contains(#""code":"bad_value""#) && value.body.contains(#""field":"facts.age""#), value.body)
        XCTAssertEqual(try server.request("POST", "/v1/score", body: "[]").status, 400)
        XCTAssertEqual(
            try server.request("POST", "/v1/score", body: String(repeating: " ", count: 5000) + "{}").status, 413)

        // A body that never arrives in full: 408 after the request timeout, then closed.
        let partial = try server.connect()
        try partial.send(
            "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"age\":"
        )
        XCTAssertEqual(try partial.readResponse().status, 408)
        XCTAssertTrue(partial.isClosedByServer())
        partial.close()
        // A header never finished: 408 and closed.
        let slow = try server.connect()
        try slow.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        XCTAssertEqual(try slow.readResponse().status, 408)
        XCTAssertTrue(slow.isClosedByServer())
        slow.close()
        // Truncated: the client stops sending mid-request; the server closes without an answer.
        let truncated = try server.connect()
        try truncated.send("POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
        truncated.shutdownWrite()
        XCTAssertTrue(truncated.isClosedByServer())
        truncated.close()
        // Garbage, a huge header, a chunked body, a bad version.
        let garbage = try server.connect()
        try garbage.send("\u{1}\u{2}\u{3} nonsense\r\n\r\n")
        XCTAssertEqual(try garbage.readResponse().status, 400)
        garbage.close()
        let huge = try server.connect()
        try huge.send(
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + String(repeating: "a", count: 20_000) + "\r\n\r\n")
        XCTAssertEqual(try huge.readResponse().status, 431)
        huge.close()
        let chunked = try server.connect()
        try chunked.send("POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
        XCTAssertEqual(try chunked.readResponse().status, 501)
        chunked.close()
        XCTAssertEqual(try server.request("GET", "/health", headers: ["X": "y"]).status, 200)  // still serving

        // Expect: 100-continue (curl, bodies over 1 KiB): the interim answer comes before the body is sent.
        let expecting = try server.connect()
        try expecting.send(
            "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(mathew.utf8.count)\r\n\r\n"
        )
        XCTAssertEqual(try expecting.readResponse().status, 100)
        try expecting.send(mathew)
        XCTAssertEqual(try expecting.readResponse().status, 200)
        expecting.close()

        // Keep-alive: several requests on one connection, answered in order.
        let c = try server.connect()
        try c.send(RawConnection.request("GET", "/health") + RawConnection.request("POST", "/v1/score", body: mathew))
        XCTAssertEqual(try c.readResponse().status, 200)
        XCTAssertTrue(try c.readResponse().body.hasPrefix(#"{"scenario":"mathew""#))
        try c.send(RawConnection.request("GET", "/health", headers: ["Connection": "close"]))
        XCTAssertEqual(try c.readResponse().headers["connection"], "close")
        XCTAssertTrue(c.isClosedByServer())
        c.close()
    }

    func testTheTokenIsEnforced() throws {
        let token = "s3cret-token-for-tests-0123"
        let server = try start(["--cors", "https://cms.example"], environment: ["THRESHOLD_TOKEN": token])
        defer { server.stop() }
        let none = try server.request("POST", "/v1/score", body: mathew)
        XCTAssertEqual(none.status, 401)
        XCTAssertEqual(none.headers["www-authenticate"], "Bearer")
        XCTAssertEqual(
            try server.request("POST", "/v1/score", body: mathew, headers: ["Authorization": "Bearer wrong"]).status,
            401)
        XCTAssertEqual(try server.request("GET", "/v1/rulesets").status, 401)
        XCTAssertEqual(try server.request("GET", "/metrics").status, 401)
        XCTAssertEqual(try server.request("GET", "/health").status, 200)
        let ok = try server.request(
            "POST", "/v1/score", body: mathew,
            headers: ["Authorization": "Bearer \(token)", "Origin": "https://cms.example"])
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(ok.headers["access-control-allow-origin"], "https://cms.example")
        let other = try server.request(
            "GET", "/v1/rulesets", headers: ["Authorization": "Bearer \(token)", "Origin": "https://evil.example"])
        XCTAssertEqual(other.status, 200)
        XCTAssertNil(other.headers["access-control-allow-origin"])
    }

    func testBindingBeyondLoopbackWithoutATokenIsRefused() throws {
        let r = try ThresholdBinary.run(
            ["serve", "rules/camden-mash.rules", "--host", "0.0.0.0", "--port", "0"],
            environment: ["THRESHOLD_TOKEN": ""])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("refusing to listen on 0.0.0.0 without a token"), r.stderr)
        XCTAssertEqual(try ThresholdBinary.run(["help"]).stdout.contains("serve RULES…"), true)
    }

    /// `--token ""` (`--token "$TOKEN"` with TOKEN unset) is refused, not taken as no token at all (an attack
    /// test found it served on loopback with no token and no word).
    func testAnEmptyTokenIsRefused() throws {
        let r = try ThresholdBinary.run(["serve", "rules/camden-mash.rules", "--token", "", "--port", "0"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("--token is empty"), r.stderr)
        // An empty THRESHOLD_TOKEN is taken as none (as an empty variable usually is), and said so.
        let server = try ServerProcess(["rules/camden-mash.rules"], environment: ["THRESHOLD_TOKEN": ""])
        let errors = server.stop()
        XCTAssertTrue(errors.contains("THRESHOLD_TOKEN is set but empty"), errors)
    }

    func testWatchReloadsAndKeepsTheOldRulesOnError() throws {
        let folder = try TemporaryFolder(files: [
            "r.rules": """
            ruleset "Watched" version "1"
            fact age number 0 to 25 "How old?"
            levels
              low "Low"
              high "High"
            end
            default low
            rule old "Old"
              when age > 10
              then high
            end
            """
        ])
        defer { folder.remove() }
        let server = try ServerProcess([folder.url.path + "/r.rules", "--watch"])
        defer { server.stop() }
        let before = try server.request("GET", "/v1/rulesets/r").body
        XCTAssertTrue(before.contains(#""generation":1"#), before)
        try folder.write("r.rules", try folder.read("r.rules").replacingOccurrences(of: "age > 10", with: "age > 5"))
        var after = ""
        for _ in 0..<40 where !after.contains(#""generation":2"#) {
            usleep(100_000)
            after = try server.request("GET", "/v1/rulesets/r").body
        }
        XCTAssertTrue(after.contains(#""generation":2"#), after)
        try folder.write(
            "r.rules", try folder.read("r.rules").replacingOccurrences(of: "then high", with: "then purple"))
        var broken = ""
        for _ in 0..<40 where !broken.contains(#""errors":[{"#) {
            usleep(100_000)
            broken = try server.request("GET", "/v1/rulesets/r").body
        }
        XCTAssertTrue(broken.contains(#""errors":[{"code":"#), broken)
        XCTAssertTrue(broken.contains(#""line":10"#), broken)
        let scored = try server.request("POST", "/v1/score?ruleset=r", body: #"{"age":7}"#)
        XCTAssertTrue(scored.body.contains(#""outcome":{"level":"high""#), scored.body)  // the rules of generation 2
    }
}
