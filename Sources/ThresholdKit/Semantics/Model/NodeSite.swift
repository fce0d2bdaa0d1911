/// Where compiled nodes came from: a side table beside the nodes (evaluation never reads it). A `NodeSite` has
/// the shape of the node it locates: one child per sub-node, in `forEachChild`'s order, so a walk over a node
/// and its site together (`NodeSite.walk`) knows the file, line and column of every sub-node.
struct NodeSite: Sendable, Equatable {
    /// The text the node was compiled from (for a node the compiler made up, such as each comparison of
    /// `x between a and b` on dates, the text of what it stands for).
    var span: SourceSpan
    /// For a test against a named value (`= police`, `has sexual`, `is at least high`): where the value is
    /// written. A compared number, date or level is a sub-node with its own site.
    var literal: SourceSpan?
    var children: [NodeSite]

    init(_ span: SourceSpan, literal: SourceSpan? = nil, _ children: [NodeSite] = []) {
        self.span = span
        self.literal = literal
        self.children = children
    }

    /// Whether this site has the shape of `node` all the way down (the compiler's promise; tests hold it).
    func fits(_ node: BoolNode) -> Bool {
        var subs: [NodeChild] = []
        node.forEachChild { subs.append($0) }
        return fits(subs)
    }

    func fits(_ node: NumNode) -> Bool {
        var subs: [NodeChild] = []
        node.forEachChild { subs.append($0) }
        return fits(subs)
    }

    private func fits(_ subs: [NodeChild]) -> Bool {
        subs.count == children.count
            && zip(subs, children).allSatisfy { sub, site in
                switch sub {
                case .bool(let b): return site.fits(b)
                case .num(let n): return site.fits(n)
                case .time, .level: return site.children.isEmpty
                }
            }
    }

    /// The site of the `k`th sub-node; the node's own site when the table is short (never for a compiled rule
    /// set, whose sites fit their nodes).
    subscript(child k: Int) -> NodeSite { children.indices.contains(k) ? children[k] : self }
}

extension RuleSet {
    /// Where each compiled part came from: the site of every rule's, advice's, definition's, score item's and
    /// floor's nodes, and the places the linter quotes that are not nodes. Indexed like the compiled parts.
    struct Sites: Sendable {
        /// By rule index: the condition, and where `then LEVEL` names the level.
        var rules: [NodeSite] = []
        var ruleLevels: [SourceSpan] = []
        /// By cap index: the condition (`when`, and `not unless` when there is one), and where `at LEVEL` is.
        var caps: [NodeSite] = []
        var capLevels: [SourceSpan] = []
        /// By advice index.
        var advice: [NodeSite] = []
        /// By definition index: the body.
        var definitions: [NodeSite] = []
        /// By score, then item: the item's condition (`when`) or number (`add`); and by score, then floor.
        var scoreItems: [[NodeSite]] = []
        var floors: [[NodeSite]] = []
    }
}
