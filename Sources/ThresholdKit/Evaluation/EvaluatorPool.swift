import Foundation

/// Evaluators kept for reuse by explanations and counterfactual search, so that scoring many scenarios does
/// not build a new evaluator (and its program) each time. An evaluator is not thread-safe: `with` lends one
/// to the caller alone and takes it back after. Holds a few recent rule sets only.
///
/// `@unchecked Sendable`: its one mutable property, `entries`, is read and written only while `lock` is
/// held, and an evaluator it lends is in one caller's hands at a time (taken out under the lock, given back
/// under the lock).
final class EvaluatorPool: @unchecked Sendable {
    static let shared = EvaluatorPool()

    private struct Entry {
        let ruleSet: RuleSet
        var idle: [Evaluator]
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    private let maxRuleSets = 4
    private let maxIdle = 4

    /// Runs `body` with an evaluator for `ruleSet` that no one else is using.
    func with<T>(_ ruleSet: RuleSet, _ body: (Evaluator) -> T) -> T {
        let evaluator = take(ruleSet) ?? Evaluator(ruleSet)
        let result = body(evaluator)
        evaluator.forgetFacts()  // a pooled evaluator keeps no caller's facts alive
        give(evaluator)
        return result
    }

    /// An evaluator for `ruleSet` that no one else is using, to be given back with `giveBack` (for a borrower
    /// whose use does not fit in one closure, such as `RelevanceSession`).
    func lend(_ ruleSet: RuleSet) -> Evaluator { take(ruleSet) ?? Evaluator(ruleSet) }

    func giveBack(_ evaluator: Evaluator) {
        evaluator.forgetFacts()
        give(evaluator)
    }

    private func take(_ ruleSet: RuleSet) -> Evaluator? {
        lock.lock()
        defer { lock.unlock() }
        guard let i = entries.firstIndex(where: { $0.ruleSet === ruleSet }) else { return nil }
        return entries[i].idle.popLast()
    }

    private func give(_ evaluator: Evaluator) {
        lock.lock()
        defer { lock.unlock() }
        if let i = entries.firstIndex(where: { $0.ruleSet === evaluator.ruleSet }) {
            if entries[i].idle.count < maxIdle { entries[i].idle.append(evaluator) }
            return
        }
        entries.append(Entry(ruleSet: evaluator.ruleSet, idle: [evaluator]))
        if entries.count > maxRuleSets { entries.removeFirst() }
    }
}
