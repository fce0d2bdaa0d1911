extension RuleSet {
    /// Where the compiled rule set came from: the declarations as the compiler read them, kept beside the
    /// compiled form (a side table: evaluation never reads it). Every rule, advice, definition, score item
    /// and floor has its syntax here, whose `Expr` trees locate each sub-expression by file, line and column;
    /// the linter reads them instead of parsing the files again.
    public struct Syntax: Sendable {
        /// By rule index, and by advice index.
        public var rules: [RuleDecl] = []
        public var advice: [AdviseDecl] = []
        /// By name (a compiled rule set has no duplicate names).
        public var definitions: [String: DefineDecl] = [:]
        public var scores: [String: ScoreDecl] = [:]

        public init() {}

        init(rules: [RuleDecl], advice: [AdviseDecl], definitions: [String: DefineDecl], scores: [String: ScoreDecl]) {
            self.rules = rules
            self.advice = advice
            self.definitions = definitions
            self.scores = scores
        }
    }
}
