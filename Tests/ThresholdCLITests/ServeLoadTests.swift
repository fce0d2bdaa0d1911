import Foundation
import ThresholdTestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `threshold serve` under load and faults (issue 25), end to end over sockets: idle and slow connections
/// cost no thread, clients that go away or send what is not HTTP, pipelining, a full work queue, SIGTERM.
final class ServeLoadTests: XCTestCase {
    static let rules = ["rules/camden-mash.rules"]
    let mathew =
        #"{"id":"mathew","facts":{"age":12,"imminent_danger":false,"risk_of_significant_harm":true,"received":"2019-04-12T16:00"}}"#

    override class func setUp() {
        // Each connection is a descriptor in this process too.
        var limit = rlimit()
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        if getrlimit(resource, &limit) == 0 {
            limit.rlim_cur = limit.rlim_max
            setrlimit(resource, &limit)
        }
    }

    func start(_ extra: [String] = []) throws -> ServerProcess {
        try ServerProcess(ServeLoadTests.rules + extra)
    }

    func health(_ server: ServerProcess) throws -> (status: Int, seconds: Double) {
        let started = Date()
        let r = try server.request("GET", "/health")
        return (r.status, Date().timeIntervalSince(started))
    }

    func batch(lines: Int) -> [UInt8] {
        RawConnection.request(
            "POST", "/v1/batch", body: String(repeating: mathew + "\n", count: lines),
            contentType: "application/x-ndjson")
    }

