/// A holiday as shown to people: `threshold holidays`, the REPL's `holidays YEAR`.
struct ListedHoliday: Sendable, Equatable {
    var date: CivilDate
    var name: String
    /// True for a substitute day (the holiday itself fell at a weekend).
    var isSubstitute: Bool
    /// Where a one-off change comes from; nil for the regular pattern and for listed dates.
    var source: String?
    /// True for a date the rule set lists itself (`holiday …`), false for its calendar's.
    var isListed: Bool

    /// "Christmas Day (substitute day)".
    var title: String { isSubstitute ? "\(name) (substitute day)" : name }
}

extension BankHolidayRegion {
    /// The bank holidays of `year` (0–9999), the days they are taken, in date order.
    func holidays(in year: Int) -> [ListedHoliday] {
        guard CivilDate.supportedYears.contains(year) else { return [] }
        return BankHolidayRules.days(self, year: Int64(year)).map { d in
            var source: String? = nil
            if case .oneOff(let i) = d.kind, BankHolidayChanges.all.indices.contains(i) {
                source = BankHolidayChanges.all[i].source
            }
            return ListedHoliday(
                date: CivilDate(daysSinceEpoch: Int32(clamping: d.day)), name: d.kind.name,
                isSubstitute: d.isSubstitute, source: source, isListed: false)
        }
    }
}

extension WorkingCalendar {
    /// The holidays of `year`: the calendar's bank holidays and the dates listed by hand, in date order (a
    /// listed date that is also a bank holiday is shown once, as the bank holiday).
    func holidays(in year: Int) -> [ListedHoliday] {
        var result = region?.holidays(in: year) ?? []
        let taken = Set(result.map(\.date))
        for date in holidays where date.year == year && !taken.contains(date) {
            result.append(
                ListedHoliday(
                    date: date, name: labels[date] ?? "Holiday", isSubstitute: false, source: nil, isListed: true))
        }
        return result.sorted { $0.date < $1.date }
    }

    /// The calendar in a few words: "England and Wales bank holidays, and 3 listed dates".
    var summary: String {
        let listed = holidays.count == 1 ? "1 listed date" : "\(holidays.count) listed dates"
        switch (region, listedYears) {
        case (let r?, nil): return "\(r.title) bank holidays"
        case (let r?, _?): return "\(r.title) bank holidays, and \(listed)"
        case (nil, let y?):
            return
                "\(listed) only, \(y.lowerBound == y.upperBound ? "\(y.lowerBound)" : "\(y.lowerBound)–\(y.upperBound)") (no named calendar)"
        case (nil, nil): return "no holidays (no named calendar): Monday to Friday are all working days"
        }
    }

    /// Why a due time counted in working days from `start` to `due` may be wrong, or nil: with no named
    /// calendar, when the count runs outside the years whose holidays are listed, or when none are listed.
    /// (The texts are made once, with the calendar: a warning costs no allocation on the batch path.)
    func coverageWarning(start: CivilDate, due: CivilDate) -> String? {
        guard region == nil else { return nil }
        guard let years = listedYears else { return warnings.none }
        if due.year > years.upperBound { return warnings.after }
        if start.year < years.lowerBound { return warnings.before }
        return nil
    }
}

/// The warnings of a calendar with no name (see `WorkingCalendar.coverageWarning`).
struct CoverageWarnings: Sendable {
    var none: String?
    var after: String?
    var before: String?

    init(region: BankHolidayRegion?, listedYears years: ClosedRange<Int>?) {
        guard region == nil else { return }
        let fix = "name a calendar in the rule set, e.g. `calendar \"england-and-wales\"`"
        guard let years else {
            none =
                "the rule set lists no holidays and names no calendar, so bank holidays were not skipped in counting working days: \(fix)"
            return
        }
        let range =
            years.lowerBound == years.upperBound ? "\(years.lowerBound)" : "\(years.lowerBound)–\(years.upperBound)"
        func text(_ outside: String) -> String {
            "the working days were counted past the rule set's listed holidays (\(range)): bank holidays \(outside) were not skipped, so the due time may be too early; \(fix)"
        }
        after = text("after \(years.upperBound)")
        before = text("before \(years.lowerBound)")
    }
}
