/// `cap-never-lowers`: a cap at or above the most severe level any rule gives (and the default level) can
/// never hold the outcome lower than the rules would, so it changes nothing. Reported at the cap's `at LEVEL`.
/// (A cap whose condition can never hold is `never-holds`.)
struct CapNeverLowersCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        let rs = context.ruleSet
        let highest = rs.rules.reduce(rs.defaultLevel) { Swift.max($0, $1.level) }
        var out: [Diagnostic] = []
        for (i, cap) in rs.caps.enumerated() where cap.level >= highest {
            out.append(
                .warning(
                    .capNeverLowers,
                    "cap `\(cap.name)` can never lower the outcome: no rule gives a level above `\(context.level(cap.level))`",
                    at: context.levelSpan(cap: i),
                    hint:
                        "hold the outcome at a level below `\(context.level(highest))`, the most severe level the rules give, or remove the cap"
                ))
        }
        return out
    }
}
