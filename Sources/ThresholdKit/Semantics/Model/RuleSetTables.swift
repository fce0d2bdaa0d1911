import Foundation

/// Tables later stages derive from a rule set (the explainer's condition shapes, the counterfactual
/// search's candidate values, the JSON renderer's encoded fragments), each built on first use and kept
/// with the rule set for as long as it lives. There is no global cache: a table is found through its rule
/// set (`RuleSet.tables`). A table must not hold its rule set strongly (that would keep both alive): it
/// keeps the parts it needs.
final class RuleSetTables: @unchecked Sendable {
    /// Recursive, so building one table may ask for another.
    private let lock = NSRecursiveLock()
    private var tables: [ObjectIdentifier: AnyObject] = [:]

    /// The table of type `T`, built by `build` the first time it is asked for (once, whichever thread asks).
    func table<T: AnyObject>(_ type: T.Type, build: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let table = tables[ObjectIdentifier(type)] as? T { return table }
        let table = build()
        tables[ObjectIdentifier(type)] = table
        return table
    }
}
