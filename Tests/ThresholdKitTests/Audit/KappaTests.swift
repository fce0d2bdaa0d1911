import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Kappa, its standard errors and its 95% interval against statsmodels' `cohens_kappa` and scikit-learn's
/// `cohen_kappa_score`, on published worked examples and generated tables (Tests/Fixtures/audit/
/// kappa-reference.json, written by scripts/kappa-reference.py), to 1e-9.
final class KappaTests: XCTestCase {
    struct Reference: Decodable {
        struct Values: Decodable {
            var kappa: Double
            var se: Double
            var se0: Double
            var low: Double
            var high: Double
            // swift-format-ignore: AlwaysUseLowerCamelCase
            var sklearn_kappa: Double
        }
        struct Case: Decodable {
            var name: String
            var table: [[Int]]
            var unweighted: Values
            var linear: Values
        }
        var cases: [Case]
    }

    func testAgreesWithStatsmodelsAndScikitLearn() throws {
        let url = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Fixtures/audit/kappa-reference.json")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        XCTAssertGreaterThanOrEqual(reference.cases.count, 10)
        for c in reference.cases {
            for (weighting, v) in [(Kappa.Weighting.unweighted, c.unweighted), (.linear, c.linear)] {
                guard let k = Kappa.of(c.table, weighting) else {
                    XCTFail("\(c.name) \(weighting): undefined")
                    continue
                }
                let what = "\(c.name) \(weighting)"
                XCTAssertEqual(k.kappa, v.kappa, accuracy: 1e-9, what)
                XCTAssertEqual(k.kappa, v.sklearn_kappa, accuracy: 1e-9, what + " (scikit-learn)")
                XCTAssertEqual(k.standardError, v.se, accuracy: 1e-9, what + " se")
                XCTAssertEqual(k.standardErrorNull, v.se0, accuracy: 1e-9, what + " se0")
                XCTAssertEqual(k.low, v.low, accuracy: 1e-9, what + " low")
                XCTAssertEqual(k.high, v.high, accuracy: 1e-9, what + " high")
            }
        }
    }

    func testPublishedValues() throws {
        // Fleiss, Levin and Paik (2003), Table 18.1: kappa .676; Cohen (1960): .492 (both as printed).
        let fleiss = try XCTUnwrap(Kappa.of([[75, 1, 4], [5, 4, 1], [0, 0, 10]], .unweighted))
        XCTAssertEqual(fleiss.kappa, 0.676, accuracy: 0.0005)
        let cohen = try XCTUnwrap(Kappa.of([[88, 14, 18], [10, 40, 10], [2, 6, 12]], .unweighted))
        XCTAssertEqual(cohen.kappa, 0.492, accuracy: 0.0005)
    }

    func testUndefinedTables() {
        XCTAssertNil(Kappa.of([[0, 0], [0, 0]], .unweighted), "no decisions")
        XCTAssertNil(Kappa.of([[5, 0], [0, 0]], .linear), "everything in one cell: chance agreement is 1")
        XCTAssertNil(Kappa.of([[1, 2]], .unweighted), "not square")
        let perfect = Kappa.of([[5, 0], [0, 7]], .unweighted)
        XCTAssertEqual(perfect?.kappa, 1)
        XCTAssertEqual(perfect?.standardError, 0)
    }

    struct FleissReference: Decodable {
        struct Case: Decodable {
            var name: String
            var table: [[Int]]
            var kappa: Double
        }
        var cases: [Case]
    }

    /// Fleiss' kappa against statsmodels' `fleiss_kappa` (Tests/Fixtures/audit/fleiss-reference.json, written
    /// by scripts/fleiss-reference.py), on Fleiss (1971)'s worked example and generated tables, to 1e-9.
    func testFleissAgreesWithStatsmodels() throws {
        let url = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Fixtures/audit/fleiss-reference.json")
        let reference = try JSONDecoder().decode(FleissReference.self, from: Data(contentsOf: url))
        XCTAssertGreaterThanOrEqual(reference.cases.count, 5)
        for c in reference.cases {
            XCTAssertEqual(try XCTUnwrap(Fleiss.kappa(c.table), c.name), c.kappa, accuracy: 1e-9, c.name)
        }
        // Fleiss (1971) as printed: 0.210.
        XCTAssertEqual(try XCTUnwrap(Fleiss.kappa(reference.cases[0].table)), 0.210, accuracy: 0.0005)
    }

    func testFleissLeavesOutSubjectsRatedOnceAndIsUndefinedWithoutSpread() {
        XCTAssertEqual(Fleiss.kappa([[2, 0], [0, 2], [1, 0]]), 1)
        XCTAssertNil(Fleiss.kappa([[3, 0], [2, 0]]), "every rating in one category")
        XCTAssertNil(Fleiss.kappa([[1, 0], [0, 1]]), "no subject rated twice")
    }
}
