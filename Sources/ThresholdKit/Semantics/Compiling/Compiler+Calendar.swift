/// `calendar "england-and-wales"`: one named calendar per rule set.
extension Compiler {
    func calendar(_ c: CalendarDecl, after first: (region: BankHolidayRegion, span: SourceSpan)?)
        -> (region: BankHolidayRegion, span: SourceSpan)?
    {
        guard let region = BankHolidayRegion(identifier: c.name) else {
            let names = BankHolidayRegion.allCases.map(\.identifier)
            error(
                .unknownCalendar, "there is no calendar \"\(c.name)\"", at: c.span,
                hint: suggestion(c.name, names)
                    ?? "the calendars are: \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
            return first
        }
        if let first {
            if first.region != region {
                error(
                    .duplicateCalendar, "a rule set names one calendar; this is a second", at: c.span,
                    hint: "keep one `calendar` line; add a council's own closure days with `holiday DATE \"…\"`",
                    notes: [DiagnosticNote("the first `calendar` line", at: first.span)])
            }
            return first
        }
        return (region, c.span)
    }
}
