/// `threshold diff` for people: the two versions, the outcome matrix, the band matrices that moved, the
/// changed cases by cause, the worked cases' failing expectations and the rule-set changes.
///
/// ```swift
/// print(DiffTextRenderer().render(run.report()), terminator: "")   // `run`: a `DiffRun` given its cases
/// ```
public struct DiffTextRenderer {
    /// List every case id of each group (otherwise the first `idLimit`).
    var allIDs: Bool
    var idLimit: Int

    public init(allIDs: Bool = false, idLimit: Int = 10) {
        self.allIDs = allIDs
        self.idLimit = idLimit
    }

    public func render(_ r: DiffReport) -> String {
        var out = "old: \(version(r.old))\nnew: \(version(r.new))\n"
        let changed = r.changed.count
        out +=
            "\(r.scenarios) case\(plural(r.scenarios)) scored under both (\(r.workedCases) worked, \(r.lines) line\(plural(r.lines))): "
        out +=
            "\(r.outcomeChanges) outcome\(plural(r.outcomeChanges)) changed, \(changed) case\(plural(changed)) changed in any way\n"
        if !r.droppedFacts.isEmpty {
            out += "\nFacts the new version no longer declares, given by cases (\(DiffReport.droppedNote))\n"
            for d in r.droppedFacts { out += "  \(d.fact): \(d.cases) case\(plural(d.cases))\n" }
        }

        out += "\nOutcomes (rows: old, columns: new)\n"
        out += matrix(
            rows: r.old.levels, columns: r.new.levels, counts: r.outcomes,
            rowMark: { r.oldOnlyLevels.contains($0) ? " (old only)" : "" },
            columnMark: { r.newOnlyLevels.contains($0) ? "*" : "" })
        if !r.newOnlyLevels.isEmpty { out += "  * only in new: \(r.newOnlyLevels.joined(separator: ", "))\n" }
        if !r.oldOnlyLevels.isEmpty { out += "  only in old: \(r.oldOnlyLevels.joined(separator: ", "))\n" }

        let moved = r.bandMatrices.filter(DiffTextRenderer.moved)
        for m in moved {
            out += "\nBands of \(m.score) (rows: old, columns: new)\n"
            out += matrix(
                rows: m.oldBands, columns: m.newBands, counts: m.counts, rowMark: { _ in "" }, columnMark: { _ in "" })
        }
        let still = r.bandMatrices.count - moved.count
        if still > 0 {
            out +=
                "\n\(still) score\(plural(still)) with no band changed: \(r.bandMatrices.filter { !DiffTextRenderer.moved($0) }.map(\.score).joined(separator: ", "))\n"
        }

        out += "\nChanged cases, by cause\n"
        if r.groups.isEmpty { out += "  none\n" }
        for g in r.groups {
            out += "  \(DiffGrouping.headline(g))\n"
            if let due = r.dueChange(g.cause) { out += "    \(due)\n" }
            let shown = allIDs ? g.ids : Array(g.ids.prefix(idLimit))
            let more = g.ids.count - shown.count
            out +=
                "    " + shown.joined(separator: ", ") + (more > 0 ? ", … and \(more) more (--all-ids lists them)" : "")
                + "\n"
        }

        if !r.failingExpectations.isEmpty {
            out += "\nWorked-case expectations that would fail under new\n"
            for f in r.failingExpectations {
                let place = [f.file, f.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                out +=
                    "  \(place.isEmpty ? "" : place + ": ")\(f.scenario): \(f.expectation): \(DiffTextRenderer.short(f.message))\(f.passedUnderOld ? " (held under old)" : " (failed under old too)")\n"
            }
        }

        out += "\nRule set changes\n"
        if r.rulesetChanges.isEmpty { out += "  none\n" }
        for c in r.rulesetChanges { out += "  \(c.summary)\n" }

        if r.failureCount > 0 {
            out += "\n\(r.failureCount) case\(plural(r.failureCount)) could not be scored\n"
            for f in r.failures { out += "  \(DiffTextRenderer.describe(f))\n" }
            if r.failureCount > r.failures.count { out += "  … and \(r.failureCount - r.failures.count) more\n" }
        }
        return out
    }

    /// `front-door.rules: "Front door" version 2019.1, sha256:0123456789ab…`.
    func version(_ v: DiffReport.Version) -> String {
        "\(v.label): \"\(v.name)\"" + (v.version.map { " version \($0)" } ?? "") + ", \(v.fingerprint.prefix(19))…"
    }

    /// A long message cut to its first 160 characters (JSON and HTML give it whole).
    static func short(_ message: String) -> String { message.count > 160 ? String(message.prefix(159)) + "…" : message }

    /// `file:line: (new) message`.
    public static func describe(_ f: DiffFailure) -> String {
        let place = [f.file, f.line.map { f.file == nil ? "line \($0)" : String($0) }].compactMap { $0 }.joined(
            separator: ":")
        return (place.isEmpty ? "" : place + ": ") + (f.version.map { "(\($0.rawValue)) " } ?? "") + f.message
    }

    /// Some case left the diagonal (its band's name changed).
    static func moved(_ m: DiffReport.BandMatrix) -> Bool {
        for (i, row) in m.counts.enumerated() {
            for (j, n) in row.enumerated() where n > 0 && m.oldBands[i] != m.newBands[j] { return true }
        }
        return false
    }

    /// A table: a row per old name, a column per new name, `.` for none.
    func matrix(
        rows: [String], columns: [String], counts: [[Int]], rowMark: (String) -> String, columnMark: (String) -> String
    ) -> String {
        let rowNames = rows.map { $0 + rowMark($0) }
        let columnNames = columns.map { $0 + columnMark($0) }
        let first = max(4, rowNames.map(\.count).max() ?? 0)
        let cells = counts.map { $0.map { $0 == 0 ? "." : String($0) } }
        let widths = columnNames.indices.map { j in
            max(columnNames[j].count, cells.map { $0.indices.contains(j) ? $0[j].count : 0 }.max() ?? 0)
        }
        func pad(_ s: String, _ w: Int, left: Bool) -> String {
            let gap = String(repeating: " ", count: max(0, w - s.count))
            return left ? s + gap : gap + s
        }
        var out = "  " + pad("", first, left: true)
        for (j, c) in columnNames.enumerated() { out += "  " + pad(c, widths[j], left: false) }
        out += "\n"
        for (i, name) in rowNames.enumerated() {
            out += "  " + pad(name, first, left: true)
            for j in columnNames.indices {
                out +=
                    "  "
                    + pad(
                        cells.indices.contains(i) && cells[i].indices.contains(j) ? cells[i][j] : ".", widths[j],
                        left: false)
            }
            out += "\n"
        }
        return out
    }

    func plural(_ n: Int) -> String { n == 1 ? "" : "s" }
}
