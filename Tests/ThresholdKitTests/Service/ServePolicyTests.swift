import XCTest

@testable import ThresholdKit

/// Whom `threshold serve` may serve: the token's form, and no address but loopback without a token.
final class ServePolicyTests: XCTestCase {
    let token = "a-token-of-sixteen-or-more"

    func testLoopbackIsJudgedByTheAddressNotItsSpelling() {
        for host in ["127.0.0.1", "127.1.2.3", "::1", "localhost", "::ffff:127.0.0.1"] {
            XCTAssertTrue(ServePolicy.isLoopback(host), host)
        }
        for host in ["0.0.0.0", "::", "192.168.1.20", "127.invalid", "localhost.example", "", "128.0.0.1"] {
            XCTAssertFalse(ServePolicy.isLoopback(host), host)
        }
        XCTAssertTrue(ServePolicy.isWildcard("0.0.0.0"))
        XCTAssertTrue(ServePolicy.isWildcard("::"))
        XCTAssertFalse(ServePolicy.isWildcard("127.0.0.1"))
    }

    func testLoopbackNeedsNoTokenAndAnyOtherAddressDoes() {
        XCTAssertEqual(ServePolicy.decide(host: "127.0.0.1", token: nil), .success(nil))
        XCTAssertEqual(ServePolicy.decide(host: "localhost", token: ""), .success(nil))
        XCTAssertEqual(ServePolicy.decide(host: "0.0.0.0", token: token), .success(token))
        guard case .failure(let refusal) = ServePolicy.decide(host: "0.0.0.0", token: nil) else {
            return XCTFail("served 0.0.0.0 without a token")
        }
        XCTAssertTrue(refusal.message.hasPrefix("refusing to listen on 0.0.0.0 without a token"), refusal.message)
        guard case .failure = ServePolicy.decide(host: "127.invalid", token: "") else {
            return XCTFail("an empty token is none: 127.invalid is not loopback")
        }
    }

    func testATokenIsSixteenPrintableCharactersWithoutSpaces() {
        for bad in ["short", "sixteen but spaces", "tab\there-0123456789", "é-is-not-ascii-0123456789"] {
            XCTAssertEqual(
                ServePolicy.decide(host: "127.0.0.1", token: bad),
                .failure(.init(message: "the token must be at least 16 printable ASCII characters without spaces")),
                bad)
        }
        XCTAssertEqual(ServePolicy.decide(host: "127.0.0.1", token: token), .success(token))
    }
}
