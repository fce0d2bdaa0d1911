/// What evaluation decided for one set of facts: indices into the rule set, no text.
public struct Evaluation: Sendable {
    public struct ScoreState: Sendable {
        /// The sum of the items known to count.
        public var total: ExactNumber = .zero
        /// The possible range of the total with unknown items: `lo ... hi`.
        public var range = NumRange(.zero)
        public var domains: [NumRange] = []
        public var domainTotals: [ExactNumber] = []
        /// The band of the known total, raised by any floor whose condition holds; -1 below every band.
        public var band = -1
        /// The band the total had before floors.
        public var bandBeforeFloors = -1
        /// The floor that raised the band, if any.
        public var floor: Int?
        /// The lowest and highest bands the range (and floors not yet decided) could give.
        public var minBand = -1
        public var maxBand = -1
        /// Each item's condition (`yes` for a known `add`, `unknown` for an unknown one).
        public var items: [Tri] = []
        public var floors: [Tri] = []
    }

    public var outcome: Int
    public var rules: [Tri]
    public var advice: [Bool]
    public var scores: [ScoreState]
    public var due: CivilDateTime?
    public var facts: FactVector

    /// Indices of the rules whose condition is yes.
    public var fired: [Int] { rules.indices.filter { rules[$0] == .yes } }
}
