/// Counts a region's bank holidays quickly for any day, so that due times are computed by counting, never by
/// walking day by day.
///
/// The years 1900–2299 are held as one sorted table (the working-day hot path is a binary search in it).
/// Outside them the count is still exact: the regular pattern gives the same number of weekday holidays in
/// a year as 400 years earlier or later (the Gregorian weekdays repeat every 400 years, and Good Friday and
/// Easter Monday are always two weekdays that no other holiday meets), so whole years are counted from a
/// 400-year table and only the year of the day itself is worked out. A holiday that started within the
/// table's years (`BankHolidayKind.firstYear`: St Andrew's Day, 2007) is in no year before it and in every
/// year after it, so the years before the table are counted from the 400 years before it, and those after
/// from the 400 years after it.
struct BankHolidayCounter: Sendable {
    static let firstYear: Int64 = 1900
    static let cycle: Int64 = 400

    let region: BankHolidayRegion
    /// Days since 1970-01-01 of 1 January of the first year, and of the year after the table.
    let startDay: Int64
    let endDay: Int64
    /// Every holiday in the table's years, as days since 1970-01-01, sorted.
    let days: [Int64]
    /// `before[k]`, `after[k]`: holidays of the regular pattern (no one-off changes) in the first `k` of the
    /// 400 years before the table, and of the 400 years after it.
    let before: [Int64]
    let after: [Int64]

    init(_ region: BankHolidayRegion) {
        self.region = region
        let first = Self.firstYear
        let last = Self.firstYear + Self.cycle
        startDay = CivilDate.daysFromCivil(first, 1, 1)
        endDay = CivilDate.daysFromCivil(last, 1, 1)
        var days: [Int64] = []
        var before: [Int64] = [0]
        var after: [Int64] = [0]
        for year in first..<last {
            days += BankHolidayRules.days(region, year: year).map(\.day)
            let earlier = BankHolidayRules.days(region, year: year - Self.cycle, oneOffs: false).count
            before.append(before[before.count - 1] + Int64(earlier))
            let later = BankHolidayRules.days(region, year: year + Self.cycle, oneOffs: false).count
            after.append(after[after.count - 1] + Int64(later))
        }
        self.days = days
        self.before = before
        self.after = after
    }

    static let englandAndWales = BankHolidayCounter(.englandAndWales)
    static let scotland = BankHolidayCounter(.scotland)
    static let northernIreland = BankHolidayCounter(.northernIreland)

    static func shared(_ region: BankHolidayRegion) -> BankHolidayCounter {
        switch region {
        case .englandAndWales: return englandAndWales
        case .scotland: return scotland
        case .northernIreland: return northernIreland
        }
    }

    /// True when `day` is a bank holiday.
    func contains(_ day: Int64) -> Bool {
        if day >= startDay, day < endDay { return countInTable(upTo: day) > countInTable(upTo: day - 1) }
        return BankHolidayRules.days(region, year: BankHolidayRules.year(of: day)).contains { $0.day == day }
    }

    /// The holidays on or before `day`, counted from 1 January of the table's first year (negative before it).
    func count(upTo day: Int64) -> Int64 {
        if day >= startDay, day < endDay { return countInTable(upTo: day) }
        let year = BankHolidayRules.year(of: day)
        let offset = year - Self.firstYear
        let cycles = Easter.floorDiv(offset, Self.cycle)
        let within = Int(Easter.floorMod(offset, Self.cycle))
        // Whole years before `year`: the table's own days (one-off changes and all) count only after it.
        let whole =
            day < startDay
            ? cycles * before[before.count - 1] + before[within]
            : Int64(days.count) + (cycles - 1) * after[after.count - 1] + after[within]
        let inYear = BankHolidayRules.days(region, year: year).reduce(into: Int64(0)) { n, d in
            if d.day <= day { n += 1 }
        }
        return whole + inYear
    }

    /// Holidays in the table on or before `day` (binary search).
    @inline(__always) private func countInTable(upTo day: Int64) -> Int64 {
        days.withUnsafeBufferPointer { d in
            var low = 0
            var high = d.count
            while low < high {
                let mid = (low + high) / 2
                if d[mid] <= day { low = mid + 1 } else { high = mid }
            }
            return Int64(low)
        }
    }
}
