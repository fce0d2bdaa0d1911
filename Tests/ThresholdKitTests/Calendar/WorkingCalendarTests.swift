import XCTest

@testable import ThresholdKit

final class WorkingCalendarTests: XCTestCase {
    private func date(_ text: String) -> CivilDate {
        CivilDate.parse(text[...]) ?? CivilDate(daysSinceEpoch: 0)
    }

    private func dateTime(_ text: String) -> CivilDateTime {
        CivilDateTime.parse(text[...]) ?? CivilDateTime(minutesSinceEpoch: 0)
    }

    /// The spec's calendar: Good Friday and Easter Monday 2019.
    private var easter2019: WorkingCalendar {
        WorkingCalendar(holidays: [date("2019-04-19"), date("2019-04-22")])
    }

    func testIsWorkingDay() {
        let calendar = easter2019
        XCTAssertTrue(calendar.isWorkingDay(date("2019-04-12")))  // Friday
        XCTAssertFalse(calendar.isWorkingDay(date("2019-04-13")))  // Saturday
        XCTAssertFalse(calendar.isWorkingDay(date("2019-04-14")))  // Sunday
        XCTAssertTrue(calendar.isWorkingDay(date("2019-04-15")))  // Monday
        XCTAssertFalse(calendar.isWorkingDay(date("2019-04-19")))  // Good Friday
        XCTAssertFalse(calendar.isWorkingDay(date("2019-04-22")))  // Easter Monday
        XCTAssertTrue(calendar.isWorkingDay(date("2019-04-23")))
    }

    // The two worked examples of language spec §2.3.

