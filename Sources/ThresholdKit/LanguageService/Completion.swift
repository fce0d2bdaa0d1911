/// One completion proposal.
struct LSPCompletionItem: Equatable {
    var label: String
    /// The protocol's `CompletionItemKind`.
    var kind: Int
    var detail: String?
    var documentation: String?
}

enum LSPCompletionKind {
    static let method = 2, function = 3, field = 5, variable = 6, `class` = 7, value = 12, keyword = 14,
        enumMember = 20, event = 23
}

extension LanguageService {
    /// What fits at the position: fact names (with their questions) in a condition; the fact's values after
    /// `=`, `in (` and `has`; levels after `then`; a score's bands after `is`; keywords. In a scenario file,
    /// fact names and, after `NAME =`, the values that fact allows; rules, levels, advice after the words of an
    /// expectation.
    func completion(_ path: String, _ position: LSPPosition) -> [LSPCompletionItem] {
        let p = Paths.normalize(path)
        guard let lines = lines(of: p) else { return [] }
        let lineStart = lines.lineStarts[min(max(0, position.line), lines.lineCount - 1)]
        let prefix = lines.text(lineStart..<lines.byteOffset(of: position))
        var (tokens, _) = Lexer.tokenize(SourceFile(path: p, text: prefix))
        tokens.removeLast()  // the end of the file
        // The word being typed is not context.
        if let last = tokens.last, last.word != nil, !(prefix.last.map { $0 == " " || $0 == "\t" } ?? true) {
            tokens.removeLast()
        }
        guard let unit = units(for: p).first else { return Self.keywordItems(scenario: p.hasSuffix(".scenario")) }
        let index = unit.index
        let words = tokens.map {
            $0.word
                ?? ($0.kind == .symbol(.leftParen)
                    ? "("
                    : $0.kind == .symbol(.compare(.eq))
                        ? "=" : $0.kind == .symbol(.compare(.ne)) ? "!=" : $0.kind == .symbol(.comma) ? "," : "·")
        }
        let last = words.last
        let before = words.count >= 2 ? words[words.count - 2] : nil

        if p.hasSuffix(".scenario") {
            switch last {
            case "=" where words.count >= 2:
                return valueItems(of: words[words.count - 2], index, inScenario: true)
            case "outcome", "at", "least", "most": return items(.level, index)
            case "fired", "undetermined": return items(.rule, index)
            case "advice": return items(.advice, index)
            case "missing", "before": return items(.value, index, factsOnly: true)
            case "score", "of": return items(.value, index, scoresOnly: true)
            case nil: return items(.value, index, factsOnly: true) + Self.keywordItems(scenario: true)
            default: return []
            }
        }
        switch last {
        case "then", "default": return items(.level, index)
        case "at" where before != "is": return items(.level, index)
        case "is", "least", "most":
            let subject = words.lastIndex(of: "is").flatMap { $0 > 0 ? words[$0 - 1] : nil }
            if let s = subject, case .score? = index.declaration(SymbolKey(space: .value, name: s))?.decl {
                return items(.band, index, score: s)
            }
            let kw =
                last == "is"
                ? ["known", "not", "at"].map { LSPCompletionItem(label: $0, kind: LSPCompletionKind.keyword) } : []
            return items(.level, index) + kw
        case "=", "!=", "has":
            // A fact's values; after a definition's `=`, or a fact without named values, what any condition reads.
            let values = before.map { valueItems(of: $0, index, inScenario: false) } ?? []
            if !values.isEmpty { return values }
        default: break
        }
        // Inside `X in (a, b, |`: the values of X.
        var i = words.count - 1
        while i >= 0, words[i] != "(", words[i] != ")" { i -= 1 }
        if i >= 2, words[i] == "(", words[i - 1] == "in" {
            return valueItems(
                of: words[i - 2] == "not" && i >= 3 ? words[i - 3] : words[i - 2], index, inScenario: false)
        }
        return items(.value, index) + Self.keywordItems(scenario: false)
    }

