/// Loads a rule set for use (scoring, testing, serving): the compiled rule set when it can be used,
/// otherwise the errors and why it cannot. Nothing is printed; the caller shows `errors` and `refusal`.
///
/// ```swift
/// let loaded = RuleSetLoading.load("rules/mash.rules")
/// guard let ruleSet = loaded.ruleSet else {
///     print(loaded.refusal?.message(path: "rules/mash.rules") ?? "")
///     return
/// }
/// ```
public enum RuleSetLoading {
    /// Why a loaded rule set cannot be used.
    public enum Refusal: Equatable, Sendable {
        /// The file has no `ruleset` header: it is meant to be included by another.
        case fragment
        /// The rule set has this many errors.
        case errors(Int)

        /// One sentence about `path`, for the person who named it.
        public func message(path: String) -> String {
            switch self {
            case .fragment: return "\(path) is a fragment (no `ruleset` header); name the rule set that includes it"
            case .errors(let n): return "\(path) has \(n) error\(n == 1 ? "" : "s"); nothing was scored"
            }
        }
    }

    public struct Loaded: Sendable {
        /// The rule set, nil when it cannot be used.
        public var ruleSet: RuleSet?
        /// The errors to show when it cannot (empty otherwise).
        public var errors: [Diagnostic]
        public var sources: [String: SourceFile]
        /// Why it cannot be used; nil when `ruleSet` is there.
        public var refusal: Refusal?
    }

    public static func load(_ path: String, reader: SourceReader = FileSystemReader()) -> Loaded {
        let out = RuleSetCompiler.load(path, reader: reader)
        if let ruleSet = out.ruleSet, !out.hasErrors {
            return Loaded(ruleSet: ruleSet, errors: [], sources: out.sources, refusal: nil)
        }
        let errors = out.diagnostics.filter { $0.severity == .error }
        let refusal: Refusal? = out.isFragment ? .fragment : (errors.isEmpty ? nil : .errors(errors.count))
        return Loaded(ruleSet: nil, errors: errors, sources: out.sources, refusal: refusal)
    }
}
