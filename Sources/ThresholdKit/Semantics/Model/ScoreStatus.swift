/// How far a score's questions have been answered (see `ScoreCompletion.swift` for what each status shows). A
/// value of the model: scenarios (`score S complete`), the explanation and the renderers all name it.
enum ScoreStatus: Sendable, Equatable {
    case notStarted, incomplete, complete
    /// A tool not started whose `asked when` does not hold for this child (`asked when age >= 10` for a
    /// child of 4): it is not for this age, so it has no band and could reach none.
    case notApplicable

    /// As in the JSON result object.
    var name: String {
        switch self {
        case .notStarted: return "not_started"
        case .incomplete: return "incomplete"
        case .complete: return "complete"
        case .notApplicable: return "not_applicable"
        }
    }

    /// As a scenario's `expect` writes it: `score cce not applicable`.
    var expectation: String {
        self == .notApplicable ? "not applicable" : words
    }

    /// In words, for people.
    var words: String {
        switch self {
        case .notStarted: return "not started"
        case .incomplete: return "incomplete"
        case .complete: return "complete"
        case .notApplicable: return "not for this age"
        }
    }
}
