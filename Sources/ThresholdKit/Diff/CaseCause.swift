/// What changed for one case between the two versions, by name: the cases that changed for the same
/// reasons form one group of the report.
struct CaseCause: Hashable, Sendable {
    struct BandChange: Hashable, Sendable {
        var score: String
        /// Band names; `none` below every band.
        var old: String
        var new: String
    }

    /// Outcome level names.
    var old: String
    var new: String
    /// Rules that fire under the new version and did not under the old, and the reverse.
    var started: [String] = []
    var stopped: [String] = []
    /// Rules that fire under both versions but give another level in the new one (`then red` became
    /// `then amber`): the cause when nothing started or stopped.
    var relevelled: [RuleLevelChange] = []
    var bands: [BandChange] = []
    /// Advice given under the new version and not under the old, and the reverse.
    var adviceGiven: [String] = []
    var adviceWithdrawn: [String] = []
    /// The cap that holds the outcome lower under each version (nil: none), when they differ.
    var oldCap: String? = nil
    var newCap: String? = nil
    /// The due time differs with the same outcome (the level's timescale changed); a changed outcome
    /// does not set it.
    var dueChanged = false

    var outcomeChanged: Bool { old != new }
}

/// A rule firing under both versions with another level in the new one: its name and the levels' names.
struct RuleLevelChange: Hashable, Sendable {
    var rule: String
    var old: String
    var new: String
}

/// One case whose result differs, kept in full.
public struct ChangedCase: Sendable {
    var id: String
    /// The JSON Lines line it came from, if any.
    var line: Int?
    /// The worked-case file it came from, if any.
    var file: String?
    /// Index into the report's groups.
    var group: Int
    var oldDue: CivilDateTime?
    var newDue: CivilDateTime?
}
