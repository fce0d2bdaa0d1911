import ThresholdKit

/// `threshold holidays CALENDAR|RULES --year Y`: the holidays working days skip in a year.
enum HolidaysCommand {
    static let usage = """
        usage: threshold holidays CALENDAR|RULES --year YEAR

        Lists the holidays that working days skip in YEAR (0-9999), with the weekday each is taken on:
        substitute days, one-off changes with their sources. CALENDAR is england-and-wales, scotland or
        northern-ireland; RULES is a rule set, whose calendar and own `holiday` dates are listed (and a
        warning given when its hand-listed holidays do not reach YEAR).
        """

    static func run(_ args: [String]) -> Console.Exit {
        let a: Arguments
        do { a = try Arguments(args, valued: ["year"]) } catch let p as Arguments.Problem {
            Console.err("threshold holidays: \(p.message)\n\n\(usage)\n")
            return .couldNotRun
        } catch { return .couldNotRun }
        guard a.positional.count == 1, let name = a.positional.first else {
            Console.err("threshold holidays: name one calendar or rule set\n\n\(usage)\n")
            return .couldNotRun
        }
        guard let text = a.value("year"), let year = Int(text), CivilDate.supportedYears.contains(year) else {
            Console.err("threshold holidays: give the year as --year YEAR, e.g. --year 2026\n\n\(usage)\n")
            return .couldNotRun
        }
        if let region = BankHolidayRegion(identifier: name) {
            Console.out(HolidayListText.render(WorkingCalendar(holidays: [], region: region), year: year))
            return .success
        }
        guard name.hasSuffix(".rules") else {
            let names = BankHolidayRegion.allCases.map(\.identifier)
            let near = Suggestions.nearest(to: name, in: names).map { " (did you mean `\($0)`?)" } ?? ""
            Console.err(
                "threshold holidays: no calendar `\(name)`\(near); the calendars are \(names.joined(separator: ", ")), or name a .rules file\n"
            )
            return .couldNotRun
        }
        guard let ruleSet = Console.loadRuleSet(name, command: "holidays") else { return .couldNotRun }
        Console.out(HolidayListText.render(ruleSet.calendar, year: year))
        return .success
    }
}
