/// Working days (Monday–Friday, minus holidays) and the due times of
/// `within N working days` (language spec §2.3).
///
/// The holidays are a named calendar's bank holidays, computed for any year (`calendar "england-and-wales"`),
/// and the dates a rule set lists itself (`holiday 2026-12-24 "Council closure"`).
///
/// Due times are computed by counting rather than by walking day by day, so
/// any `n` (even `Int.max`) answers at once; results past the last
/// representable date are clamped to `CivilDateTime.max`.
public struct WorkingCalendar: Sendable {
    /// The holiday dates listed by hand (any weekday; weekend holidays change nothing).
    let holidays: Set<CivilDate>

    /// The named calendar whose bank holidays are skipped too, if any.
    let region: BankHolidayRegion?

    /// The labels given to listed holidays (`holiday 2019-04-19 "Good Friday"`).
    let labels: [CivilDate: String]

    /// Listed holidays falling Monday–Friday that are not the calendar's own, as sorted day numbers.
    private let weekdayHolidays: [Int64]

    private let bankHolidays: BankHolidayCounter?

    /// The first and last years with a listed holiday (nil when none is listed).
    let listedYears: ClosedRange<Int>?

    let warnings: CoverageWarnings

    /// The time of day counting starts when work arrives on a non-working day.
    static let startOfDayMinutes: Int64 = 9 * 60

    public init(holidays: Set<CivilDate>, region: BankHolidayRegion? = nil, labels: [CivilDate: String] = [:]) {
        self.holidays = holidays
        self.region = region
        self.labels = labels
        let counter = region.map(BankHolidayCounter.shared)
        self.bankHolidays = counter
        let years = holidays.map(\.year)
        self.listedYears = years.min().flatMap { low in years.max().map { low...$0 } }
        self.warnings = CoverageWarnings(region: region, listedYears: listedYears)
        self.weekdayHolidays = holidays.filter {
            !$0.isWeekend && !(counter?.contains(Int64($0.daysSinceEpoch)) ?? false)
        }
        .map { Int64($0.daysSinceEpoch) }
        .sorted()
    }

    /// True Monday–Friday, unless the date is a holiday.
    func isWorkingDay(_ d: CivilDate) -> Bool {
        !d.isWeekend && !holidays.contains(d) && !(bankHolidays?.contains(Int64(d.daysSinceEpoch)) ?? false)
    }

    /// The due time of something received at `start` and due within `n`
    /// working days:
    /// - if `start` is on a working day: the same time of day on the `n`th
    ///   following working day;
    /// - otherwise counting starts at 09:00 on the next working day, which is
    ///   day 0: the due time is 09:00 on the `n`th working day after it.
    ///
    /// A negative `n` is treated as 0.
    func due(start: CivilDateTime, workingDays n: Int) -> CivilDateTime {
        let count = Swift.min(Int64(Swift.max(n, 0)), 1_000_000_000_000)
        let startDay = Int64(start.date.daysSinceEpoch)
        let dueDay: Int64
        let minuteOfDay: Int64
        if isWorkingDay(start.date) {
            dueDay = workingDay(count, after: startDay)
            minuteOfDay = Int64(start.minuteOfDay)
        } else {
            let dayZero = workingDay(1, after: startDay)
            dueDay = workingDay(count, after: dayZero)
            minuteOfDay = Self.startOfDayMinutes
        }
        let minutes = dueDay * CivilDateTime.minutesPerDay + minuteOfDay
        return CivilDateTime(minutesSinceEpoch: Swift.min(minutes, CivilDateTime.max.minutesSinceEpoch))
    }

    /// The first working day strictly after `date`.
    func nextWorkingDay(after date: CivilDate) -> CivilDate {
        CivilDate(daysSinceEpoch: Int32(clamping: workingDay(1, after: Int64(date.daysSinceEpoch))))
    }

    /// The number of working days in the half-open range (`a`, `b`]: how many
    /// working days pass going from `a` to `b` (negative if `b` is earlier).
    func workingDaysBetween(_ a: CivilDate, _ b: CivilDate) -> Int {
        Int(workingDayCount(upTo: Int64(b.daysSinceEpoch)) - workingDayCount(upTo: Int64(a.daysSinceEpoch)))
    }

    // MARK: Counting

    /// The `n`th working day after day `day` (`day` itself when `n` is 0):
    /// the smallest `x >= day` with `f(x) >= f(day) + n`, by binary search.
    private func workingDay(_ n: Int64, after day: Int64) -> Int64 {
        let target = workingDayCount(upTo: day) + n
        var low = day
        // Every 7 days hold 5 weekdays, so this many days hold more than n + the listed holidays; a named
        // calendar's holidays may need more (fewer than 20 a year), found by doubling the distance.
        var high = day + 7 * ((n + Int64(weekdayHolidays.count)) / 5 + 1)
        while bankHolidays != nil, workingDayCount(upTo: high) < target { high += high - day }
        while low < high {
            let mid = low + (high - low) / 2
            if workingDayCount(upTo: mid) >= target {
                high = mid
            } else {
                low = mid + 1
            }
        }
        return low
    }

    /// A running count of working days up to and including day `x`, relative
    /// to an arbitrary origin: only differences are meaningful.
    private func workingDayCount(upTo x: Int64) -> Int64 {
        weekdayCount(upTo: x) - holidayCount(upTo: x) - (bankHolidays?.count(upTo: x) ?? 0)
    }

    /// Mondays–Fridays up to day `x`, counted from the week of 1969-12-29 (a Monday, day -3).
    private func weekdayCount(upTo x: Int64) -> Int64 {
        let shifted = x + 3
        var weeks = shifted / 7
        var rest = shifted % 7
        if rest < 0 {
            weeks -= 1
            rest += 7
        }
        return 5 * weeks + Swift.min(rest + 1, 5)
    }

    /// Weekday holidays on or before day `x`.
    private func holidayCount(upTo x: Int64) -> Int64 {
        var low = 0
        var high = weekdayHolidays.count
        while low < high {
            let mid = (low + high) / 2
            if weekdayHolidays[mid] <= x {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return Int64(low)
    }
}
