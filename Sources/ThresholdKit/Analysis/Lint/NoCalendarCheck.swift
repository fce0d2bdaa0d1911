/// `no-calendar`: a level due `within N working days` in a rule set that names no calendar and lists no
/// holidays, so bank holidays would be counted as working days. Reported at the first such level.
struct NoCalendarCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        let rs = context.ruleSet
        guard rs.calendar.region == nil, rs.calendar.holidays.isEmpty,
            let level = rs.levels.first(where: { $0.within?.unit == .workingDays })
        else { return [] }
        return [
            .warning(
                .noCalendar,
                "level `\(level.name)` is due within working days, but the rule set names no calendar: bank holidays would count as working days",
                at: level.span,
                hint:
                    "add `calendar \"england-and-wales\"` (or \"scotland\", \"northern-ireland\"); list a council's own closure days with `holiday DATE \"…\"`"
            )
        ]
    }
}
