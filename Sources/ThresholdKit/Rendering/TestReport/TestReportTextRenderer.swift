/// Renders a test report for people:
/// ```
/// PASS cases/a.scenario:3 harm_case: Harm: red
/// FAIL cases/a.scenario:14 neglect_case: Neglect
///   cases/a.scenario:21: expected outcome red, got amber (decided by neglect)
///   what happened:
///     Outcome: amber (Amber): Social work, within 3 days
///     …(the brief explanation of `score`, indented)
///
/// 1 failed:
///   cases/a.scenario:14 neglect_case
/// ran 2 scenarios from 1 file
/// 1 passed, 1 failed
/// ```
/// The last line is always `N passed, N failed`. With `coverage`, the coverage block comes just before it.
/// Without `passes`, the PASS lines are left out (failures are always shown): `test --coverage` prints the
/// coverage, not a line for every scenario before it.
///
/// ```swift
/// print(TestReportTextRenderer(coverage: true).render(TestRunner().run(["scenarios/camden/front-door.scenario"])), terminator: "")
/// ```
public struct TestReportTextRenderer {
    /// Show what each run exercised (`--coverage`).
    var coverage: Bool
    /// Show a PASS line for each scenario that passed.
    var passes: Bool

    public init(coverage: Bool = false, passes: Bool = true) {
        self.coverage = coverage
        self.passes = passes
    }

    public func render(_ report: TestReport) -> String {
        var out = ""
        for file in report.files {
            for s in file.scenarios where passes || !s.passed { out += scenario(s) }
        }
        // The blank line sets the summary off from the scenarios' lines, when there are some.
        out += out.isEmpty ? String(summary(report).dropFirst()) : summary(report)
        if coverage { out += TestReportTextRenderer.coverageBlock(report.coverage) }
        out += report.tally + "\n"
        return out
    }

    /// The `PASS`/`FAIL` line, and for a failure its failed clauses and the brief explanation.
    func scenario(_ s: TestReport.ScenarioResult) -> String {
        var out =
            (s.passed ? "PASS " : "FAIL ") + s.place + " " + s.id + (s.title.map { ": " + Self.oneLine($0) } ?? "")
        if s.expectationCount == 0 { out += " (no expectations)" }
        out += "\n"
        guard !s.passed else { return out }
        for f in s.failures { out += "  " + Self.place(s.file, f.line) + Self.oneLine(f.message) + "\n" }
        if var result = s.result {
            result.scenarioID = nil
            result.title = nil
            out += "  what happened:\n"
            out += Self.indent(TextResultRenderer(detail: .brief).render(result), by: "    ")
        }
        return out
    }

    /// The failed scenarios, the files that could not be loaded, and the counts (before the coverage block).
    func summary(_ report: TestReport) -> String {
        var out = "\n"
        let failed = report.scenarios.filter { !$0.passed }
        if !failed.isEmpty {
            out += "\(failed.count) failed:\n"
            for s in failed { out += "  \(s.place) \(s.id)\n" }
        }
        let unloadable = report.unloadable
        if !unloadable.isEmpty {
            out +=
                "\(TestReport.count(unloadable.count, "file")) could not be loaded (the errors are on standard error); none of \(unloadable.count == 1 ? "its" : "their") scenarios ran:\n"
            for f in unloadable {
                let n = f.errors.count
                out += "  \(f.path) (\(TestReport.count(n, "error")))\n"
            }
        }
        if let note = report.emptyRunNote { out += "note: \(note)\n" }
        let loaded = report.files.count - unloadable.count
        out += "ran \(TestReport.count(report.scenarios.count, "scenario")) from \(TestReport.count(loaded, "file"))"
        if let filter = report.filter, !filter.isEmpty {
            out += " (--filter \"\(filter)\" left out \(report.filteredOut))"
        }
        return out + "\n"
    }

    /// Per rule set: the rules never fired, advice never given, facts never given a value and bands never reached.
    static func coverageBlock(_ coverage: [Coverage]) -> String {
        var out = ""
        for c in coverage {
            let rs = c.ruleSet
            out += "\ncoverage of \(c.rulesPath) (\(rs.name)" + (rs.version.map { " \($0)" } ?? "") + "), "
            out += "\(TestReport.count(c.scenarios, "scenario")) from \(TestReport.count(c.files.count, "file")):\n"
            out += line("rules fired", c.rules, "never fired")
            if !rs.caps.isEmpty { out += line("caps that held the outcome lower", c.caps, "never held it lower") }
            for (score, tally) in c.bands { out += line("\(score) bands reached", tally, "never reached") }
            out += line("advice given", c.advice, "never given")
            out += line("facts given a value", c.facts, "never given")
        }
        return out.isEmpty ? "" : out + "\n"
    }

    /// `  rules fired: 20 of 24 (83.3%); never fired: a, b`.
    static func line(_ what: String, _ t: Coverage.Tally, _ never: String) -> String {
        var out = "  \(what): \(t.covered) of \(t.total) (\(t.percentText))"
        if !t.never.isEmpty { out += "; \(never): " + t.never.joined(separator: ", ") }
        return out + "\n"
    }

    /// `file:line: `, or nothing when the line is not known.
    static func place(_ file: String, _ line: Int?) -> String {
        guard let line else { return "" }
        return "\(file):\(line): "
    }

    /// `text` with every non-empty line prefixed (works on bytes: this runs once per failed scenario).
    static func indent(_ text: String, by prefix: String) -> String {
        let newline = UInt8(ascii: "\n")
        let pad = Array(prefix.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var atLineStart = true
        for byte in text.utf8 {
            if atLineStart && byte != newline { out.append(contentsOf: pad) }
            out.append(byte)
            atLineStart = byte == newline
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A title or message on one line: line breaks become spaces.
    static func oneLine(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return s }
        return String(decoding: s.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
    }
}
