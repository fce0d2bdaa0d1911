/// A calendar's holidays in one year, for people (`threshold holidays`, the REPL's `holidays YEAR`).
///
/// ```swift
/// print(HolidayListText.render(ruleSet.calendar, year: 2026), terminator: "")
/// ```
public enum HolidayListText {
    public static func render(_ calendar: WorkingCalendar, year: Int) -> String {
        let list = calendar.holidays(in: year)
        var out = "Holidays in \(year): \(calendar.summary)\n"
        if list.isEmpty { out += "  none\n" }
        for h in list {
            out +=
                "  \(h.date)  \(weekdayNames[h.date.weekday - 1])  \(h.title)"
                + (h.isListed ? " (listed in the rule set)" : "") + "\n"
            if let s = h.source { out += "      source: \(s)\n" }
        }
        if let warning = coverage(calendar, year) { out += "Warning: \(warning)\n" }
        return out
    }

    /// A hand-listed calendar that does not reach `year`.
    static func coverage(_ calendar: WorkingCalendar, _ year: Int) -> String? {
        guard calendar.region == nil else { return nil }
        guard let years = calendar.listedYears else {
            return "the rule set names no calendar and lists no holidays: bank holidays are counted as working days"
        }
        guard !years.contains(year) else { return nil }
        let range =
            years.lowerBound == years.upperBound ? "\(years.lowerBound)" : "\(years.lowerBound)–\(years.upperBound)"
        return
            "the rule set names no calendar and lists holidays for \(range) only: bank holidays in \(year) are counted as working days"
    }

    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
}
