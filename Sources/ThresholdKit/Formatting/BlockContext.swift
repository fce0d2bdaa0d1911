/// The block a line sits in, which decides whether the line starts a clause (indented with the block) or
/// continues the one above it (two spaces further in).
enum BlockContext: Equatable {
    case rule  // `rule` and `cap`
    case advise
    case levels
    case score
    case domain
    case bands
    case scenario

    /// The block a line opens when `first` is the first token on it, inside `enclosing` (nil: the top level).
    static func opened(by first: SourceLines.Piece, in enclosing: BlockContext?, scenarioFile: Bool) -> BlockContext? {
        guard case .word(let w) = first.kind else { return nil }
        switch enclosing {
        case nil:
            if scenarioFile { return w == "scenario" ? .scenario : nil }
            switch w {
            case "rule", "cap": return .rule
            case "advise": return .advise
            case "levels": return .levels
            case "score": return .score
            default: return nil
            }
        case .score:
            switch w {
            case "domain": return .domain
            case "bands": return .bands
            default: return nil
            }
        default: return nil
        }
    }

    static let topLevelWords: Set<String> = [
        "ruleset", "include", "calendar", "fact", "levels", "default", "clock", "holiday", "define", "rule", "cap",
        "score", "advise",
    ]
    static let scenarioTopLevelWords: Set<String> = ["rules", "scenario"]

    /// Whether a line whose first token is `first` starts a clause of this block rather than continuing one.
    func startsClause(_ first: SourceLines.Piece) -> Bool {
        let word: String?
        if case .word(let w) = first.kind { word = w } else { word = nil }
        let weight: Bool
        switch first.kind {
        case .number: weight = true
        case .symbol(.arith(.sub)): weight = true
        default: weight = false
        }
        switch self {
        case .rule: return ["when", "then", "unless", "because", "source", "at"].contains(word ?? "")
        case .advise: return ["when", "source"].contains(word ?? "")
        case .levels: return word.map { !["route", "within", "working", "hours", "days"].contains($0) } ?? false
        case .score:
            return weight || ["domain", "bands", "floor", "source", "tool", "asked", "add"].contains(word ?? "")
        case .domain: return weight || word == "add"
        case .bands: return word.map { !["to", "and", "above"].contains($0) } ?? false
        case .scenario: return ["source", "story", "given", "expect"].contains(word ?? "")
        }
    }
}
