import XCTest

@testable import ThresholdKit

/// The HTTP/1.1 request parser on bytes, without sockets.
final class HTTPRequestParserTests: XCTestCase {
    func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPRequestParser.Outcome {
        HTTPRequestParser.parse(Array(text.utf8), limits: limits)
    }

    func testAWholeRequestWithABody() {
        let text =
            "POST /v1/score?ruleset=camden-mash&x=a%20b+c HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}GET"
        guard case .request(let r, let consumed) = parse(text) else { return XCTFail("\(parse(text))") }
        XCTAssertEqual(r.method, "POST")
        XCTAssertEqual(r.path, "/v1/score")
        XCTAssertEqual(r.parameter("ruleset"), "camden-mash")
        XCTAssertEqual(r.parameter("x"), "a b c")
        XCTAssertEqual(r.header("content-type"), "application/json")
        XCTAssertEqual(r.body, Array("{}".utf8))
        XCTAssertEqual(consumed, text.utf8.count - 3)
        XCTAssertTrue(r.keepAlive)
    }

    func testPartsOfARequestNeedMore() {
        let text = "POST /v1/score HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n{\"a\":1}"
        for n in 0..<(text.utf8.count - 2) {
            XCTAssertEqual(HTTPRequestParser.parse(Array(text.utf8.prefix(n))), .incomplete, "\(n)")
        }
    }

    func testStatusesForBadRequests() {
        func status(_ t: String, _ limits: HTTPLimits = HTTPLimits()) -> Int? {
            if case .failure(let f) = parse(t, limits: limits) { return f.status }
            return nil
        }
        XCTAssertEqual(status("GET /x HTTP/1.1\r\n\r\n"), 400)  // no Host
        XCTAssertEqual(status("GET x HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /x HTTP/2.0\r\nHost: h\r\n\r\n"), 505)
        XCTAssertEqual(status("G(T /x HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /x HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /x HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /x HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"), 501)
        XCTAssertEqual(
            status("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n", HTTPLimits(bodyBytes: 9)), 413)
        XCTAssertEqual(
            status(
                "GET /x HTTP/1.1\r\nHost: h\r\nA: " + String(repeating: "b", count: 100), HTTPLimits(headerBytes: 64)),
            431)
        XCTAssertEqual(status("GET /x HTTP/1.1\r\nHost: h\r\nA: \u{1}\r\n\r\n"), 400)
        // Found by the third attack pass: an encoded separator became a separator once decoded (`/v1%2Frulesets`
        // reached the list of rule sets, past a proxy filtering on the raw path); a stray carriage return after
        // the version was told "only HTTP/1.1 and HTTP/1.0 are spoken here".
        XCTAssertEqual(status("GET /v1%2Frulesets HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /v1%2frulesets HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /a%5Cb HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /health HTTP/1.1\r\r\nHost: h\r\n\r\n"), 400)
        guard case .request(let r, _) = parse("GET /a%20b%2 HTTP/1.1\r\nHost: h\r\n\r\n") else {
            return XCTAssertEqual(status("GET /a%20b%2 HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        }
        XCTFail("a cut escape is malformed: \(r.path)")
    }

    func testExpectContinueIsSeenOnceTheHeaderIsWhole() {
        func expects(_ t: String) -> Bool {
            Array(t.utf8).withUnsafeBufferPointer { HTTPRequestParser.expectsContinue($0) }
        }
        XCTAssertTrue(
            expects("POST /v1/batch HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 9\r\n\r\n"))
        XCTAssertFalse(expects("POST /v1/batch HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"))
        XCTAssertFalse(expects("POST /v1/batch HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\n"))
    }

    func testHTTP10ClosesUnlessAskedToKeepAlive() {
        guard case .request(let r, _) = parse("GET / HTTP/1.0\r\n\r\n") else { return XCTFail() }
        XCTAssertFalse(r.keepAlive)
        guard case .request(let k, _) = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") else {
            return XCTFail()
        }
        XCTAssertTrue(k.keepAlive)
    }

    func testEveryPrefixOfMangledInputGivesAnAnswer() {
        // No input crashes or loops: every byte string is a request, incomplete or a failure.
        var seed: UInt64 = 42
        let base = Array("POST /v1/score?a=%41 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n{}\n".utf8)
        for _ in 0..<2000 {
            var bytes = base
            for _ in 0..<3 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[Int(seed >> 33) % bytes.count] = UInt8(truncatingIfNeeded: seed >> 20)
            }
            _ = HTTPRequestParser.parse(bytes)
        }
    }
}
