/// What hovering over a name shows (Markdown): a fact's question, type, values, default, `asked when`, source
/// and uses; a rule's level, `because`, source and the worked cases it fires in; a level's route and timescale;
/// a score's bands and cut-offs; an advice's text and source.
struct LSPHover: Equatable {
    var markdown: String
    var range: LSPRange
}

extension LanguageService {
    func hover(_ path: String, _ position: LSPPosition) -> LSPHover? {
        guard let (o, units) = symbol(at: path, position), let range = location(o.span)?.range else { return nil }
        if o.key.space == .scenario {
            guard let s = scenarioSyntax(Paths.normalize(path))?.scenarios.first(where: { $0.id.text == o.key.name })
            else { return nil }
            var md = "**scenario** `\(s.id.text)`"
            if let t = s.title { md += " — " + t }
            if let story = s.story { md += "\n\n" + story }
            if let src = s.source { md += "\n\n*Source:* " + src }
            return LSPHover(markdown: md, range: range)
        }
        for u in units {
            guard let (_, decl) = u.index.declaration(o.key) else { continue }
            var md = describe(decl, unit: u)
            if o.key.space == .value {
                md += "\n\n" + uses(of: o.key, in: units, from: Paths.normalize(path))
            }
            return LSPHover(markdown: md, range: range)
        }
        return nil
    }

    /// The text of an expression or value as written (its first line).
    func written(_ span: SourceSpan) -> String {
        guard let l = lines(of: span.start.file) else { return "" }
        let a = l.byteOffset(line: span.start.line, column: span.start.column)
        let b = min(
            l.byteOffset(line: span.start.line, column: span.start.column + span.length), l.lineEnd(span.start.line - 1)
        )
        return l.text(a..<max(a, b))
    }

    func writtenUntilLineEnd(_ span: SourceSpan) -> String {
        guard let l = lines(of: span.start.file) else { return "" }
        let a = l.byteOffset(line: span.start.line, column: span.start.column)
        return l.text(a..<l.lineEnd(span.start.line - 1)).trimmingTrailingComment()
    }

    static func typeText(_ t: FactTypeSyntax) -> String {
        switch t {
        case .yesNo: return "yes/no"
        case .number(let lo, let hi):
            if let lo, let hi { return "number \(lo) to \(hi)" }
            return "number"
        case .count(let hi): return hi.map { "count to \($0)" } ?? "count"
        case .oneOf(let vs): return "one of " + vs.map(\.text).joined(separator: ", ")
        case .someOf(let vs): return "some of " + vs.map(\.text).joined(separator: ", ")
        case .text: return "text"
        case .date: return "date"
        case .dateTime: return "datetime"
        case .level: return "level"
        }
    }

    static func valueText(_ v: ValueSyntax) -> String {
        switch v.kind {
        case .number(let n): return n.description
        case .bool(let b): return b ? "yes" : "no"
        case .unknown: return "unknown"
        case .word(let w): return w
        case .set(let ns): return "(" + ns.map(\.text).joined(separator: ", ") + ")"
        case .string(let s): return "\"\(s)\""
        case .date(let d): return "\(d)"
        case .dateTime(let d): return "\(d)"
        }
    }

    func file(_ span: SourceSpan) -> String {
        let f = span.start.file
        return f.split(separator: "/").last.map(String.init) ?? f
    }

