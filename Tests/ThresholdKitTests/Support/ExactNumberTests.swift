import XCTest

@testable import ThresholdKit

final class ExactNumberTests: XCTestCase {
    private func n(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ExactNumber {
        guard let value = ExactNumber.parse(text[...]) else {
            XCTFail("could not parse \(text)", file: file, line: line)
            return .zero
        }
        return value
    }

    func testParseAcceptsSpecForms() {
        XCTAssertEqual(ExactNumber.parse("12")?.units, 12_000_000)
        XCTAssertEqual(ExactNumber.parse("-3")?.units, -3_000_000)
        XCTAssertEqual(ExactNumber.parse("2.5")?.units, 2_500_000)
        XCTAssertEqual(ExactNumber.parse("0.000001")?.units, 1)
        XCTAssertEqual(ExactNumber.parse("-0.000001")?.units, -1)
        XCTAssertEqual(ExactNumber.parse("0")?.units, 0)
        XCTAssertEqual(ExactNumber.parse("-0")?.units, 0)
        XCTAssertEqual(ExactNumber.parse("007")?.units, 7_000_000)
        XCTAssertEqual(ExactNumber.parse("1.100000")?.units, 1_100_000)
    }

    func testParseRejectsMalformed() {
        for text in [
            "", "-", "+1", "1.", ".5", "-.5", "1..2", "1.2.3", "1e3", "1E3", " 1", "1 ", "1,5",
            "abc", "--1", "1-", "0x10", "١",
        ] {
            XCTAssertNil(ExactNumber.parse(text[...]), "should reject \(text.debugDescription)")
        }
    }

    func testParseRejectsMoreThanSixPlaces() {
        XCTAssertNil(ExactNumber.parse("0.0000001"))
        XCTAssertNil(ExactNumber.parse("1.1234567"))
        XCTAssertNil(ExactNumber.parse("1.0000000"))
        XCTAssertNotNil(ExactNumber.parse("1.123456"))
    }

    func testParseOverflowAndLimits() {
        XCTAssertEqual(ExactNumber.parse("9223372036854.775807"), ExactNumber.max)
        XCTAssertEqual(ExactNumber.parse("-9223372036854.775808"), ExactNumber.min)
        XCTAssertNil(ExactNumber.parse("9223372036854.775808"))
        XCTAssertNil(ExactNumber.parse("-9223372036854.775809"))
        XCTAssertNil(ExactNumber.parse("9223372036855"))
        XCTAssertNil(ExactNumber.parse("99999999999999999999999999999"))
    }

    func testParseSubstringSlice() {
        let text = "age >= 12.5 and"
        let start = text.index(text.startIndex, offsetBy: 7)
        let end = text.index(start, offsetBy: 4)
        XCTAssertEqual(ExactNumber.parse(text[start..<end])?.description, "12.5")
    }

    func testPointOnePlusPointTwoIsExactlyPointThree() {
        let sum = n("0.1").adding(n("0.2"))
        XCTAssertEqual(sum, n("0.3"))
        XCTAssertEqual(sum?.description, "0.3")
    }

    func testDescriptionIsCanonical() {
        XCTAssertEqual(ExactNumber(3).description, "3")
        XCTAssertEqual(n("-2.5").description, "-2.5")
        XCTAssertEqual(n("0.3").description, "0.3")
        XCTAssertEqual(n("0.000001").description, "0.000001")
        XCTAssertEqual(n("-0.000001").description, "-0.000001")
        XCTAssertEqual(n("10.100").description, "10.1")
        XCTAssertEqual(n("-0").description, "0")
        XCTAssertEqual(ExactNumber.zero.description, "0")
        XCTAssertEqual(ExactNumber.max.description, "9223372036854.775807")
        XCTAssertEqual(ExactNumber.min.description, "-9223372036854.775808")
        XCTAssertEqual(ExactNumber(units: 1_020_300).description, "1.0203")
    }

    func testDescriptionRoundTrips() {
        for units: Int64 in [0, 1, -1, 10, 999_999, 1_000_000, -1_500_000, 123_456_789, .max, .min, 42_000_000] {
            let value = ExactNumber(units: units)
            XCTAssertEqual(ExactNumber.parse(value.description[...]), value, "\(units)")
        }
    }

    func testIntInitAndIntValue() {
        XCTAssertEqual(ExactNumber(25).units, 25_000_000)
        XCTAssertEqual(ExactNumber(-4).intValue, -4)
        XCTAssertEqual(n("7").intValue, 7)
        XCTAssertNil(n("7.5").intValue)
        XCTAssertTrue(n("7").isWhole)
        XCTAssertTrue(n("-7").isWhole)
        XCTAssertFalse(n("0.5").isWhole)
        XCTAssertNil(ExactNumber(exactly: Int.max))
        XCTAssertEqual(ExactNumber(Int.max), ExactNumber.max)
        XCTAssertEqual(ExactNumber(Int.min), ExactNumber.min)
    }

    func testComparison() {
        XCTAssertLessThan(n("-1"), n("0.5"))
        XCTAssertLessThan(n("2.499999"), n("2.5"))
        XCTAssertEqual(n("2.50"), n("2.5"))
        XCTAssertEqual(Set([n("1.0"), n("1")]).count, 1)
        XCTAssertEqual([n("3"), n("-1"), n("2.5")].sorted(), [n("-1"), n("2.5"), n("3")])
    }

    func testAddSubtract() {
        XCTAssertEqual(n("1.5").adding(n("-2.25")), n("-0.75"))
        XCTAssertEqual(n("1").subtracting(n("0.9")), n("0.1"))
        XCTAssertEqual(n("0.3").subtracting(n("0.1"))?.subtracting(n("0.2")), .zero)
        XCTAssertNil(ExactNumber.max.adding(ExactNumber(units: 1)))
        XCTAssertNil(ExactNumber.min.subtracting(ExactNumber(units: 1)))
        XCTAssertEqual(ExactNumber.min.adding(ExactNumber.max), ExactNumber(units: -1))
    }

    func testMultiply() {
        XCTAssertEqual(n("2.5").multiplied(by: n("4")), n("10"))
        XCTAssertEqual(n("-1.5").multiplied(by: n("1.5")), n("-2.25"))
        XCTAssertEqual(n("0.1").multiplied(by: n("0.1")), n("0.01"))
        XCTAssertEqual(n("0.001").multiplied(by: n("0.001")), n("0.000001"))
        XCTAssertEqual(n("1000000").multiplied(by: n("1000000")), n("1000000000000"))
        XCTAssertNil(n("10000000").multiplied(by: n("1000000")))
        XCTAssertNil(ExactNumber.min.multiplied(by: n("-1")))
        XCTAssertEqual(ExactNumber.max.multiplied(by: n("-1")), ExactNumber(units: -Int64.max))
    }

    func testMultiplyRoundsHalfToEven() {
        // 0.000001 × 0.5 = 0.0000005: a tie, rounds to even (0).
        XCTAssertEqual(n("0.000001").multiplied(by: n("0.5")), .zero)
        // 0.000003 × 0.5 = 0.0000015: a tie, rounds to even (0.000002).
        XCTAssertEqual(n("0.000003").multiplied(by: n("0.5")), n("0.000002"))
        // 0.000005 × 0.5 = 0.0000025 → 0.000002.
        XCTAssertEqual(n("0.000005").multiplied(by: n("0.5")), n("0.000002"))
        // Negative ties round to even too.
        XCTAssertEqual(n("-0.000003").multiplied(by: n("0.5")), n("-0.000002"))
        XCTAssertEqual(n("-0.000001").multiplied(by: n("0.5")), .zero)
        // Not ties: 0.000001 × 0.6 = 0.0000006 → 0.000001; × 0.4 → 0.
        XCTAssertEqual(n("0.000001").multiplied(by: n("0.6")), n("0.000001"))
        XCTAssertEqual(n("0.000001").multiplied(by: n("0.4")), .zero)
        XCTAssertEqual(n("-0.000001").multiplied(by: n("0.6")), n("-0.000001"))
    }

    func testDivide() {
        XCTAssertEqual(n("10").divided(by: n("4")), n("2.5"))
        XCTAssertEqual(n("1").divided(by: n("8")), n("0.125"))
        XCTAssertEqual(n("-7").divided(by: n("2")), n("-3.5"))
        XCTAssertEqual(n("7").divided(by: n("-0.5")), n("-14"))
        XCTAssertEqual(n("0").divided(by: n("3")), .zero)
    }

    func testDivideRoundsHalfToEven() {
        XCTAssertEqual(n("1").divided(by: n("3")), n("0.333333"))
        XCTAssertEqual(n("2").divided(by: n("3")), n("0.666667"))
        XCTAssertEqual(n("-2").divided(by: n("3")), n("-0.666667"))
        // 0.000001 / 2 = 0.0000005 → 0 ; 0.000003 / 2 = 0.0000015 → 0.000002
        XCTAssertEqual(n("0.000001").divided(by: n("2")), .zero)
        XCTAssertEqual(n("0.000003").divided(by: n("2")), n("0.000002"))
        XCTAssertEqual(n("-0.000003").divided(by: n("2")), n("-0.000002"))
        XCTAssertEqual(n("0.000005").divided(by: n("-2")), n("-0.000002"))
    }

    func testDivideByZeroAndOverflow() {
        XCTAssertNil(n("1").divided(by: .zero))
        XCTAssertNil(ExactNumber.zero.divided(by: .zero))
        XCTAssertNil(ExactNumber.max.divided(by: n("0.5")))
        XCTAssertNil(ExactNumber.min.divided(by: n("-1")))
        XCTAssertEqual(
            n("1").divided(by: ExactNumber(units: 1))?.divided(by: ExactNumber(units: 1)), n("1000000000000"))
        XCTAssertNil(n("10").divided(by: ExactNumber(units: 1))?.divided(by: ExactNumber(units: 1)))
        XCTAssertEqual(ExactNumber.max.divided(by: ExactNumber.max), n("1"))
        XCTAssertEqual(ExactNumber.min.divided(by: ExactNumber.min), n("1"))
    }

    func testNegated() {
        XCTAssertEqual(n("2.5").negated(), n("-2.5"))
        XCTAssertNil(ExactNumber.min.negated())
    }

    func testHalfEvenHelperDirectly() {
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(5, 2), 2)
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(7, 2), 4)
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(-5, 2), -2)
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(-7, 2), -4)
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(5, -2), -2)
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(-7, -2), 4)
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(8, 3), 3)
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(-8, 3), -3)
        XCTAssertEqual(ExactNumber.divideRoundingHalfEven(6, 3), 2)
    }
}