    func testTwoThousandIdleConnectionsLeaveHealthFast() throws {
        let server = try start()
        defer { server.stop() }
        var idle: [RawConnection] = []
        defer { for c in idle { c.close() } }
        for _ in 0..<2_000 { idle.append(try server.connect()) }
        // Half of them with half a request: they wait in their header time, not in a thread.
        for c in idle.prefix(1_000) { try c.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n") }
        usleep(300_000)
        var slowest = 0.0
        for _ in 0..<20 {
            let h = try health(server)
            XCTAssertEqual(h.status, 200)
            slowest = max(slowest, h.seconds)
        }
        XCTAssertLessThan(slowest, 1, "with 2,000 connections open, /health took \(slowest) s")
        let metrics = try server.request("GET", "/metrics").body
        XCTAssertTrue(metrics.contains("threshold_open_connections "), metrics)
        // And a score is still answered.
        XCTAssertEqual(try server.request("POST", "/v1/score", body: mathew).status, 200)
    }

    func testHalfSentRequestsAreAnsweredAtTheHeaderTimeout() throws {
        let server = try start(["--header-timeout", "1", "--body-timeout", "2"])
        defer { server.stop() }
        var slow: [RawConnection] = []
        defer { for c in slow { c.close() } }
        for i in 0..<200 {
            let c = try server.connect()
            try c.send(
                i % 2 == 0
                    ? "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    : "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"
            )
            slow.append(c)
        }
        let started = Date()
        XCTAssertEqual(try health(server).status, 200)  // not starved by them
        for (i, c) in slow.enumerated() {
            XCTAssertEqual(try c.readResponse().status, 408, "connection \(i)")
        }
        let took = Date().timeIntervalSince(started)
        XCTAssertLessThan(took, 4, "the 200 answers took \(took) s")
        XCTAssertGreaterThan(took, 0.8)
    }

    func testClientsThatGoAwayMidRequestOrMidResponse() throws {
        let server = try start()
        defer { server.stop() }
        for _ in 0..<20 {
            let c = try server.connect()
            try c.send(Array(RawConnection.request("POST", "/v1/score", body: mathew).prefix(80)))
            c.close()
        }
        for _ in 0..<5 {
            let c = try server.connect()
            c.setReceiveBuffer(4096)
            try c.send(batch(lines: 3_000))
            _ = c.receive(max: 100)
            c.close()
        }
        XCTAssertEqual(try health(server).status, 200)
        XCTAssertEqual(try server.request("POST", "/v1/score", body: mathew).status, 200)
    }

    /// Backpressure: a batch whose reader does not read is paused, not written ahead into memory; the
    /// reader then gets the whole answer.
    func testASlowReaderOfABatchPausesItsScoring() throws {
        let server = try start(["--stream-buffer", "262144", "--write-timeout", "60", "--batch-seconds", "60"])
        defer { server.stop() }
        let c = try server.connect()
        defer { c.close() }
        try c.send(batch(lines: 10_000))  // about 22 MB of answer, far more than the socket's buffers take
        func buffered() throws -> Int {
            let metrics = try server.request("GET", "/metrics").body
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("threshold_buffered_bytes ") }
            return Int(line?.split(separator: " ").last ?? "") ?? -1
        }
        Thread.sleep(forTimeInterval: 2)
        let held = try buffered()
        XCTAssertGreaterThanOrEqual(held, 0)
        XCTAssertLessThan(held, 2 << 20, "the answer waits in the worker, not in the connection's buffer")
        XCTAssertEqual(try server.request("POST", "/v1/score", body: mathew).status, 200)
        let r = try c.readResponse()
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.body.split(separator: "\n").filter { $0.hasPrefix("{\"scenario\"") }.count, 10_000)
    }

    func testAHundredMegabyteBodyIsRefusedAtTheHeader() throws {
        let server = try start()
        defer { server.stop() }
        let c = try server.connect()
        defer { c.close() }
        let started = Date()
        try c.send(
            "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"
        )
        let r = try c.readResponse()
        XCTAssertEqual(r.status, 413)
        XCTAssertEqual(r.headers["connection"], "close")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertTrue(c.isClosedByServer())
    }

    /// A request's body is freed once it is answered. The work queue kept every request it had handed out
    /// (bodies included) until 1,024 had gone by: forty 2 MB bodies grew the server by about 80 MB, and 8 MB
    /// bodies without end (found by an attack test).
    func testLargeBodiesAreFreedOnceAnswered() throws {
        let server = try start(["--workers", "1"])
        defer { server.stop() }
        let facts = #"{"age":12,"imminent_danger":false,"risk_of_significant_harm":true,"received":"2019-04-12T16:00"}"#
        let body = String(repeating: " ", count: 2_000_000) + facts
        func rssKiB() -> Int {
            let path = "/proc/\(server.process.processIdentifier)/status"
            let status = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        for _ in 0..<5 { XCTAssertEqual(try server.request("POST", "/v1/score", body: body).status, 200) }
        let before = rssKiB()
        XCTAssertGreaterThan(before, 0, "no VmRSS for the server")
        for _ in 0..<40 { XCTAssertEqual(try server.request("POST", "/v1/score", body: body).status, 200) }
        let grown = rssKiB() - before
        XCTAssertLessThan(grown, 20_000, "forty 2 MB bodies grew the server by \(grown) KiB")
    }

    /// A batch read steadily (about 1 MB a second, slower than it is made), stopped by its time limit, ends
    /// with its `stopped` line and the end of its chunks, with the write time limit as long as the batch's (the
    /// defaults are 10 s each). The write time, counted while the answer waited for its reader, ran out with the
    /// batch's, so the answer was cut off mid-line with no `stopped` line (an attack test).
    func testABatchReadSteadilyEndsWithItsStoppedLine() throws {
        let server = try start(["--batch-seconds", "2", "--write-timeout", "2", "--batch-lines", "1000000"])
        defer { server.stop() }
        let c = try server.connect()
        defer { c.close() }
        try c.send(
            RawConnection.request(
                "POST", "/v1/batch", body: String(repeating: "{}\n", count: 400_000),
                contentType: "application/x-ndjson", headers: ["Connection": "close"]))
        let (count, tail, closedCleanly) = c.readToEnd(keepingLast: 4096, pause: 0.05)
        let end = String(decoding: tail, as: UTF8.self)
        XCTAssertTrue(closedCleanly, "cut off after \(count) bytes: …\(end.suffix(200))")
        XCTAssertTrue(end.contains(#""reason":"time_limit""#), String(end.suffix(400)))
        XCTAssertTrue(end.hasSuffix("\r\n0\r\n\r\n"), String(end.suffix(200)))
    }

    /// A batch whose reader does not read holds no thread that `/v1/score` waits for, even with one worker:
    /// streamed answers are made on threads of their own (an attack test found two such batches stalling all
    /// scoring for the write time limit).
    func testABatchNobodyReadsHoldsNoScoringThread() throws {
        let server = try start(["--workers", "1", "--stream-buffer", "262144", "--write-timeout", "60"])
        defer { server.stop() }
        var stalled: [RawConnection] = []
        defer { for c in stalled { c.close() } }
        for _ in 0..<2 {
            let c = try server.connect()
            c.setReceiveBuffer(4096)
            try c.send(batch(lines: 10_000))
            stalled.append(c)
        }
        Thread.sleep(forTimeInterval: 1)
        let started = Date()
        XCTAssertEqual(try server.request("POST", "/v1/score", body: mathew).status, 200)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "a score waited for a stalled batch")
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let server = try start()
        defer { server.stop() }
        let c = try server.connect()
        defer { c.close() }
        var bytes: [UInt8] = []
        for i in 0..<30 {
            let body = mathew.replacingOccurrences(of: "\"mathew\"", with: "\"case-\(i)\"")
            bytes +=
                i % 3 == 0
                ? RawConnection.request("GET", "/health") : RawConnection.request("POST", "/v1/score", body: body)
        }
        try c.send(bytes)
        for i in 0..<30 {
            let r = try c.readResponse()
            XCTAssertEqual(r.status, 200)
            if i % 3 == 0 {
                XCTAssertEqual(r.body, "{}\n")
            } else {
                XCTAssertTrue(r.body.hasPrefix("{\"scenario\":\"case-\(i)\""), "answer \(i): \(r.body.prefix(40))")
            }
        }
    }

    func testBytesThatAreNotHTTPAreAnswered400AndClosed() throws {
        let server = try start()
        defer { server.stop() }
        let c = try server.connect()
        defer { c.close() }
        try c.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03])  // a TLS client hello
        XCTAssertEqual(try c.readResponse().status, 400)
        XCTAssertTrue(c.isClosedByServer())
    }

    func testAFullQueueIsAnswered503WithRetryAfterAndHealthStillAnswers() throws {
        let server = try start(["--workers", "1", "--max-queue", "1", "--batch-seconds", "60"])
        defer { server.stop() }
        var clients: [RawConnection] = []
        defer { for c in clients { c.close() } }
        for _ in 0..<4 {
            let c = try server.connect()
            try c.send(batch(lines: 4_000))
            clients.append(c)
            usleep(50_000)
        }
        // One batch with the worker, one in the queue: the others are turned away at once.
        XCTAssertEqual(try health(server).status, 200)
        var statuses: [Int] = []
        for c in clients {
            let r = try c.readResponse()
            statuses.append(r.status)
            if r.status == 503 {
                XCTAssertEqual(r.headers["retry-after"], "1")
                XCTAssertTrue(r.body.contains("\"unavailable\""), r.body)
            }
        }
        XCTAssertEqual(statuses.filter { $0 == 200 }.count, 2, "\(statuses)")
        XCTAssertEqual(statuses.filter { $0 == 503 }.count, 2, "\(statuses)")
    }

    func testSIGTERMFinishesTheRequestInFlightAndExitsZero() throws {
        let server = try start(["--workers", "1", "--batch-seconds", "60"])
        let c = try server.connect()
        defer { c.close() }
        let idle = try server.connect()
        defer { idle.close() }
        try c.send(batch(lines: 3_000))
        usleep(100_000)
        let signalled = Date()
        kill(server.process.processIdentifier, SIGTERM)
        let r = try c.readResponse()
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.body.split(separator: "\n").count, 3_000)
        XCTAssertTrue(c.isClosedByServer())  // the last answer on it
        XCTAssertTrue(idle.isClosedByServer())
        server.process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(signalled), 5)
        XCTAssertEqual(server.process.terminationStatus, 0)
        XCTAssertEqual(server.process.terminationReason, .exit)
        XCTAssertThrowsError(try server.connect())  // no longer accepting
    }

    func testWatchReloadsUnderLoadWithoutAFailedRequest() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(
            at: ThresholdBinary.packageRoot.appendingPathComponent("rules/camden"),
            to: folder.url.appendingPathComponent("camden"))
        let rules = try String(
            contentsOf: ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules"), encoding: .utf8)
        try folder.write("camden-mash.rules", rules)
        let server = try ServerProcess([folder.url.path + "/camden-mash.rules", "--watch"])
        defer { server.stop() }
        let tally = Tally()
        let stop = Date().addingTimeInterval(3.5)
        let group = DispatchGroup()
        let port = server.port
        let request = RawConnection.request("POST", "/v1/score", body: mathew)
        for _ in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let c = try? RawConnection(port: port) else { return tally.add(-1) }
                defer { c.close() }
                while Date() < stop {
                    tally.add((try? c.send(request)).flatMap { try? c.readResponse().status } ?? 0)
                }
            }.start()
        }
        for i in 0..<3 {
            usleep(1_000_000)  // a later modification time, whatever the file system's resolution
            try folder.write("camden-mash.rules", rules + "\n# edit \(i)\n")
        }
        group.wait()
        let metrics = try server.request("GET", "/metrics").body
        XCTAssertTrue(metrics.contains(#"threshold_rules_reloads_total{result="ok"} "#), metrics)
        XCTAssertFalse(metrics.contains(#"threshold_rules_reloads_total{result="ok"} 0"#), metrics)
        let statuses = tally.counts
        XCTAssertEqual(statuses.keys.sorted(), [200], "\(statuses)")
        XCTAssertGreaterThan(statuses[200] ?? 0, 20)
    }
}

/// Statuses counted from several threads.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Int] = [:]
    func add(_ status: Int) {
        lock.lock()
        values[status, default: 0] += 1
        lock.unlock()
    }
    var counts: [Int: Int] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