    func describe(_ decl: SymbolDeclaration, unit: AnalysisUnit) -> String {
        switch decl {
        case .fact(let f):
            var md = "**fact** `\(f.name.text)`: \(Self.typeText(f.type))"
            if let q = f.question { md += "\n\n\(q)" }
            var facts: [String] = []
            if f.required { facts.append("required") }
            if let d = f.defaultValue { facts.append("default `\(Self.valueText(d))`") }
            if let w = f.askedWhen { facts.append("asked when `\(writtenUntilLineEnd(w.span))`") }
            if f.askedFirst { facts.append("asked first") }
            if !facts.isEmpty { md += "\n\n" + facts.joined(separator: " · ") }
            if let s = f.source { md += "\n\n*Source:* " + s }
            md += "\n\nDeclared in \(file(f.name.span)):\(f.name.span.start.line)"
            return md
        case .definition(let d):
            return
                "**define** `\(d.name.text)` = `\(writtenUntilLineEnd(d.body.span))`\n\nDeclared in \(file(d.name.span)):\(d.name.span.start.line)"
        case .score(let s):
            var md = "**score** `\(s.name.text)`" + (s.label.map { ": " + $0 } ?? "")
            if !s.domains.isEmpty {
                md += "\n\nDomains: " + s.domains.map { "`\($0.name.text)`" }.joined(separator: ", ")
            }
            if !s.bands.isEmpty {
                md += "\n\nBands:"
                for b in s.bands {
                    let cut = b.high.map { "\(b.low) to \($0)" } ?? "\(b.low) and above"
                    md += "\n- `\(b.name.text)` \(cut)" + (b.label.map { " — " + $0 } ?? "")
                }
            }
            if let src = s.source { md += "\n\n*Source:* " + src }
            return md
        case .rule(let r):
            var md = "**rule** `\(r.name.text)`" + (r.label.map { ": " + $0 } ?? "") + "\n\nthen **\(r.level.text)**"
            if let b = r.because { md += "\n\n*Because:* " + b }
            if let s = r.source { md += "\n\n*Source:* " + s }
            if let f = firings(of: r.name.text, in: r.name.span.start.file) {
                md += "\n\nFires in \(f.fires) of \(f.of) worked cases"
            }
            return md
        case .cap(let c):
            var md = "**cap** `\(c.name.text)`" + (c.label.map { ": " + $0 } ?? "") + "\n\nholds at **\(c.level.text)**"
            if let b = c.because { md += "\n\n*Because:* " + b }
            if let s = c.source { md += "\n\n*Source:* " + s }
            return md
        case .level(let l):
            var md = "**level** `\(l.name.text)`" + (l.label.map { ": " + $0 } ?? "")
            if let r = l.route { md += "\n\n*Route:* " + r }
            if let t = l.within { md += "\n\n*Within:* " + t.description }
            return md
        case .advice(let a):
            var md = "**advice** `\(a.name.text)`\n\n\(a.text)"
            if let s = a.source { md += "\n\n*Source:* " + s }
            return md
        case .band(let b, let score):
            let cut = b.high.map { "\(b.low) to \($0)" } ?? "\(b.low) and above"
            return "**band** `\(b.name.text)` of score `\(score)`: \(cut)" + (b.label.map { "\n\n" + $0 } ?? "")
        case .domain(let d, let score):
            return "**domain** `\(d.name.text)` of score `\(score)`" + (d.label.map { "\n\n" + $0 } ?? "")
        case .scenario(let s):
            return "**scenario** `\(s.id.text)`" + (s.title.map { " — " + $0 } ?? "")
        }
    }

    /// "Used in …": the declarations (or scenarios) each use of a name stands in.
    func uses(of key: SymbolKey, in units: [AnalysisUnit], from path: String) -> String {
        let all = occurrences(of: key, in: units, from: path)
        // Uses in the rule set first, then in scenarios.
        let useSpans = all.filter { !$0.isDeclaration }.map(\.span)
            .sorted {
                ($0.start.file.hasSuffix(".scenario") ? 1 : 0, $0.start) < (
                    $1.start.file.hasSuffix(".scenario") ? 1 : 0, $1.start
                )
            }
        if useSpans.isEmpty { return "Not used." }
        // The enclosing declaration of a use: the last declaration written before it in its file.
        var anchors: [Occurrence] = []
        var files = Set(useSpans.map(\.start.file))
        files.insert(path)
        for u in units {
            anchors += u.index.occurrences.filter {
                $0.isDeclaration && ![.band, .domain, .level].contains($0.key.space)
            }
        }
        for f in files where f.hasSuffix(".scenario") {
            if let s = scenarioSyntax(f) {
                var i = SymbolIndex(rules: [])
                i.add(scenarios: s)
                anchors += i.occurrences.filter(\.isDeclaration)
            }
        }
        anchors.sort { $0.span.start < $1.span.start }
        var names: [String] = []
        var seen = Set<String>()
        for s in useSpans {
            let owner = anchors.last { $0.span.start.file == s.start.file && $0.span.start <= s.start }
            let label =
                owner.map { "\($0.key.space.rawValue == "value" ? "" : $0.key.space.rawValue + " ")`\($0.key.name)`" }
                ?? file(s)
            if seen.insert(label).inserted { names.append(label) }
        }
        let shown = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
        return "Used \(useSpans.count) time\(useSpans.count == 1 ? "" : "s"): \(shown)"
    }
}

extension String {
    /// The text before a `#` comment that is not inside a string, without trailing spaces.
    fileprivate func trimmingTrailingComment() -> String {
        var inString = false
        var out = ""
        for c in self {
            if c == "\"" { inString.toggle() }
            if c == "#", !inString { break }
            out.append(c)
        }
        while out.last == " " || out.last == "\t" { out.removeLast() }
        return out
    }
}
