import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Builds rule sets and scenarios from text held in memory, for unit tests. It lives in this test target, not
/// in ThresholdTestSupport: it reads the library's internals (`@testable`), and ThresholdTestSupport is built
/// by `swift build -c release` too, where the library is not compiled for testing.
enum InMemory {
    /// Compiles `files` (path → text), starting from `root`.
    static func load(_ files: [String: String], root: String = "main.rules") -> RuleSetLoad {
        RuleSetCompiler.load(root, reader: MemoryReader(files))
    }

    /// A rule set from one file's text; fails the test if it has errors.
    static func ruleSet(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> RuleSet? {
        let out = load(["main.rules": text])
        if out.ruleSet == nil {
            let rendered = DiagnosticRenderer(sources: out.sources).render(out.diagnostics)
            XCTFail("rule set did not compile:\n\(rendered)", file: file, line: line)
        }
        return out.ruleSet
    }

    /// The diagnostics of compiling one file's text.
    static func diagnostics(_ text: String) -> [Diagnostic] {
        load(["main.rules": text]).diagnostics
    }

    /// Scenarios checked against `ruleSet`, from a scenario file's text (its `rules` line is ignored).
    static func scenarios(_ text: String, against ruleSet: RuleSet) -> (
        scenarios: [Scenario], diagnostics: [Diagnostic]
    ) {
        let out = ScenarioInput.load(
            ["cases.scenario"], against: ruleSet, reader: MemoryReader(["cases.scenario": text]))
        return (out.scenarios, out.diagnostics)
    }

    /// Facts for `ruleSet` from `given` lines, e.g. `["age = 12", "referrer = police"]`.
    static func facts(_ given: [String], _ ruleSet: RuleSet, file: StaticString = #filePath, line: UInt = #line)
        -> FactVector
    {
        var facts = ruleSet.defaultFacts()
        for g in given {
            switch FactAssignment.parse(g, ruleSet: ruleSet) {
            case .success(let (slot, value)): facts[slot] = value
            case .failure(let f): XCTFail("\(g): \(f.message)", file: file, line: line)
            }
        }
        return facts
    }
}

/// The rule set of the specification's section 2, from Tests/Fixtures/spec.
enum SpecFixture {
    static var rulesPath: String {
        ThresholdBinary.packageRoot.appendingPathComponent("Tests/Fixtures/spec/rules/camden-mash.rules").path
    }

    static func ruleSet(file: StaticString = #filePath, line: UInt = #line) -> RuleSet? {
        let out = RuleSetCompiler.load(rulesPath)
        if out.ruleSet == nil {
            XCTFail("spec fixture did not compile: \(out.diagnostics.map(\.message))", file: file, line: line)
        }
        return out.ruleSet
    }
}