    func testSpecExampleFridayAfternoon() {
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-12 16:00"), workingDays: 3),
            dateTime("2019-04-17 16:00"))
    }

    func testSpecExampleThursdayBeforeEaster() {
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-18 10:00"), workingDays: 3),
            dateTime("2019-04-25 10:00"))
    }

    func testSaturdayStartCountsFromNineOnMonday() {
        // Saturday 2019-04-13 → day 0 is Monday 15th 09:00; 3 working days later is Thursday 18th 09:00.
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-13 22:30"), workingDays: 3),
            dateTime("2019-04-18 09:00"))
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-14 02:00"), workingDays: 1),
            dateTime("2019-04-16 09:00"))
    }

    func testHolidayStart() {
        // Good Friday 2019-04-19 → day 0 is Tuesday 23rd 09:00; 3 working days later is Friday 26th 09:00.
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-19 11:15"), workingDays: 3),
            dateTime("2019-04-26 09:00"))
        // Easter Monday → same day 0.
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-22 08:00"), workingDays: 3),
            dateTime("2019-04-26 09:00"))
    }

    func testZeroWorkingDays() {
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-12 16:00"), workingDays: 0),
            dateTime("2019-04-12 16:00"))
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-20 16:00"), workingDays: 0),
            dateTime("2019-04-23 09:00"))
        XCTAssertEqual(
            easter2019.due(start: dateTime("2019-04-12 16:00"), workingDays: -5),
            dateTime("2019-04-12 16:00"))
    }

    func testNoHolidaysAndWeekendHolidays() {
        let plain = WorkingCalendar(holidays: [])
        XCTAssertEqual(plain.due(start: dateTime("2019-04-12 16:00"), workingDays: 1), dateTime("2019-04-15 16:00"))
        XCTAssertEqual(plain.due(start: dateTime("2019-04-12 16:00"), workingDays: 5), dateTime("2019-04-19 16:00"))
        XCTAssertEqual(plain.due(start: dateTime("2019-04-15 08:00"), workingDays: 10), dateTime("2019-04-29 08:00"))
        // A holiday on a Saturday changes nothing.
        let weekendHoliday = WorkingCalendar(holidays: [date("2019-04-13")])
        XCTAssertEqual(
            weekendHoliday.due(start: dateTime("2019-04-12 16:00"), workingDays: 1),
            dateTime("2019-04-15 16:00"))
    }

    func testMatchesDayByDayReference() {
        let holidays: Set<CivilDate> = [
            date("2019-04-19"), date("2019-04-22"), date("2019-05-06"),
            date("2019-05-27"), date("2019-08-26"), date("2019-12-25"),
            date("2019-12-26"), date("2020-01-01"), date("2019-12-28"),
        ]
        let calendar = WorkingCalendar(holidays: holidays)
        func reference(_ start: CivilDateTime, _ n: Int) -> CivilDateTime {
            var day = start.date
            var minuteOfDay = start.minuteOfDay
            if !calendar.isWorkingDay(day) {
                repeat { day = day.addingDays(1) } while !calendar.isWorkingDay(day)
                minuteOfDay = 9 * 60
            }
            var remaining = n
            while remaining > 0 {
                day = day.addingDays(1)
                if calendar.isWorkingDay(day) { remaining -= 1 }
            }
            return CivilDateTime(minutesSinceEpoch: Int64(day.daysSinceEpoch) * 1440 + Int64(minuteOfDay))
        }
        var start = dateTime("2019-03-25 13:45")
        while start < dateTime("2020-01-10 00:00") {
            for n in [0, 1, 2, 3, 5, 7, 20] {
                XCTAssertEqual(calendar.due(start: start, workingDays: n), reference(start, n), "\(start) + \(n)")
            }
            start = start.addingMinutes(1440 + 7)
        }
    }

    func testHugeCountsAnswerQuicklyWithoutTrapping() {
        let calendar = easter2019
        let start = dateTime("2019-04-12 16:00")
        // 5,000 working days with no further holidays: 1,000 weeks less... check exactly via weekly arithmetic.
        let due5000 = calendar.due(start: start, workingDays: 5000)
        XCTAssertEqual(calendar.workingDaysBetween(start.date, due5000.date), 5000)
        XCTAssertTrue(calendar.isWorkingDay(due5000.date))
        XCTAssertEqual(due5000.minuteOfDay, 16 * 60)
        // Absurd counts clamp at the end of time rather than hang or trap.
        XCTAssertEqual(calendar.due(start: start, workingDays: Int.max), CivilDateTime.max)
        XCTAssertEqual(calendar.due(start: CivilDateTime.max, workingDays: 10), CivilDateTime.max)
        XCTAssertEqual(calendar.due(start: CivilDateTime.max, workingDays: Int.max), CivilDateTime.max)
        _ = calendar.due(start: CivilDateTime.min, workingDays: 3)
    }

    func testManyHolidays() {
        // Every weekday of 2019 from April on is a holiday: the next working day is 2020-01-01.
        var holidays = Set<CivilDate>()
        var day = date("2019-04-13")
        while day < date("2020-01-01") {
            holidays.insert(day)
            day = day.addingDays(1)
        }
        let calendar = WorkingCalendar(holidays: holidays)
        XCTAssertEqual(calendar.due(start: dateTime("2019-04-12 16:00"), workingDays: 1), dateTime("2020-01-01 16:00"))
        XCTAssertEqual(calendar.due(start: dateTime("2019-06-01 16:00"), workingDays: 2), dateTime("2020-01-03 09:00"))
        XCTAssertEqual(calendar.nextWorkingDay(after: date("2019-05-01")), date("2020-01-01"))
    }

    func testWorkingDaysBetween() {
        let calendar = easter2019
        XCTAssertEqual(calendar.workingDaysBetween(date("2019-04-12"), date("2019-04-17")), 3)
        XCTAssertEqual(calendar.workingDaysBetween(date("2019-04-18"), date("2019-04-25")), 3)
        XCTAssertEqual(calendar.workingDaysBetween(date("2019-04-25"), date("2019-04-18")), -3)
        XCTAssertEqual(calendar.workingDaysBetween(date("2019-04-13"), date("2019-04-14")), 0)
    }
}
