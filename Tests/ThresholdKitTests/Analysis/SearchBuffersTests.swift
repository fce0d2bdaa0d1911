import XCTest

@testable import ThresholdKit

/// The search's reusable state: the pairs' memo gives back what was put in, across growth, and forgets it all
/// when emptied; a reset array has the count and contents asked for, whatever it held before.
final class SearchBuffersTests: XCTestCase {
    func testPairMoveCacheKeepsWhatWasPutInAcrossGrowth() {
        var cache = PairMoveCache()
        XCTAssertNil(cache[7])
        // Keys of the shape the search makes (rule and both slots as one number), enough to grow it several times.
        let keys = (0..<3_000).map { ($0 % 37) << 40 | ($0 % 101) << 20 | $0 }
        for (i, k) in keys.enumerated() { cache.insert(k, i % 3 == 0) }
        for (i, k) in keys.enumerated() { XCTAssertEqual(cache[k], i % 3 == 0, "key \(k)") }
        XCTAssertNil(cache[-1])
        XCTAssertNil(cache[1 << 62])
    }

    func testPairMoveCacheForgetsEverythingWhenEmptied() {
        var cache = PairMoveCache()
        for k in 0..<500 { cache.insert(k, true) }
        cache.removeAll()
        for k in 0..<500 { XCTAssertNil(cache[k]) }
        // The same keys again, with other values: the old entries do not show through.
        for k in 0..<500 { cache.insert(k, false) }
        for k in 0..<500 { XCTAssertEqual(cache[k], false) }
        cache.removeAll()
        cache.insert(42, true)
        XCTAssertEqual(cache[42], true)
        XCTAssertNil(cache[43])
    }

    func testResetGivesTheCountAndValuesAsked() {
        var a = [5, 6, 7]
        SearchBuffers.reset(&a, to: -1, count: 3)
        XCTAssertEqual(a, [-1, -1, -1])
        SearchBuffers.reset(&a, to: 0, count: 5)
        XCTAssertEqual(a, [0, 0, 0, 0, 0])
        SearchBuffers.reset(&a, to: 2, count: 1)
        XCTAssertEqual(a, [2])
    }
}
