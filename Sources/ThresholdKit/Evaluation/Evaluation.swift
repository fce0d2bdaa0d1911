/// Where a cap stands for one set of facts. It holds the outcome when its `when` is yes and its `unless` (the
/// mandatory duty it gives way to) is not yes: an unknown `unless` does not release it, since the duty is not
/// established.
enum CapState: UInt8, Sendable {
    /// `when` is no.
    case no
    /// `when` is unknown (and `unless` not yes): answering could make it hold.
    case open
    /// `when` is yes and `unless` is no (or absent).
    case held
    /// `when` is yes and `unless` is unknown: it holds, but answering `unless` could release it.
    case heldUnlessOpen
    /// `unless` is yes.
    case released

    init(when: Tri, unless: Tri) {
        if unless == .yes {
            self = .released
        } else {
            switch when {
            case .no: self = .no
            case .unknown: self = .open
            case .yes: self = unless == .unknown ? .heldUnlessOpen : .held
            }
        }
    }

    var holds: Bool { self == .held || self == .heldUnlessOpen }
}

/// What evaluation decided for one set of facts: indices into the rule set, no text.
public struct Evaluation: Sendable {
    struct ScoreState: Sendable {
        /// The sum of the items known to count.
        var total: ExactNumber = .zero
        /// The possible range of the total with unknown items: `lo ... hi`.
        var range = NumRange(.zero)
        var domains: [NumRange] = []
        var domainTotals: [ExactNumber] = []
        /// The band of the known total, raised by any floor whose condition holds; -1 below every band.
        var band = -1
        /// The band the total had before floors.
        var bandBeforeFloors = -1
        /// The floor that raised the band, if any.
        var floor: Int?
        /// The lowest and highest bands the range (and floors not yet decided) could give.
        var minBand = -1
        var maxBand = -1
        /// The bands between `minBand` and `maxBand` that no answer gives (bit b for band b): a floor not yet
        /// decided can jump over them (a total in the lowest band, a floor to the highest: the middle is a gap).
        var gaps: UInt64 = 0
        /// Each item's condition (`yes` for a known `add`, `unknown` for an unknown one).
        var items: [Tri] = []
        var floors: [Tri] = []
    }

    /// The outcome: the most severe level of the rules that fire (or the default), held at the lowest cap
    /// that holds.
    public var outcome: Int
    /// The outcome before caps (equal to `outcome` when no cap lowers it).
    var uncapped: Int
    /// The cap that holds the outcome below `uncapped`; nil when none does.
    var cap: Int?
    var rules: [Tri]
    /// Where each cap stands.
    var caps: [CapState]
    var advice: [Bool]
    var scores: [ScoreState]
    var due: CivilDateTime?
    var facts: FactVector

    /// Indices of the rules whose condition is yes.
    var fired: [Int] { rules.indices.filter { rules[$0] == .yes } }
}
