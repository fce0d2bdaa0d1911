import ThresholdKit

/// `threshold holidays CALENDAR|RULES --year Y`: the holidays working days skip in a year.
enum HolidaysCommand {
    static let command = Command(
        name: "holidays", synopsis: "CALENDAR|RULES", summary: "the holidays working days skip in a year",
        overviewLabel: "holidays CALENDAR|RULES --year Y",
        about: """
            Lists the holidays that working days skip in YEAR (0-9999), with the weekday each is taken on:
            substitute days, one-off changes with their sources. CALENDAR is england-and-wales, scotland or
            northern-ireland; RULES is a rule set, whose calendar and own `holiday` dates are listed (and a
            warning given when its hand-listed holidays do not reach YEAR).
            """,
        options: [.value("year", "YEAR", usage: "--year YEAR")], run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        guard a.positional.count == 1, let name = a.positional.first else {
            return a.usageError("name one calendar or rule set")
        }
        guard let text = a.value("year"), let year = Int(text) else {
            return a.usageError("give the year as --year YEAR, e.g. --year 2026")
        }
        guard CivilDate.supportedYears.contains(year) else {
            let range = CivilDate.supportedYears
            return a.usageError(
                "year \(year) is outside \(range.lowerBound) to \(range.upperBound), the years dates are written in")
        }
        let list = HolidayFormats.registry.default
        if let region = BankHolidayRegion(identifier: name) {
            Console.out(list.render(.init(WorkingCalendar(holidays: [], region: region), year: year), .init()))
            return .success
        }
        guard name.hasSuffix(".rules") else {
            let names = BankHolidayRegion.allCases.map(\.identifier)
            let near = Suggestions.nearest(to: name, in: names).map { " (did you mean `\($0)`?)" } ?? ""
            return a.fail(
                "no calendar `\(name)`\(near); the calendars are \(names.joined(separator: ", ")), or name a .rules file"
            )
        }
        guard let ruleSet = Console.loadRuleSet(name, command: "holidays") else { return .couldNotRun }
        Console.out(list.render(.init(ruleSet.calendar, year: year), .init()))
        return .success
    }
}
