/// The bank holidays of a year, by rule: the day each is taken (a substitute day when the holiday falls at a
/// weekend), for any year. See `BankHolidayKind` for the sources.
enum BankHolidayRules {
    /// A holiday as counted: days since 1970-01-01, what it is, and whether it is a substitute day.
    struct Day: Sendable, Equatable {
        var day: Int64
        var kind: BankHolidayKind
        var isSubstitute: Bool
    }

    /// The days `region` takes as bank holidays in `year`, in date order, every one a weekday.
    /// - Parameter oneOffs: false leaves out the one-off changes (the regular pattern alone).
    static func days(_ region: BankHolidayRegion, year: Int64, oneOffs: Bool = true) -> [Day] {
        var result: [Day] = []
        let easter = Easter.sunday(year: year)
        result.append(Day(day: easter - 2, kind: .goodFriday, isSubstitute: false))
        if region != .scotland { result.append(Day(day: easter + 1, kind: .easterMonday, isSubstitute: false)) }
        result.append(Day(day: firstMonday(year, 5), kind: .earlyMay, isSubstitute: false))
        result.append(Day(day: lastMonday(year, 5), kind: .spring, isSubstitute: false))
        let summer = region == .scotland ? firstMonday(year, 8) : lastMonday(year, 8)
        result.append(Day(day: summer, kind: .summer, isSubstitute: false))
        if oneOffs { applyChanges(region, year, &result) }
        // Fixed dates: on a weekday they are taken on the day; at a weekend, on the next weekday not already a
        // holiday, in date order (so Christmas on a Saturday is taken on Monday 27, Boxing Day on Tuesday 28).
        let fixed = BankHolidayKind.fixed(region).filter { year >= $0.kind.firstYear ?? year }.map {
            (kind: $0.kind, day: CivilDate.daysFromCivil(year, $0.month, $0.day))
        }
        for f in fixed where !isWeekend(f.day) {
            result.append(Day(day: f.day, kind: f.kind, isSubstitute: false))
        }
        for f in fixed where isWeekend(f.day) {
            var d = f.day + 1
            while isWeekend(d) || result.contains(where: { $0.day == d }) { d += 1 }
            result.append(Day(day: d, kind: f.kind, isSubstitute: true))
        }
        result.sort { $0.day < $1.day }
        return result
    }

    private static func applyChanges(_ region: BankHolidayRegion, _ year: Int64, _ result: inout [Day]) {
        guard BankHolidayChanges.years.contains(year) else { return }
        for (i, c) in BankHolidayChanges.all.enumerated() where c.year == year && c.regions.contains(region) {
            switch c.change {
            case .move(let kind, let month, let day):
                if let k = result.firstIndex(where: { $0.kind == kind }) {
                    result[k].day = CivilDate.daysFromCivil(year, month, day)
                    result[k].kind = .oneOff(i)
                }
            case .add(let month, let day):
                result.append(
                    Day(day: CivilDate.daysFromCivil(year, month, day), kind: .oneOff(i), isSubstitute: false))
            }
        }
    }

    /// 0 = Monday … 6 = Sunday.
    @inline(__always) static func weekday(_ day: Int64) -> Int64 { Easter.floorMod(day + 3, 7) }
    @inline(__always) static func isWeekend(_ day: Int64) -> Bool { weekday(day) >= 5 }

    static func firstMonday(_ year: Int64, _ month: Int64) -> Int64 {
        let first = CivilDate.daysFromCivil(year, month, 1)
        return first + Easter.floorMod(7 - weekday(first), 7)
    }

    /// The last Monday of a 31-day month.
    static func lastMonday(_ year: Int64, _ month: Int64) -> Int64 {
        let last = CivilDate.daysFromCivil(year, month, 31)
        return last - weekday(last)
    }

    /// The year a day falls in.
    static func year(of day: Int64) -> Int64 { CivilDate.civilFromDays(day).year }
}
