/// The fixes a diagnostic carries: a "did you mean `x`?" hint on a misspelt name replaces the name; a missing
/// `end` is inserted before what was found instead.
enum CodeActions {
    static func fix(for d: Diagnostic, range: LSPRange, lines: LineIndex) -> LSPDiagnostic.Fix? {
        if let hint = d.hint, let suggestion = suggestion(in: hint), range.start.line == range.end.line {
            let a = lines.byteOffset(of: range.start)
            let b = lines.byteOffset(of: range.end)
            let written = lines.text(a..<b)
            guard isIdentifier(written), written != suggestion else { return nil }
            return LSPDiagnostic.Fix(title: "Change `\(written)` to `\(suggestion)`", range: range, newText: suggestion)
        }
        if d.message.hasPrefix("expected `end` to close ") {
            let lineStart = lines.lineStarts[min(range.start.line, lines.lineCount - 1)]
            let before = lines.text(lineStart..<lines.byteOffset(of: range.start))
            if before.allSatisfy({ $0 == " " || $0 == "\t" }) {
                let at = LSPPosition(line: range.start.line, character: 0)
                return LSPDiagnostic.Fix(title: "Insert `end`", range: LSPRange(start: at, end: at), newText: "end\n")
            }
            return LSPDiagnostic.Fix(
                title: "Insert `end`", range: LSPRange(start: range.start, end: range.start), newText: "end\n")
        }
        return nil
    }

    /// The one name a hint suggests: "did you mean `x`?" (not "`x` or `y`", not a phrase).
    static func suggestion(in hint: String) -> String? {
        guard let r = hint.range(of: "did you mean `") else { return nil }
        let rest = hint[r.upperBound...]
        guard let close = rest.firstIndex(of: "`") else { return nil }
        let name = String(rest[..<close])
        guard rest[close...].hasPrefix("`?"), isIdentifier(name) else { return nil }
        return name
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCII, first == "_" || first.properties.isAlphabetic
        else { return false }
        return s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
        }
    }
}
