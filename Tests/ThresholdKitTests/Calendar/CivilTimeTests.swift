import XCTest

@testable import ThresholdKit

final class CivilTimeTests: XCTestCase {
    private func date(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CivilDate {
        guard let value = CivilDate.parse(text[...]) else {
            XCTFail("bad date \(text)", file: file, line: line)
            return CivilDate(daysSinceEpoch: 0)
        }
        return value
    }

    private func dateTime(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CivilDateTime {
        guard let value = CivilDateTime.parse(text[...]) else {
            XCTFail("bad date-time \(text)", file: file, line: line)
            return CivilDateTime(minutesSinceEpoch: 0)
        }
        return value
    }

    // MARK: CivilDate

    func testEpochAndKnownDayNumbers() {
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch, 0)
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 2)?.daysSinceEpoch, 1)
        XCTAssertEqual(CivilDate(year: 1969, month: 12, day: 31)?.daysSinceEpoch, -1)
        XCTAssertEqual(CivilDate(year: 2000, month: 3, day: 1)?.daysSinceEpoch, 11_017)
        XCTAssertEqual(CivilDate(year: 2019, month: 4, day: 1)?.daysSinceEpoch, 17_987)
        XCTAssertEqual(CivilDate(year: 1900, month: 1, day: 1)?.daysSinceEpoch, -25_567)
        XCTAssertEqual(CivilDate(year: 0, month: 1, day: 1)?.daysSinceEpoch, -719_528)
        XCTAssertEqual(CivilDate(year: 9999, month: 12, day: 31)?.daysSinceEpoch, 2_932_896)
    }

    func testValidation() {
        XCTAssertNil(CivilDate(year: 2019, month: 2, day: 29))
        XCTAssertNotNil(CivilDate(year: 2020, month: 2, day: 29))
        XCTAssertNotNil(CivilDate(year: 2000, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 1900, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 2019, month: 4, day: 31))
        XCTAssertNotNil(CivilDate(year: 2019, month: 12, day: 31))
        XCTAssertNil(CivilDate(year: 2019, month: 13, day: 1))
        XCTAssertNil(CivilDate(year: 2019, month: 0, day: 1))
        XCTAssertNil(CivilDate(year: 2019, month: 1, day: 0))
        XCTAssertNil(CivilDate(year: 2019, month: 1, day: 32))
        XCTAssertNil(CivilDate(year: 10000, month: 1, day: 1))
        XCTAssertNil(CivilDate(year: -1, month: 1, day: 1))
        XCTAssertNil(CivilDate(year: Int.max, month: 1, day: 1))
    }

    func testRoundTripEveryDayOverManyYears() {
        var expected: Int32 = CivilDate(year: 1896, month: 1, day: 1)?.daysSinceEpoch ?? 0
        for year in 1896...2104 {
            for month in 1...12 {
                for day in 1...CivilDate.daysInMonth(year: year, month: month) {
                    guard let value = CivilDate(year: year, month: month, day: day) else {
                        return XCTFail("\(year)-\(month)-\(day)")
                    }
                    XCTAssertEqual(value.daysSinceEpoch, expected)
                    XCTAssertEqual(value.year, year)
                    XCTAssertEqual(value.month, month)
                    XCTAssertEqual(value.day, day)
                    expected += 1
                }
            }
        }
    }

    func testWeekday() {
        XCTAssertEqual(date("1970-01-01").weekday, 4)  // Thursday
        XCTAssertEqual(date("2019-04-12").weekday, 5)  // Friday
        XCTAssertEqual(date("2019-04-13").weekday, 6)  // Saturday
        XCTAssertEqual(date("2019-04-14").weekday, 7)  // Sunday
        XCTAssertEqual(date("2019-04-15").weekday, 1)  // Monday
        XCTAssertEqual(date("1969-12-29").weekday, 1)  // Monday before the epoch
        XCTAssertEqual(date("1969-12-28").weekday, 7)
        XCTAssertEqual(date("2000-01-01").weekday, 6)
        XCTAssertTrue(date("2019-04-13").isWeekend)
        XCTAssertFalse(date("2019-04-12").isWeekend)
    }

    func testDescriptionAndParse() {
        XCTAssertEqual(date("2019-04-01").description, "2019-04-01")
        XCTAssertEqual(CivilDate(year: 5, month: 3, day: 9)?.description, "0005-03-09")
        XCTAssertEqual(CivilDate.parse("2020-02-29")?.description, "2020-02-29")
        for bad in [
            "2019-02-29", "2019-4-01", "2019-04-1", "19-04-01", "2019/04/01", "2019-04-01 ",
            " 2019-04-01", "2019-04-01T16:00", "2019-13-01", "2019-00-10", "2019-04-00", "abcd-ef-gh",
            "", "2019-04-3１", "+019-04-01", "-019-04-01",
        ] {
            XCTAssertNil(CivilDate.parse(bad[...]), bad)
        }
    }

    func testComparableAndAddingDays() {
        XCTAssertLessThan(date("2019-04-01"), date("2019-04-02"))
        XCTAssertEqual(date("2019-12-31").addingDays(1), date("2020-01-01"))
        XCTAssertEqual(date("2020-03-01").addingDays(-1), date("2020-02-29"))
        XCTAssertEqual(CivilDate(daysSinceEpoch: .max).addingDays(5).daysSinceEpoch, .max)
        XCTAssertEqual(CivilDate(daysSinceEpoch: .min).addingDays(-5).daysSinceEpoch, .min)
        XCTAssertEqual(CivilDate(daysSinceEpoch: 0).addingDays(Int.max).daysSinceEpoch, .max)
    }

    func testExtremeDayNumbersDoNotTrap() {
        for days: Int32 in [.max, .min, 0] {
            let value = CivilDate(daysSinceEpoch: days)
            _ = value.description
            XCTAssertTrue((1...7).contains(value.weekday))
            XCTAssertEqual(CivilDate.daysBetween(value, value), 0)
        }
    }

    func testYearsBetween() {
        XCTAssertEqual(CivilDate.yearsBetween(date("2007-04-12"), date("2019-04-12")), 12)
        XCTAssertEqual(CivilDate.yearsBetween(date("2007-04-13"), date("2019-04-12")), 11)
        XCTAssertEqual(CivilDate.yearsBetween(date("2007-04-11"), date("2019-04-12")), 12)
        XCTAssertEqual(CivilDate.yearsBetween(date("2007-12-31"), date("2019-01-01")), 11)
        XCTAssertEqual(CivilDate.yearsBetween(date("2019-04-12"), date("2019-04-12")), 0)
        XCTAssertEqual(CivilDate.yearsBetween(date("2019-04-12"), date("2020-04-11")), 0)
        // Reversed order gives a negative count.
        XCTAssertEqual(CivilDate.yearsBetween(date("2019-04-12"), date("2007-04-13")), -11)
    }

    func testYearsBetweenLeapDayBirthday() {
        let born = date("2008-02-29")
        XCTAssertEqual(CivilDate.yearsBetween(born, date("2019-02-28")), 10)
        XCTAssertEqual(CivilDate.yearsBetween(born, date("2019-03-01")), 11)
        XCTAssertEqual(CivilDate.yearsBetween(born, date("2020-02-28")), 11)
        XCTAssertEqual(CivilDate.yearsBetween(born, date("2020-02-29")), 12)
        XCTAssertEqual(CivilDate.yearsBetween(born, date("2009-02-28")), 0)
        XCTAssertEqual(CivilDate.yearsBetween(born, date("2009-03-01")), 1)
    }

    func testDaysBetween() {
        XCTAssertEqual(CivilDate.daysBetween(date("2019-04-12"), date("2019-04-17")), 5)
        XCTAssertEqual(CivilDate.daysBetween(date("2019-04-17"), date("2019-04-12")), -5)
        XCTAssertEqual(CivilDate.daysBetween(date("2019-01-01"), date("2020-01-01")), 365)
        XCTAssertEqual(CivilDate.daysBetween(date("2020-01-01"), date("2021-01-01")), 366)
        XCTAssertEqual(
            CivilDate.daysBetween(CivilDate(daysSinceEpoch: .min), CivilDate(daysSinceEpoch: .max)),
            Int(Int32.max) - Int(Int32.min))
    }

    // MARK: CivilDateTime

    func testDateTimeParseBothForms() {
        let spaced = dateTime("2019-04-01 16:00")
        let isoForm = dateTime("2019-04-01T16:00")
        XCTAssertEqual(spaced, isoForm)
        XCTAssertEqual(spaced.date, date("2019-04-01"))
        XCTAssertEqual(spaced.hour, 16)
        XCTAssertEqual(spaced.minute, 0)
        XCTAssertEqual(spaced.description, "2019-04-01 16:00")
        XCTAssertEqual(spaced.isoDescription, "2019-04-01T16:00")
        XCTAssertEqual(dateTime("1970-01-01 00:00").minutesSinceEpoch, 0)
        XCTAssertEqual(dateTime("1970-01-02 00:01").minutesSinceEpoch, 1441)
        XCTAssertEqual(dateTime("2019-04-01 23:59").description, "2019-04-01 23:59")
        XCTAssertEqual(dateTime("2019-04-01 09:05").isoDescription, "2019-04-01T09:05")
    }

    func testDateTimeParseRejects() {
        for bad in [
            "2019-04-01 24:00", "2019-04-01 23:60", "2019-04-01 9:00", "2019-04-01 16:0", "2019-04-01  16:00",
            "2019-04-01t16:00", "2019-04-01_16:00", "2019-04-01 16-00", "2019-04-01 16:00:00",
            "2019-04-01", "2019-02-29 10:00", "", "2019-04-01 1a:00", "2019-04-01T16:00Z",
        ] {
            XCTAssertNil(CivilDateTime.parse(bad[...]), bad)
        }
    }

    func testDateTimeInitValidation() {
        let day = date("2019-04-01")
        XCTAssertNil(CivilDateTime(date: day, hour: 24, minute: 0))
        XCTAssertNil(CivilDateTime(date: day, hour: -1, minute: 0))
        XCTAssertNil(CivilDateTime(date: day, hour: 0, minute: 60))
        XCTAssertEqual(CivilDateTime(date: day, hour: 0, minute: 0), CivilDateTime(date: day))
    }

    func testBeforeEpochComponents() {
        let value = dateTime("1969-12-31 23:59")
        XCTAssertEqual(value.minutesSinceEpoch, -1)
        XCTAssertEqual(value.date, date("1969-12-31"))
        XCTAssertEqual(value.hour, 23)
        XCTAssertEqual(value.minute, 59)
    }

    func testAddingMinutes() {
        let start = dateTime("2019-04-12 16:00")
        XCTAssertEqual(start.addingMinutes(24 * 60), dateTime("2019-04-13 16:00"))
        XCTAssertEqual(start.addingMinutes(4 * 60), dateTime("2019-04-12 20:00"))
        XCTAssertEqual(start.addingMinutes(9 * 60), dateTime("2019-04-13 01:00"))
        XCTAssertEqual(start.addingMinutes(-16 * 60 - 1), dateTime("2019-04-11 23:59"))
        XCTAssertEqual(start.addingMinutes(Int64(60)), dateTime("2019-04-12 17:00"))
        XCTAssertEqual(dateTime("2019-12-31 23:30").addingMinutes(30), dateTime("2020-01-01 00:00"))
        XCTAssertEqual(CivilDateTime.minutesBetween(start, dateTime("2019-04-13 16:00")), 1440)
    }

    func testAddingMinutesSaturates() {
        let start = dateTime("2019-04-12 16:00")
        XCTAssertEqual(start.addingMinutes(Int.max), CivilDateTime.max)
        XCTAssertEqual(start.addingMinutes(Int.min), CivilDateTime.min)
        XCTAssertEqual(CivilDateTime.max.addingMinutes(1), CivilDateTime.max)
        XCTAssertEqual(CivilDateTime.max.date.daysSinceEpoch, .max)
        XCTAssertEqual(CivilDateTime.min.date.daysSinceEpoch, .min)
        XCTAssertEqual(CivilDateTime.max.hour, 23)
        XCTAssertEqual(CivilDateTime.max.minute, 59)
        // Raw values outside the range never trap.
        let wild = CivilDateTime(minutesSinceEpoch: .max)
        _ = wild.description
        XCTAssertEqual(wild.date.daysSinceEpoch, .max)
        XCTAssertEqual(CivilDateTime(minutesSinceEpoch: .min).date.daysSinceEpoch, .min)
    }

    func testDateTimeOrdering() {
        XCTAssertLessThan(dateTime("2019-04-12 16:00"), dateTime("2019-04-12 16:01"))
        XCTAssertLessThan(dateTime("2019-04-12 23:59"), dateTime("2019-04-13 00:00"))
    }
}
