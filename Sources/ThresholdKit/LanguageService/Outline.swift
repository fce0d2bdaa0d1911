/// The blocks of a file, from its tokens: each `rule`, `cap`, `advise`, `score`, `domain`, `bands`, `levels`
/// (and, in scenario files, `scenario`) with the `end` that closes it; and where each top-level declaration
/// starts and ends.
struct Blocks {
    struct Block {
        var keyword: String
        var startLine: Int
        var endLine: Int
    }
    var blocks: [Block] = []
    /// Each top-level declaration's first and last line (1-based), in order.
    var declarations: [(startLine: Int, endLine: Int)] = []

    init(_ file: SourceFile, scenarioFile: Bool) {
        let (tokens, _) = Lexer.tokenize(file)
        let openers: Set<String> =
            scenarioFile ? ["scenario"] : ["rule", "cap", "advise", "score", "domain", "bands", "levels"]
        let starters: Set<String> = scenarioFile ? ["scenario", "rules"] : Parser.declarationWords
        var stack: [(String, Int)] = []
        var lastLine = 1
        for t in tokens {
            if t.kind == .endOfFile { break }
            let line = t.span.start.line
            if let w = t.word {
                if stack.isEmpty, t.startsLine, starters.contains(w) {
                    if var last = declarations.popLast() {
                        last.endLine = max(last.startLine, lastLine)
                        declarations.append(last)
                    }
                    declarations.append((line, line))
                }
                if openers.contains(w) {
                    stack.append((w, line))
                } else if w == "end", let (k, start) = stack.popLast() {
                    blocks.append(Block(keyword: k, startLine: start, endLine: line))
                }
            }
            lastLine = line
        }
        if var last = declarations.popLast() {
            last.endLine = max(last.startLine, lastLine)
            declarations.append(last)
        }
    }

    /// The extent of the top-level declaration that holds `line`.
    func declaration(holding line: Int) -> (startLine: Int, endLine: Int)? {
        declarations.last { $0.startLine <= line && line <= $0.endLine }
    }
}

/// A folding range: lines to fold (0-based, inclusive).
struct LSPFoldingRange: Equatable {
    var startLine: Int
    var endLine: Int
}

/// An entry of the outline (`textDocument/documentSymbol`).
struct LSPDocumentSymbol: Equatable {
    var name: String
    var detail: String?
    /// The protocol's `SymbolKind`.
    var kind: Int
    var range: LSPRange
    var selectionRange: LSPRange
    var children: [LSPDocumentSymbol] = []
}

enum LSPSymbolKind {
    static let module = 2, namespace = 3, `class` = 5, method = 6, `enum` = 10, function = 12, variable = 13,
        string = 15, object = 19, enumMember = 22, event = 24
}

extension LanguageService {
    func foldingRanges(_ path: String) -> [LSPFoldingRange] {
        let p = Paths.normalize(path)
        guard let doc = lines(of: p) else { return [] }
        let blocks = Blocks(
            SourceFile(path: p, text: doc.text(0..<doc.bytes.count)), scenarioFile: p.hasSuffix(".scenario"))
        return blocks.blocks.filter { $0.endLine > $0.startLine }
            .map { LSPFoldingRange(startLine: $0.startLine - 1, endLine: $0.endLine - 1) }
            .sorted { ($0.startLine, $0.endLine) < ($1.startLine, $1.endLine) }
    }

    /// The outline: each declaration of the file with its name, kind and extent; a score holds its domains and
    /// bands, `levels` its levels; a scenario file lists its scenarios.
    func documentSymbols(_ path: String) -> [LSPDocumentSymbol] {
        let p = Paths.normalize(path)
        guard let lines = lines(of: p) else { return [] }
        let file = SourceFile(path: p, text: lines.text(0..<lines.bytes.count))
        let blocks = Blocks(file, scenarioFile: p.hasSuffix(".scenario"))
        func extent(_ name: Name) -> LSPRange {
            let sel = lines.range(of: name.span)
            guard let d = blocks.declaration(holding: name.span.start.line) else { return sel }
            let start = LSPPosition(line: d.startLine - 1, character: 0)
            let end = lines.position(ofByte: lines.lineEnd(d.endLine - 1))
            return LSPRange(start: min(start, sel.start), end: max(end, sel.end))
        }
        func symbol(_ name: Name, _ detail: String?, _ kind: Int, children: [LSPDocumentSymbol] = [])
            -> LSPDocumentSymbol
        {
            LSPDocumentSymbol(
                name: name.text, detail: detail, kind: kind, range: extent(name),
                selectionRange: lines.range(of: name.span),
                children: children)
        }
        func leaf(_ name: Name, _ detail: String?, _ kind: Int) -> LSPDocumentSymbol {
            let r = lines.range(of: name.span)
            return LSPDocumentSymbol(name: name.text, detail: detail, kind: kind, range: r, selectionRange: r)
        }
        if p.hasSuffix(".scenario") {
            let (syntax, _) = Parser.parseScenarios(file)
            return syntax.scenarios.map { symbol($0.id, $0.title, LSPSymbolKind.object) }
        }
        let (syntax, _) = Parser.parseRules(file)
        var out: [LSPDocumentSymbol] = []
        for d in syntax.declarations {
            switch d {
            case .fact(let f): out.append(symbol(f.name, f.question, LSPSymbolKind.variable))
            case .define(let def): out.append(symbol(def.name, "definition", LSPSymbolKind.function))
            case .rule(let r): out.append(symbol(r.name, r.label, LSPSymbolKind.method))
            case .cap(let c): out.append(symbol(c.name, c.label, LSPSymbolKind.event))
            case .advise(let a): out.append(symbol(a.name, a.text, LSPSymbolKind.string))
            case .score(let s):
                let kids =
                    s.domains.map { leaf($0.name, $0.label, LSPSymbolKind.namespace) }
                    + s.bands.map { leaf($0.name, $0.label, LSPSymbolKind.enumMember) }
                out.append(symbol(s.name, s.label, LSPSymbolKind.class, children: kids))
            case .levels(let ls):
                guard !ls.levels.isEmpty else { continue }
                let kids = ls.levels.map { leaf($0.name, $0.label, LSPSymbolKind.enumMember) }
                var levels = symbol(Name("levels", ls.span), nil, LSPSymbolKind.enum, children: kids)
                levels.range.end = max(levels.range.end, kids.last?.range.end ?? levels.range.end)
                out.append(levels)
            case .header, .include, .defaultLevel, .clockStarts, .holiday, .calendar: break
            }
        }
        return out
    }
}
