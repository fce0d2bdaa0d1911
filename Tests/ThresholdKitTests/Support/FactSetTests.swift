import XCTest

@testable import ThresholdKit

/// `FactSet` against `Set<Int>`, on fixed cases and random operations over slots up to 700 (past the four
/// inline words).
final class FactSetTests: XCTestCase {
    func testFixedCases() {
        var s = FactSet()
        XCTAssertTrue(s.isEmpty)
        for slot in [300, 0, 63, 64, 255, 256, 5] { s.insert(slot) }
        s.insert(-1)  // not a slot: ignored
        XCTAssertEqual(Array(s), [0, 5, 63, 64, 255, 256, 300])
        XCTAssertTrue(s.contains(256))
        XCTAssertFalse(s.contains(257))
        XCTAssertFalse(s.contains(-1))
        XCTAssertFalse(s.isEmpty)
        XCTAssertEqual(FactSet(7), FactSet(7))
        XCTAssertNotEqual(FactSet(7), FactSet(8))
        // A set that once held a high slot's word equals one that never did.
        var grown = FactSet(3)
        grown.formUnion(FactSet())
        XCTAssertEqual(grown, FactSet(3))
        XCTAssertTrue(FactSet(-4).isEmpty)
    }

    func testAgreesWithSetOnRandomOperations() {
        var state: UInt64 = 2026
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for round in 0..<300 {
            var a = FactSet()
            var b = FactSet()
            var sa = Set<Int>()
            var sb = Set<Int>()
            let limit = round % 3 == 0 ? 700 : 200
            for _ in 0..<next(40) {
                let x = next(limit)
                a.insert(x)
                sa.insert(x)
            }
            for _ in 0..<next(40) {
                let x = next(limit)
                b.insert(x)
                sb.insert(x)
            }
            XCTAssertEqual(Array(a), sa.sorted())
            XCTAssertEqual(a == b, sa == sb)
            var both = a
            both.formIntersection(b)
            XCTAssertEqual(Array(both), sa.intersection(sb).sorted(), "round \(round)")
            XCTAssertEqual(both.isEmpty, sa.isDisjoint(with: sb))
            a.formUnion(b)
            sa.formUnion(sb)
            XCTAssertEqual(Array(a), sa.sorted(), "round \(round)")
            XCTAssertEqual(a.isEmpty, sa.isEmpty)
            for probe in 0..<20 {
                let x = next(limit + 10)
                XCTAssertEqual(a.contains(x), sa.contains(x), "round \(round), probe \(probe)")
            }
        }
    }
}