    private func items(
        _ space: SymbolSpace, _ index: SymbolIndex, score: String? = nil, factsOnly: Bool = false,
        scoresOnly: Bool = false
    ) -> [LSPCompletionItem] {
        var out: [LSPCompletionItem] = []
        for (key, entry) in index.declarations where key.space == space {
            if let score, !key.name.hasPrefix(score + ".") { continue }
            let label = score.map { String(key.name.dropFirst($0.count + 1)) } ?? key.name
            switch entry.decl {
            case .fact(let f):
                if scoresOnly { continue }
                out.append(
                    LSPCompletionItem(
                        label: label, kind: LSPCompletionKind.variable, detail: Self.typeText(f.type),
                        documentation: f.question))
            case .definition(let d):
                if factsOnly || scoresOnly { continue }
                out.append(
                    LSPCompletionItem(
                        label: label, kind: LSPCompletionKind.function, detail: "define",
                        documentation: writtenUntilLineEnd(d.body.span)))
            case .score(let s):
                if factsOnly { continue }
                out.append(
                    LSPCompletionItem(
                        label: label, kind: LSPCompletionKind.class, detail: "score", documentation: s.label))
            case .rule(let r):
                out.append(
                    LSPCompletionItem(
                        label: label, kind: LSPCompletionKind.method, detail: "then \(r.level.text)",
                        documentation: r.label))
            case .level(let l):
                out.append(
                    LSPCompletionItem(
                        label: label, kind: LSPCompletionKind.enumMember, detail: l.label, documentation: l.route))
            case .advice(let a):
                out.append(
                    LSPCompletionItem(
                        label: label, kind: LSPCompletionKind.event, detail: "advice", documentation: a.text))
            case .band(let b, _):
                let cut = b.high.map { "\(b.low) to \($0)" } ?? "\(b.low) and above"
                out.append(
                    LSPCompletionItem(
                        label: label, kind: LSPCompletionKind.enumMember, detail: cut, documentation: b.label))
            case .cap, .domain, .scenario: continue
            }
        }
        return out.sorted { $0.label < $1.label }
    }

    /// The values a fact takes, for after `=`, `in (` or `has` (and in a scenario's `given`).
    private func valueItems(of name: String, _ index: SymbolIndex, inScenario: Bool) -> [LSPCompletionItem] {
        guard case .fact(let f)? = index.declaration(SymbolKey(space: .value, name: name))?.decl else {
            if inScenario, case .score? = index.declaration(SymbolKey(space: .value, name: name))?.decl { return [] }
            return []
        }
        var values: [String]
        switch f.type {
        case .oneOf(let vs), .someOf(let vs): values = vs.map(\.text)
        case .yesNo: values = ["yes", "no"]
        case .level: values = index.declarations.keys.filter { $0.space == .level }.map(\.name).sorted()
        default: values = []
        }
        if inScenario { values.append("unknown") }
        return values.map {
            LSPCompletionItem(label: $0, kind: LSPCompletionKind.enumMember, detail: f.name.text, documentation: nil)
        }
    }

    static let ruleKeywords = [
        "fact", "define", "rule", "cap", "score", "advise", "levels", "include", "when", "then", "because", "source",
        "unless", "end", "and", "or", "not", "is", "known", "in", "has", "between", "at", "least", "most", "yes", "no",
        "count", "all", "any", "none", "of", "required", "default", "asked",
    ]
    static let scenarioKeywords = [
        "scenario", "given", "expect", "end", "outcome", "fired", "advice", "missing", "due", "score", "source",
        "story",
    ]

    static func keywordItems(scenario: Bool) -> [LSPCompletionItem] {
        (scenario ? scenarioKeywords : ruleKeywords).map {
            LSPCompletionItem(label: $0, kind: LSPCompletionKind.keyword)
        }
    }
}
