/// What changed for one case between the two versions, by name: the cases that changed for the same
/// reasons form one group of the report.
public struct CaseCause: Hashable, Sendable {
    public struct BandChange: Hashable, Sendable {
        public var score: String
        /// Band names; `none` below every band.
        public var old: String
        public var new: String

        public init(score: String, old: String, new: String) {
            self.score = score
            self.old = old
            self.new = new
        }
    }

    /// Outcome level names.
    public var old: String
    public var new: String
    /// Rules that fire under the new version and did not under the old, and the reverse.
    public var started: [String] = []
    public var stopped: [String] = []
    public var bands: [BandChange] = []
    /// Advice given under the new version and not under the old, and the reverse.
    public var adviceGiven: [String] = []
    public var adviceWithdrawn: [String] = []
    /// The due time differs with the same outcome (the level's timescale changed); a changed outcome
    /// does not set it.
    public var dueChanged = false

    public var outcomeChanged: Bool { old != new }
}

/// One case whose result differs, kept in full.
public struct ChangedCase: Sendable {
    public var id: String
    /// The JSON Lines line it came from, if any.
    public var line: Int?
    /// The worked-case file it came from, if any.
    public var file: String?
    /// Index into the report's groups.
    public var group: Int
    public var oldDue: CivilDateTime?
    public var newDue: CivilDateTime?
}
