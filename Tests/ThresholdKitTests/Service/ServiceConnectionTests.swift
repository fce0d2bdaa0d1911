import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The connection state machine of `threshold serve`, with no socket: bytes in any pieces, answers written
/// in partial writes, deadlines from the `now` given.
final class ServiceConnectionTests: XCTestCase {
    static let service = APIService(
        ruleSets: ServiceRuleSets(
            paths: [ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules").path], caseFolders: []
        ))
    let worker = ServiceWorker()
    let limits = ServiceConnection.Limits(
        http: HTTPLimits(bodyBytes: 4096), headerTimeout: 5, bodyTimeout: 7, idleTimeout: 30, writeTimeout: 10)
    let mathew =
        #"{"id":"mathew","facts":{"age":12,"imminent_danger":false,"risk_of_significant_harm":true,"received":"2019-04-12T16:00"}}"#

    func connection() -> ServiceConnection {
        ServiceConnection(
            service: ServiceConnectionTests.service,
            hosts: HostPolicy(listenHost: "127.0.0.1", port: 8080, loopback: true), limits: limits, now: 0)
    }

    func get(_ path: String, _ extra: String = "") -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extra)\r\n".utf8)
    }

    func post(_ body: String) -> [UInt8] {
        Array(
            "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                .utf8)
    }

    /// Writes everything pending, `step` bytes at a time.
    func drain(_ c: inout ServiceConnection, step: Int = 1 << 20, now: Double = 0) -> String {
        var out: [UInt8] = []
        while c.wantsWrite {
            let n = c.withPendingOutput { raw -> Int in
                let n = min(step, raw.count)
                out += raw[0..<n]
                return n
            }
            c.wrote(n, now: now)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Answers every request the connection gives, as a worker would.
    func answer(_ c: inout ServiceConnection, now: Double = 0) -> [String] {
        var paths: [String] = []
        while let r = c.takeRequest() {
            paths.append(r.path)
            let response = ServiceConnectionTests.service.handle(r, worker: worker)
            if c.respond(response, now: now), case .stream(let produce) = response.body {
                try? produce { c.streamed($0, now: now) }
                c.endStream(now: now)
            }
            _ = drain(&c, now: now)
        }
        return paths
    }

    /// The rules editor's calls go on the long-work lane with `/v1/batch`, not on the threads `/v1/score` waits
    /// for (a review measured `/v1/score` at about 1 s while four people typed in the editor).
    func testTheEditorsCallsAreLongWork() {
        func request(_ method: String, _ path: String) -> HTTPRequest { HTTPRequest(method: method, path: path) }
        for path in [
            "/v1/batch", "/v1/rulesets/front-door/edit/check", "/v1/rulesets/front-door/edit/save",
            "/v1/rulesets/camden-mash/edit/complete",
        ] {
            XCTAssertTrue(ServiceConnection.isLongWork(request("POST", path)), path)
        }
        for path in [
            "/v1/score", "/v1/rulesets/front-door", "/v1/rulesets/front-door/source", "/v1/rulesets/edit",
            "/v1/rulesets/edit/cases", "/v1/rulesets/front-door/edit/check/more", "/health",
        ] {
            XCTAssertFalse(ServiceConnection.isLongWork(request("POST", path)), path)
        }
    }

    func testARequestSplitIntoSingleBytesIsReadOnceWhole() {
        var c = connection()
        let bytes = post(mathew)
        for (i, b) in bytes.enumerated() {
            XCTAssertNil(c.takeRequest(), "a request from the first \(i) bytes")
            c.received([b], now: 0)
        }
        XCTAssertEqual(c.phase, .busy)
        let r = c.takeRequest()
        XCTAssertEqual(r?.path, "/v1/score")
        XCTAssertEqual(r.map { String(decoding: $0.body, as: UTF8.self) }, mathew)
        XCTAssertNil(c.takeRequest())
        // While the request is with a worker, what comes next is read, up to a head's worth.
        XCTAssertTrue(c.wantsRead)
        c.received(Array(repeating: UInt8(ascii: "G"), count: 16 << 10), now: 0)
        XCTAssertEqual(c.phase, .busy)
        XCTAssertFalse(c.wantsRead)
    }

    func testPipelinedRequestsAreAnsweredInOrderWithPartialWrites() throws {
        var c = connection()
        c.received(get("/health") + post(mathew) + get("/v1/rulesets") + get("/health"), now: 0)
        var order: [String] = []
        var written = ""
        while let r = c.takeRequest() {
            order.append(r.path)
            c.respond(ServiceConnectionTests.service.handle(r, worker: worker), now: 0)
            written += drain(&c, step: 7)
        }
        XCTAssertEqual(order, ["/health", "/v1/score", "/v1/rulesets", "/health"])
        XCTAssertEqual(written.components(separatedBy: "HTTP/1.1 200 OK").count - 1, 4)
        XCTAssertEqual(c.phase, .idle)
        XCTAssertTrue(c.wantsRead)
    }

    /// A worker writes a plain answer itself (all of it, or what the socket takes): the connection then writes
    /// only the rest, and goes on to the next request.
    func testAnAnswerAWorkerWroteIsNotWrittenAgain() throws {
        for part in [0, 10, -1] {
            var c = connection()
            c.received(post(mathew) + get("/health"), now: 0)
            let r = try XCTUnwrap(c.takeRequest())
            let response = ServiceConnectionTests.service.handle(r, worker: worker)
            let encoded = try XCTUnwrap(ServiceConnection.encoded(response, for: r))
            let k = part < 0 ? encoded.count : part
            c.respond(response, encoded: encoded, written: k, now: 0)
            let rest = drain(&c, step: 1 << 20)
            XCTAssertEqual(Array(encoded[0..<k]) + Array(rest.utf8), encoded, "written \(k)")
            XCTAssertEqual(c.phase, .busy, "the pipelined /health is with a worker")
            XCTAssertEqual(c.takeRequest()?.path, "/health")
        }
    }

    func testATooLargeBodyIsRefusedFromItsHeadAndTheConnectionDrained() {
        var c = connection()
        c.received(
            Array(
                "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n"
                    .utf8), now: 0)
        XCTAssertNil(c.takeRequest())
        let out = drain(&c)
        XCTAssertTrue(out.hasPrefix("HTTP/1.1 413 "), out)
        XCTAssertTrue(out.contains("Connection: close"), out)
        XCTAssertEqual(c.phase, .draining)
        c.received([UInt8](repeating: 65, count: 1000), now: 0.1)  // what the client still sends is dropped
        XCTAssertEqual(c.bufferedBytes, 0)
        c.expire(now: 0.6)
        XCTAssertEqual(c.phase, .closed)
    }

    func testBytesThatAreNotHTTPAreAnswered400AtOnce() {
        var c = connection()
        c.received([0x16, 0x03, 0x01, 0x00, 0xA5], now: 0)  // a TLS client hello: no line end needed
        XCTAssertTrue(drain(&c).hasPrefix("HTTP/1.1 400 "))
        var d = connection()
        d.received(Array("GET /health SPDY/3\r\n".utf8), now: 0)  // a bad request line, known at its end
        XCTAssertTrue(drain(&d).hasPrefix("HTTP/1.1 400 "))
    }

    func testDeadlines() {
        var idle = connection()
        XCTAssertEqual(idle.deadline, 30)
        idle.expire(now: 29)
        XCTAssertEqual(idle.phase, .idle)
        idle.expire(now: 30)
        XCTAssertEqual(idle.phase, .closed)  // quietly: nothing written
        XCTAssertFalse(idle.wantsWrite)

        var slowHead = connection()
        slowHead.received(Array("GET /health HTTP/1.1\r\nHost: 1".utf8), now: 2)
        XCTAssertEqual(slowHead.deadline, 7)  // the header time from the first byte
        slowHead.expire(now: 7)
        XCTAssertTrue(drain(&slowHead).hasPrefix("HTTP/1.1 408 "))

        var slowBody = connection()
        slowBody.received(Array(post(mathew).dropLast(5)), now: 1)
        XCTAssertEqual(slowBody.phase, .body)
        XCTAssertEqual(slowBody.deadline, 8)  // the body time from the end of the head
        slowBody.expire(now: 8)
        XCTAssertTrue(drain(&slowBody).hasPrefix("HTTP/1.1 408 "))
    }

    func testTheWriteTimeCountsOnlyWhileTheClientKeepsTheAnswerWaiting() {
        var c = connection()
        c.received(get("/health"), now: 0)
        _ = c.takeRequest()
        c.respond(
            ServiceConnectionTests.service.handle(HTTPRequest(method: "GET", path: "/health"), worker: worker), now: 1)
        XCTAssertEqual(c.deadline, 11)
        c.withPendingOutput { _ in }
        c.wrote(10, now: 4)  // a little written: the clock runs on
        XCTAssertEqual(c.deadline, 11)
        c.expire(now: 11)
        XCTAssertEqual(c.phase, .closed)
        XCTAssertTrue(c.resetOnClose)
    }

    /// What the client takes gives back time, at 64 KiB a second, up to the whole write time: a client that
    /// keeps reading is not cut off however long the answer takes to read; one that stops reading is. What
    /// the socket accepts gives nothing back (a large send buffer accepts a lot, then nothing for seconds).
    func testAClientThatKeepsReadingGetsItsTimeBack() {
        /// A connection writing the OpenAPI description (about 200 KB), answered at 1 s.
        func writingALongAnswer() -> ServiceConnection {
            var c = connection()
            c.received(get("/v1/openapi.json"), now: 0)
            _ = c.takeRequest()
            let answer = ServiceConnectionTests.service.handle(
                HTTPRequest(method: "GET", path: "/v1/openapi.json"), worker: worker)
            c.respond(answer, now: 1)
            return c
        }
        var c = writingALongAnswer()
        XCTAssertGreaterThan(c.unwrittenBytes, 131_072)
        XCTAssertEqual(c.deadline, 11)
        c.wrote(65_536, now: 1)
        XCTAssertEqual(c.deadline, 11)
        c.delivered(16_384, now: 1)  // never more than the whole write time
        XCTAssertEqual(c.deadline, 11)
        c.delivered(65_536, now: 9)  // 8 s of the 10 waited; 1 s given back
        XCTAssertEqual(c.deadline, 12)
        c.expire(now: 11.5)
        XCTAssertEqual(c.phase, .writing)
        c.delivered(32_768, now: 11.5)  // 2.5 s more waited; half a second back
        XCTAssertEqual(c.deadline, 12.5)
        var stalled = writingALongAnswer()
        stalled.expire(now: 11)
        XCTAssertEqual(stalled.phase, .closed)
    }

    func testTheClientEndingMidRequestClosesWithoutAnAnswer() {
        var c = connection()
        c.received(Array(post(mathew).prefix(60)), now: 0)
        c.receivedEnd(now: 0)
        XCTAssertEqual(c.phase, .closed)
        XCTAssertFalse(c.wantsWrite)
        // A whole request then the end: answered, then closed.
        var d = connection()
        d.received(get("/health"), now: 0)
        d.receivedEnd(now: 0)
        XCTAssertEqual(answer(&d), ["/health"])
        XCTAssertEqual(d.phase, .closed)
    }

    func testExpectContinueAndRefusalFromTheHead() {
        var c = connection()
        let head =
            "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(mathew.utf8.count)\r\n\r\n"
        c.received(Array(head.utf8), now: 0)
        XCTAssertEqual(drain(&c), "HTTP/1.1 100 Continue\r\n\r\n")
        c.received(Array(mathew.utf8), now: 0)
        XCTAssertEqual(answer(&c), ["/v1/score"])
        var wrongHost = connection()
        wrongHost.received(Array("GET /health HTTP/1.1\r\nHost: attacker.example\r\n\r\n".utf8), now: 0)
        XCTAssertNil(wrongHost.takeRequest())
        XCTAssertTrue(drain(&wrongHost).hasPrefix("HTTP/1.1 421 "))
        XCTAssertEqual(wrongHost.phase, .draining)
    }

    func testAStreamedAnswerIsChunkedAndStopAnswersTheLastRequest() {
        var c = connection()
        let body = mathew + "\n" + mathew + "\n"
        c.received(
            Array(
                "POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                    .utf8), now: 0)
        guard let r = c.takeRequest() else { return XCTFail("no request") }
        c.stop(now: 0)  // SIGTERM with the request in flight
        let response = ServiceConnectionTests.service.handle(r, worker: worker)
        XCTAssertTrue(c.respond(response, now: 0))
        XCTAssertEqual(c.deadline, 10)
        _ = drain(&c)
        XCTAssertNil(c.deadline, "waiting for the next chunk is not the client's fault")
        if case .stream(let produce) = response.body { try? produce { c.streamed($0, now: 0) } }
        c.endStream(now: 0)
        let out = drain(&c)
        XCTAssertTrue(out.hasSuffix("0\r\n\r\n"), out)
        XCTAssertEqual(c.phase, .draining)  // closed after it, not kept alive
        var idle = connection()
        idle.stop(now: 0)
        XCTAssertEqual(idle.phase, .closed)
    }

    func testARefusedConnectionGetsItsAnswerThenCloses() {
        var r = ServiceConnectionTests.service.failure(HTTPFailure(status: 503, message: "too many connections"))
        r.route = "refused"
        var c = ServiceConnection(refusing: r, service: ServiceConnectionTests.service, limits: limits, now: 0)
        let out = drain(&c)
        XCTAssertTrue(out.hasPrefix("HTTP/1.1 503 ") && out.contains("Retry-After: 1"), out)
        XCTAssertEqual(c.phase, .draining)
    }
}
