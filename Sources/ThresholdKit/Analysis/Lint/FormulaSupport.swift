/// Helpers for building analysis formulas: structural keys, operator algebra, score ranges.

extension FormulaBuilder {
    /// A structural key for a node: the same text for the same node, wherever it is written (the derived
    /// description of the node's cases and values, so a new node kind needs nothing here).
    static func key(_ node: BoolNode) -> String { String(describing: node) }
    static func key(_ node: NumNode) -> String { String(describing: node) }
}

extension Formula {
    /// The same formula, located at another span (where a definition is used).
    func at(_ span: SourceSpan) -> Formula {
        var copy = self
        copy.span = span
        return copy
    }
}
