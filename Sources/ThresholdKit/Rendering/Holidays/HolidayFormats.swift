/// The formats of a calendar's holidays in a year (`threshold holidays`, the REPL's `holidays YEAR`): text.
public enum HolidayFormats {
    /// A calendar and the year to list.
    public struct Year: Sendable {
        var calendar: WorkingCalendar
        var year: Int

        public init(_ calendar: WorkingCalendar, year: Int) {
            self.calendar = calendar
            self.year = year
        }
    }

    public struct Settings: Sendable {
        public init() {}
    }

    public static let registry = FormatRegistry<Year, Settings>([
        RenderFormat.forPeople("text", "each holiday of the year with its date and source") { y, _ in
            HolidayListText.render(y.calendar, year: y.year)
        }
    ])
}
