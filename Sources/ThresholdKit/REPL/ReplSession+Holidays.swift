/// `holidays YEAR`: the loaded rule set's holidays in a year (its calendar's bank holidays and listed dates).
extension ReplSession {
    func holidaysCommand(_ rest: String) -> String {
        guard let rs = ruleSet else { return style.problem("no rule set is loaded") }
        guard let year = Int(rest), CivilDate.supportedYears.contains(year) else {
            return style.problem("`holidays` takes a year", hint: "write `holidays 2026`")
        }
        return HolidayListText.render(rs.calendar, year: year)
    }
}
