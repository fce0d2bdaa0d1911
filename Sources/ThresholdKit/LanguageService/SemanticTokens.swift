/// Semantic tokens (`textDocument/semanticTokens/full`): every token the lexer finds, and every comment,
/// classified by what the name declares or uses, so an editor colours the language correctly.
enum SemanticTokenLegend {
    static let types = [
        "keyword", "variable", "function", "class", "method", "enumMember", "property", "event", "string", "number",
        "comment", "operator", "namespace",
    ]
    static let modifiers = ["declaration"]

    static func type(_ name: String) -> Int { types.firstIndex(of: name) ?? 0 }
}

extension LanguageService {
    /// The protocol's encoding: five integers per token (line delta, start delta, length, type, modifiers), in
    /// UTF-16 code units.
    func semanticTokens(_ path: String) -> [Int] {
        let p = Paths.normalize(path)
        guard let lines = lines(of: p) else { return [] }
        let file = SourceFile(path: p, text: lines.text(0..<lines.bytes.count))
        var lexer = Lexer(file: file)
        var spans: [(start: Int, end: Int, type: Int, modifiers: Int)] = []
        var tokens: [(Token, Range<Int>)] = []
        while true {
            let t = lexer.next()
            if t.kind == .endOfFile { break }
            tokens.append((t, lexer.lastTokenRange))
        }
        for r in lexer.commentRanges {
            spans.append((r.lowerBound, r.upperBound, SemanticTokenLegend.type("comment"), 0))
        }
        // What each name is, by where it is written.
        var known: [SourceLocation: Occurrence] = [:]
        var enumValues: [String: [String]] = [:]
        let scenario = p.hasSuffix(".scenario")
        let us = units(for: p)
        for u in us {
            enumValues.merge(u.index.enumValues) { a, _ in a }
            let index = scenario ? self.index(u, scenarios: [p]) : u.index
            for o in index.occurrences where o.span.start.file == p { known[o.span.start] = o }
        }
        if us.isEmpty, scenario, let s = scenarioSyntax(p) {
            var i = SymbolIndex(rules: [])
            i.add(scenarios: s)
            for o in i.occurrences { known[o.span.start] = o }
        }
        let keywords = Keywords.reserved.union([
            "cap", "unless", "asked", "first", "always", "tool", "calendar", "story", "rest", "before", "undetermined",
            "capped", "settled", "provisional", "unsettled", "complete", "incomplete", "started", "years", "hour",
            "day",
            "total",
        ])
        for (t, r) in tokens {
            let type: Int
            var modifiers = 0
            switch t.kind {
            case .word(let w):
                if let o = known[t.span.start] {
                    modifiers = o.isDeclaration ? 1 : 0
                    switch o.key.space {
                    case .value:
                        switch us.lazy.compactMap({ $0.index.declaration(o.key)?.decl }).first {
                        case .definition?: type = SemanticTokenLegend.type("function")
                        case .score?: type = SemanticTokenLegend.type("class")
                        default: type = SemanticTokenLegend.type("variable")
                        }
                    case .rule, .cap: type = SemanticTokenLegend.type("method")
                    case .level, .band: type = SemanticTokenLegend.type("enumMember")
                    case .domain: type = SemanticTokenLegend.type("property")
                    case .advice: type = SemanticTokenLegend.type("event")
                    case .scenario: type = SemanticTokenLegend.type("namespace")
                    }
                } else if keywords.contains(w) {
                    type = SemanticTokenLegend.type("keyword")
                } else if enumValues[w] != nil {
                    type = SemanticTokenLegend.type("enumMember")
                } else {
                    type = SemanticTokenLegend.type("variable")
                }
            case .number, .date, .dateTime: type = SemanticTokenLegend.type("number")
            case .string: type = SemanticTokenLegend.type("string")
            case .symbol: type = SemanticTokenLegend.type("operator")
            case .endOfFile: continue
            }
            spans.append((r.lowerBound, r.upperBound, type, modifiers))
        }
        spans.sort { $0.start < $1.start }
        var data: [Int] = []
        data.reserveCapacity(spans.count * 5)
        var previous = LSPPosition(line: 0, character: 0)
        var cursor = LineIndex.Cursor(lines)
        for s in spans {
            let start = cursor.position(ofByte: s.start)
            // Tokens never cross a line (strings and comments end with theirs).
            let end = cursor.position(ofByte: min(s.end, lines.lineEnd(start.line)))
            let length = end.line == start.line ? end.character - start.character : 0
            guard length > 0 else { continue }
            let dl = start.line - previous.line
            data += [dl, dl == 0 ? start.character - previous.character : start.character, length, s.type, s.modifiers]
            previous = start
        }
        return data
    }
}
