import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The computed calendars against lists built without them: GOV.UK's published dates and the Python
/// `holidays` package's (Tests/Fixtures/calendar), and due times around every bank holiday against a
/// day-by-day count over those lists.
final class BankHolidayTests: XCTestCase {
    /// A fixture's holidays: calendar → dates taken.
    static func fixture(_ name: String) throws -> [BankHolidayRegion: Set<CivilDate>] {
        let url = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Fixtures/calendar/\(name)")
        var result: [BankHolidayRegion: Set<CivilDate>] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, let region = BankHolidayRegion(identifier: String(parts[0])),
                let date = CivilDate.parse(parts[1])
            else {
                XCTFail("bad fixture line: \(line)")
                continue
            }
            result[region, default: []].insert(date)
        }
        return result
    }

    func computed(_ region: BankHolidayRegion, _ years: ClosedRange<Int>) -> Set<CivilDate> {
        Set(years.flatMap { region.holidays(in: $0).map(\.date) })
    }

    func testGovUKPublishedDates() throws {
        let gov = try Self.fixture("gov-uk-bank-holidays.txt")
        XCTAssertEqual(gov[.englandAndWales]?.count, 83)
        XCTAssertEqual(computed(.englandAndWales, 2018...2027), gov[.englandAndWales])
        XCTAssertEqual(computed(.scotland, 2024...2025), gov[.scotland])
        XCTAssertEqual(computed(.northernIreland, 2024...2025), gov[.northernIreland])
    }

    /// The `holidays` package's dates, with the one difference known: it starts St Andrew's Day in 2006, and the
    /// St Andrew's Day Bank Holiday (Scotland) Act 2007 made it a bank holiday from 2007.
    static func pythonHolidays() throws -> [BankHolidayRegion: Set<CivilDate>] {
        var py = try fixture("python-holidays-1995-2040.txt")
        let andrew2006 = try XCTUnwrap(CivilDate.parse("2006-11-30"))
        XCTAssertNotNil(py[.scotland]?.remove(andrew2006), "the package's St Andrew's Day 2006")
        return py
    }

    func testPythonHolidaysPackage1995To2040() throws {
        let py = try Self.pythonHolidays()
        for region in BankHolidayRegion.allCases {
            XCTAssertEqual(computed(region, 1995...2040), py[region], region.identifier)
        }
    }

    func testStAndrewsDayIsABankHolidayFrom2007() throws {
        let names = { (year: Int) in BankHolidayRegion.scotland.holidays(in: year).map(\.name) }
        XCTAssertFalse(names(1995).contains("St Andrew's Day"))
        XCTAssertFalse(names(2006).contains("St Andrew's Day"))
        XCTAssertTrue(
            BankHolidayRegion.scotland.holidays(in: 2007).contains {
                "\($0.date)" == "2007-11-30" && $0.name == "St Andrew's Day"
            })
        // Counting across the start agrees with the list, far before and after the counter's table too.
        let scotland = WorkingCalendar(holidays: [], region: .scotland)
        func at(_ s: String) -> CivilDateTime { CivilDateTime.parse(s[...]) ?? .min }
        XCTAssertEqual(scotland.due(start: at("2006-11-29 10:00"), workingDays: 1), at("2006-11-30 10:00"))
        XCTAssertEqual(scotland.due(start: at("2007-11-29 10:00"), workingDays: 1), at("2007-12-03 10:00"))
        XCTAssertEqual(scotland.due(start: at("1607-11-29 10:00"), workingDays: 1), at("1607-11-30 10:00"))
        XCTAssertEqual(scotland.due(start: at("2407-11-29 10:00"), workingDays: 1), at("2407-12-03 10:00"))
    }

    /// The day-by-day count of the language spec §2.3, over a list of holidays.
    static func naiveDue(_ start: CivilDateTime, _ n: Int, _ holidays: Set<CivilDate>) -> CivilDateTime {
        func working(_ d: CivilDate) -> Bool { !d.isWeekend && !holidays.contains(d) }
        var day = start.date
        var minute = start.minuteOfDay
        if !working(day) {
            repeat { day = day.addingDays(1) } while !working(day)
            minute = 9 * 60
        }
        var left = n
        while left > 0 {
            day = day.addingDays(1)
            if working(day) { left -= 1 }
        }
        return CivilDateTime(minutesSinceEpoch: Int64(day.daysSinceEpoch) * 1440 + Int64(minute))
    }

    /// Due times from every day near every bank holiday, against the day-by-day count over the reference
    /// lists: GOV.UK's dates where it publishes them, the `holidays` package's for every year it covers.
    func checkDueTimesAroundEveryBankHoliday(_ region: BankHolidayRegion) throws {
        let gov = try Self.fixture("gov-uk-bank-holidays.txt")[region] ?? []
        let py = try Self.pythonHolidays()[region] ?? []
        // The two agree where both have dates (testGovUKPublishedDates, testPythonHolidaysPackage1995To2040).
        let reference = gov.union(py)
        let calendar = WorkingCalendar(holidays: [], region: region)
        var checked = 0
        for holiday in py.sorted() {
            for offset in -9...1 {
                let day = holiday.addingDays(offset)
                for (hour, minute) in [(0, 0), (10, 0), (17, 30)] {
                    guard let start = CivilDateTime(date: day, hour: hour, minute: minute) else { continue }
                    for n in [0, 1, 2, 3, 5, 10] {
                        let expected = Self.naiveDue(start, n, reference)
                        // Before or past the reference list's years.
                        if expected.date.year > 2040 || start.date.year < 1995 { continue }
                        XCTAssertEqual(
                            calendar.due(start: start, workingDays: n), expected,
                            "\(region.identifier): \(start) + \(n) working days")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 50_000, region.identifier)
    }

    func testDueTimesAroundEveryBankHolidayInEnglandAndWales1995To2040() throws {
        try checkDueTimesAroundEveryBankHoliday(.englandAndWales)
    }

    func testDueTimesAroundEveryBankHolidayInScotland1995To2040() throws {
        try checkDueTimesAroundEveryBankHoliday(.scotland)
    }

    func testDueTimesAroundEveryBankHolidayInNorthernIreland1995To2040() throws {
        try checkDueTimesAroundEveryBankHoliday(.northernIreland)
    }

    func testDueTimesThroughACompiledRuleSet() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                """
                ruleset "Calendar"
                calendar "england-and-wales"
                fact received datetime "When?"
                levels
                  amber "Amber" within 3 working days
                end
                default amber
                clock starts received
                """))
        let evaluator = Evaluator(rs)
        func due(_ received: String) -> String? {
            evaluator.evaluate(InMemory.facts(["received = \(received)"], rs)).due?.description
        }
        // Christmas Day and Boxing Day 2025: Thursday, Friday
        XCTAssertEqual(due("2025-12-24 10:00"), "2025-12-31 10:00")
        XCTAssertEqual(due("2026-04-02 10:00"), "2026-04-09 10:00")  // Good Friday 3 April, Easter Monday 6 April 2026
        XCTAssertEqual(due("2022-06-01 10:00"), "2022-06-08 10:00")  // Platinum Jubilee: 2 and 3 June 2022
        XCTAssertEqual(due("2022-09-16 10:00"), "2022-09-22 10:00")  // State Funeral, Monday 19 September 2022
        XCTAssertEqual(due("2023-05-05 10:00"), "2023-05-11 10:00")  // Coronation, Monday 8 May 2023
        XCTAssertEqual(due("2020-05-07 10:00"), "2020-05-13 10:00")  // VE Day, Friday 8 May 2020
        XCTAssertNil(rs.dueWarning(evaluator.evaluate(InMemory.facts(["received = 2040-12-24 10:00"], rs))))
    }

    func testScotlandAndNorthernIrelandSpotChecks() {
        let scotland = WorkingCalendar(holidays: [], region: .scotland)
        let ni = WorkingCalendar(holidays: [], region: .northernIreland)
        let england = WorkingCalendar(holidays: [], region: .englandAndWales)
        func at(_ s: String) -> CivilDateTime { CivilDateTime.parse(s[...]) ?? .min }
        // 2 January: Scotland only.
        XCTAssertEqual(scotland.due(start: at("2025-12-31 10:00"), workingDays: 1), at("2026-01-05 10:00"))
        XCTAssertEqual(england.due(start: at("2025-12-31 10:00"), workingDays: 1), at("2026-01-02 10:00"))
        // St Andrew's Day, Sunday 30 November 2025: substitute Monday 1 December.
        XCTAssertEqual(scotland.due(start: at("2025-11-28 10:00"), workingDays: 1), at("2025-12-02 10:00"))
        // No Easter Monday in Scotland; the summer holiday is the first Monday of August.
        XCTAssertEqual(scotland.due(start: at("2026-04-02 10:00"), workingDays: 2), at("2026-04-07 10:00"))
        XCTAssertEqual(scotland.due(start: at("2026-07-31 10:00"), workingDays: 1), at("2026-08-04 10:00"))
        XCTAssertEqual(england.due(start: at("2026-07-31 10:00"), workingDays: 1), at("2026-08-03 10:00"))
        // Scotland's World Cup bank holiday, Monday 15 June 2026.
        XCTAssertEqual(scotland.due(start: at("2026-06-12 10:00"), workingDays: 1), at("2026-06-16 10:00"))
        XCTAssertEqual(england.due(start: at("2026-06-12 10:00"), workingDays: 1), at("2026-06-15 10:00"))
        // St Patrick's Day (Tuesday 17 March 2026); the Battle of the Boyne, Saturday 12 July 2025: Monday 14.
        XCTAssertEqual(ni.due(start: at("2026-03-16 10:00"), workingDays: 1), at("2026-03-18 10:00"))
        XCTAssertEqual(ni.due(start: at("2025-07-11 10:00"), workingDays: 1), at("2025-07-15 10:00"))
        XCTAssertEqual(ni.due(start: at("2027-03-16 10:00"), workingDays: 1), at("2027-03-18 10:00"))
    }

    func testEasterSundays() {
        // Known dates, including the earliest (22 March) and latest (25 April) possible.
        let known = [
            "1818-03-22", "1943-04-25", "2000-04-23", "2019-04-21", "2024-03-31", "2025-04-20", "2038-04-25",
            "2285-03-22", "2400-04-16",
        ]
        for text in known {
            guard let d = CivilDate.parse(text) else {
                XCTFail(text)
                continue
            }
            XCTAssertEqual(Easter.sunday(year: Int64(d.year)), Int64(d.daysSinceEpoch), text)
        }
        for year in Int64(-3000)...Int64(12000) {
            let day = Easter.sunday(year: year)
            XCTAssertEqual(BankHolidayRules.weekday(day), 6, "Easter \(year) is not a Sunday")
            let (y, m, d) = CivilDate.civilFromDays(day)
            XCTAssertEqual(y, year)
            XCTAssertTrue((m == 3 && d >= 22) || (m == 4 && d <= 25), "Easter \(year): \(m)-\(d)")
        }
    }

    /// Outside the 400-year table, counts come from whole cycles: they must agree with counting day by day.
    func testCountsOutsideTheTableAgreeWithTheRules() {
        // The counting assumes every one-off change is inside the table's years.
        XCTAssertGreaterThanOrEqual(BankHolidayChanges.years.lowerBound, BankHolidayCounter.firstYear)
        XCTAssertLessThan(BankHolidayChanges.years.upperBound, BankHolidayCounter.firstYear + BankHolidayCounter.cycle)
        for region in BankHolidayRegion.allCases {
            let counter = BankHolidayCounter.shared(region)
            for (from, to) in [
                (Int64(1490), Int64(1520)), (1890, 1910), (2290, 2310), (2690, 2710), (9990, 10010), (-20, 5),
            ] {
                let first = CivilDate.daysFromCivil(from, 1, 1)
                let last = CivilDate.daysFromCivil(to, 12, 31)
                let listed = Set((from...to).flatMap { BankHolidayRules.days(region, year: $0).map(\.day) })
                var running = counter.count(upTo: first - 1)
                for day in first...last {
                    let holiday = listed.contains(day)
                    if holiday { running += 1 }
                    XCTAssertEqual(counter.count(upTo: day), running, "\(region) day \(day)")
                    XCTAssertEqual(counter.contains(day), holiday)
                    if holiday { XCTAssertFalse(BankHolidayRules.isWeekend(day)) }
                }
            }
            // The pattern repeats every 400 years on each side of St Andrew's Day's start (2007): the counter
            // counts the years before its table from the 400 before it, those after from the 400 after it.
            for year in Int64(1900)...Int64(2299) where !BankHolidayChanges.years.contains(year) {
                let other = year < 2007 ? year - 400 : year + 400
                XCTAssertEqual(
                    BankHolidayRules.days(region, year: year).count, BankHolidayRules.days(region, year: other).count,
                    "\(region) \(year)")
            }
        }
    }

    func testFarDueTimesAnswerAtOnce() {
        let calendar = WorkingCalendar(holidays: [], region: .englandAndWales)
        let start = CivilDateTime.parse("2025-12-24 10:00"[...]) ?? .min
        XCTAssertEqual(calendar.due(start: start, workingDays: Int.max), CivilDateTime.max)
        let later = calendar.due(start: start, workingDays: 1_000_000)
        XCTAssertEqual(calendar.workingDaysBetween(start.date, later.date), 1_000_000)
        XCTAssertEqual(calendar.due(start: .max, workingDays: 3), CivilDateTime.max)
        _ = calendar.due(start: .min, workingDays: 3)
    }

    func testListedDatesAddToTheCalendar() {
        let closure = CivilDate(year: 2026, month: 12, day: 24) ?? CivilDate(daysSinceEpoch: 0)
        let boxing = CivilDate(year: 2026, month: 12, day: 28) ?? CivilDate(daysSinceEpoch: 0)
        let calendar = WorkingCalendar(
            holidays: [closure, boxing], region: .englandAndWales,
            labels: [closure: "Council closure"])
        let list = calendar.holidays(in: 2026)
        XCTAssertEqual(list.count, 9)
        XCTAssertEqual(list.filter(\.isListed).map(\.name), ["Council closure"])
        XCTAssertEqual(list.last?.title, "Boxing Day (substitute day)")
        let start = CivilDateTime(date: closure.addingDays(-1), hour: 10, minute: 0) ?? .min
        // Wednesday 23 December: 24 closed, 25 Christmas, 28 Boxing Day substitute → 29, 30, 31.
        XCTAssertEqual(calendar.due(start: start, workingDays: 3).description, "2026-12-31 10:00")
        XCTAssertNil(calendar.coverageWarning(start: closure, due: boxing))
    }

    func testHandListedCalendarWarnsWhenItRunsOut() {
        let listed: Set<CivilDate> = Set(["2019-04-19", "2021-12-28"].compactMap { CivilDate.parse($0) })
        let calendar = WorkingCalendar(holidays: listed)
        func d(_ s: String) -> CivilDate { CivilDate.parse(s) ?? CivilDate(daysSinceEpoch: 0) }
        XCTAssertNil(calendar.coverageWarning(start: d("2020-12-23"), due: d("2020-12-30")))
        XCTAssertNotNil(calendar.coverageWarning(start: d("2021-12-30"), due: d("2022-01-05")))
        XCTAssertNotNil(calendar.coverageWarning(start: d("2018-12-30"), due: d("2019-01-03")))
        XCTAssertTrue(
            calendar.coverageWarning(start: d("2025-12-24"), due: d("2025-12-29"))?.contains("after 2021") ?? false)
        XCTAssertNotNil(WorkingCalendar(holidays: []).coverageWarning(start: d("2019-01-01"), due: d("2019-01-02")))
    }
}
