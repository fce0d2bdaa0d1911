import Foundation
import ThresholdTestSupport
import XCTest

/// `threshold serve` against the findings of the security review of issue 25, end to end over sockets.
final class ServeSecurityTests: XCTestCase {
    static let rules = ["rules/camden-mash.rules"]
    let mathew =
        #"{"id":"mathew","facts":{"age":12,"imminent_danger":false,"risk_of_significant_harm":true,"received":"2019-04-12T16:00"}}"#

    func start(_ extra: [String] = [], environment: [String: String] = [:]) throws -> ServerProcess {
        try ServerProcess(ServeSecurityTests.rules + extra, environment: environment)
    }

    func get(_ server: ServerProcess, _ path: String, host: String) throws -> RawResponse {
        let c = try server.connect()
        defer { c.close() }
        try c.send("GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        return try c.readResponse()
    }

    // Medium: DNS rebinding. A page on attacker.example whose name resolves to 127.0.0.1 sends its own name.
    func testARequestForAnotherHostIsRefused() throws {
        let server = try start(["--allowed-host", "mash.example"])
        defer { server.stop() }
        let attack = try get(server, "/v1/rulesets/camden-mash/cases/1", host: "attacker.example")
        XCTAssertEqual(attack.status, 421)
        XCTAssertTrue(attack.body.hasPrefix(#"{"error":{"code":"misdirected_request""#), attack.body)
        XCTAssertEqual(attack.headers["content-type"], "application/json")
        XCTAssertEqual(try get(server, "/health", host: "attacker.example:\(server.port)").status, 421)
        for host in ["127.0.0.1:\(server.port)", "localhost:\(server.port)", "[::1]:\(server.port)", "mash.example"] {
            XCTAssertEqual(try get(server, "/v1/rulesets/camden-mash/cases/1", host: host).status, 200, host)
        }
        let noHost = try server.connect()
        defer { noHost.close() }
        try noHost.send("GET /health HTTP/1.1\r\n\r\n")
        XCTAssertEqual(try noHost.readResponse().status, 400)
    }

    // Medium: the token (and the route and the method) are checked from the head: no 100 Continue, no body read.
    func testTheTokenIsCheckedBeforeTheBody() throws {
        let token = "s3cret-token-for-tests-0123"
        let server = try start(["--request-timeout", "30"], environment: ["THRESHOLD_TOKEN": token])
        defer { server.stop() }
        let expecting = try server.connect()
        defer { expecting.close() }
        try expecting.send(
            "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Expect: 100-continue\r\nContent-Length: 5000000\r\n\r\n")
        let refused = try expecting.readResponse()
        XCTAssertEqual(refused.status, 401)  // not 100 Continue
        XCTAssertEqual(refused.headers["connection"], "close")
        // Without Expect: answered at once, without waiting for the 5 MB that never come.
        let started = Date()
        let plain = try server.connect()
        defer { plain.close() }
        try plain.send("POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000000\r\n\r\n{}\n")
        XCTAssertEqual(try plain.readResponse().status, 401)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        let wrongMethod = try server.connect()
        defer { wrongMethod.close() }
        try wrongMethod.send(
            "PUT /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n")
        XCTAssertEqual(try wrongMethod.readResponse().status, 405)
        // With the token: 100 Continue, then the answer.
        let allowed = try server.connect()
        defer { allowed.close() }
        try allowed.send(
            "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: bearer \(token)\r\n"
                + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(mathew.utf8.count)\r\n\r\n"
        )
        XCTAssertEqual(try allowed.readResponse().status, 100)
        try allowed.send(mathew)
        XCTAssertEqual(try allowed.readResponse().status, 200)
    }

    // Medium: /v1/batch stops at --batch-lines and --batch-seconds, and its answer says where.
    func testBatchStopsAtItsLimits() throws {
        let server = try start(["--batch-lines", "2"])
        defer { server.stop() }
        let body = String(repeating: mathew + "\n", count: 5)
        let r = try server.request("POST", "/v1/batch", body: body, contentType: "application/x-ndjson")
        XCTAssertEqual(r.status, 200)
        let lines = r.body.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, r.body)
        XCTAssertTrue(lines.last?.hasPrefix(#"{"stopped":{"at_line":3,"reason":"line_limit""#) ?? false, r.body)
        let timed = try start(["--batch-seconds", "0.000001"])
        defer { timed.stop() }
        let t = try timed.request("POST", "/v1/batch", body: body, contentType: "application/x-ndjson")
        XCTAssertTrue(t.body.hasPrefix(#"{"stopped":{"at_line":1,"reason":"time_limit""#), t.body)
    }

    // Low: loopback is judged by the address, not by how the name begins.
    func testANameThatLooksLoopbackIsNotLoopback() throws {
        let r = try ThresholdBinary.run(
            ["serve", "rules/camden-mash.rules", "--host", "127.invalid", "--port", "0"],
            environment: ["THRESHOLD_TOKEN": ""])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("refusing to listen on 127.invalid without a token"), r.stderr)
    }

    // Low: a connection over the limit gets a 503 with Retry-After, not a reset.
    func testAConnectionOverTheLimitGetsA503() throws {
        let server = try start(["--max-connections", "1"])
        defer { server.stop() }
        let holder = try server.connect()
        defer { holder.close() }
        try holder.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  // half a request: holds the one slot
        usleep(200_000)
        for _ in 0..<3 {
            let c = try server.connect()
            defer { c.close() }
            try c.send(RawConnection.request("POST", "/v1/score", body: mathew))
            let r = try c.readResponse()
            XCTAssertEqual(r.status, 503)
            XCTAssertEqual(r.headers["retry-after"], "1")
            XCTAssertEqual(r.headers["x-content-type-options"], "nosniff")
        }
    }

    // Low: the write time limit is for the whole response: a client reading a little at a time is cut off.
    func testTheWriteTimeLimitIsForTheWholeResponse() throws {
        let server = try start(["--write-timeout", "1", "--batch-seconds", "120", "--batch-lines", "100000"])
        defer { server.stop() }
        let c = try server.connect()
        defer { c.close() }
        c.setReceiveBuffer(4096)
        try c.send(
            RawConnection.request(
                "POST", "/v1/batch", body: String(repeating: "{}\n", count: 20_000), contentType: "application/x-ndjson"
            ))
        let started = Date()
        var received = 0
        while Date().timeIntervalSince(started) < 15 {
            let n = c.receive(max: 2048)
            if n <= 0 { break }
            received += n
            usleep(100_000)  // 20 KB a second
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "still served after \(received) bytes")
    }

    // Info: HTTP/1.0 gets no 100 Continue and no chunked body.
    func testHTTP10GetsNeitherContinueNorChunks() throws {
        let server = try start()
        defer { server.stop() }
        let c = try server.connect()
        defer { c.close() }
        let body = mathew + "\n"
        try c.send(
            "POST /v1/batch HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
                + "Expect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        let r = try c.readResponse()
        XCTAssertEqual(r.status, 200)
        XCTAssertNil(r.headers["transfer-encoding"])
        XCTAssertEqual(r.headers["connection"], "close")
        XCTAssertTrue(r.body.hasPrefix(#"{"scenario":"mathew""#), r.body)
        XCTAssertTrue(r.body.hasSuffix("}\n"), r.body)
    }

    // Info: --watch sees an edit behind a symbolic link.
    func testWatchSeesEditsBehindASymlink() throws {
        let folder = try TemporaryFolder(files: [
            "real.rules": """
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
        try FileManager.default.createSymbolicLink(
            atPath: folder.url.path + "/r.rules", withDestinationPath: folder.url.path + "/real.rules")
        let server = try ServerProcess([folder.url.path + "/r.rules", "--watch"])
        defer { server.stop() }
        XCTAssertTrue(try server.request("GET", "/v1/rulesets/r").body.contains(#""generation":1"#))
        usleep(1_100_000)  // a later modification time, whatever the file system's resolution
        try folder.write(
            "real.rules", try folder.read("real.rules").replacingOccurrences(of: "age > 10", with: "age > 5"))
        var after = ""
        for _ in 0..<40 where !after.contains(#""generation":2"#) {
            usleep(100_000)
            after = try server.request("GET", "/v1/rulesets/r").body
        }
        XCTAssertTrue(after.contains(#""generation":2"#), after)
    }
}
