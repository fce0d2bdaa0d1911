/// One semantic difference between two versions of a rule set: an element added, removed or changed.
public struct RuleSetChange: Sendable, Equatable {
    enum Kind: String, Sendable, CaseIterable {
        case ruleset, fact, level, definition, rule, cap, score, item, band, floor, advice
    }

    enum Change: String, Sendable {
        case added, removed, changed
    }

    var kind: Kind
    /// The element's name; an item or floor is named within its score (`cce: item \`…\``).
    var name: String
    var change: Change
    /// What differs, in words: `from 15, was 16`, `condition \`a and b\`, was \`a\``.
    var detail: String
    /// The score a band, item or floor belongs to.
    var score: String?

    init(kind: Kind, name: String, change: Change, detail: String, score: String? = nil) {
        self.kind = kind
        self.name = name
        self.change = change
        self.detail = detail
        self.score = score
    }

    /// `band cce.high changed: from 15, was 16`.
    var summary: String {
        let label = score.map { kind == .item || kind == .floor ? "\($0): \(name)" : "\($0).\(name)" } ?? name
        return "\(kind.rawValue) \(label) \(change.rawValue)" + (detail.isEmpty ? "" : ": \(detail)")
    }
}
