import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The lint's work is bounded: a definition whose formula, with the definitions it uses inlined, has more than
/// `FormulaBuilder.inlinedNodes` nodes is an opaque condition and is not checked on its own (a chain of 4,000
/// definitions, each using the one before, took seconds to lint, 20,000 over a minute; found by an attack test).
final class LintBoundsTests: XCTestCase {
    func testALongChainOfDefinitionsIsLintedAndStillFindsWhatIsWrong() throws {
        let links = 3 * FormulaBuilder.inlinedNodes
        var text = """
            ruleset "Chain" version "1"
            fact a yes/no "A?"
            levels
              low "Low"
              high "High"
            end
            default low
            define d0 = a

            """
        for i in 1..<links { text += "define d\(i) = d\(i - 1) and a\n" }
        // A rule that can never fire, through the chain's last link (opaque by then): still found.
        text += "rule never \"Never\"\n  when d\(links - 1) and not d\(links - 1)\n  then high\nend\n"
        let rs = try XCTUnwrap(InMemory.ruleSet(text))
        // In their order, as the lint builds them (each after those it uses).
        let builder = FormulaBuilder(ruleSet: rs, variables: VariableTable(rs))
        let built = rs.definitions.indices.map { builder.definition($0) != nil }
        XCTAssertTrue(built[10])
        // Past the bound a definition is opaque (and the next ones inline it as one node, so they grow again).
        // (`d`i is an `and` of i + 1 atoms: i + 2 nodes.)
        let first = try XCTUnwrap(built.firstIndex(of: false), "past the bound, a definition is opaque")
        XCTAssertEqual(first, FormulaBuilder.inlinedNodes - 1)
        XCTAssertTrue(built[first + 1])
        let warnings = RuleLinter.lint(rs, sources: InMemory.load(["main.rules": text]).sources)
        XCTAssertTrue(warnings.contains { $0.message.contains("`never` can never fire") }, "\(warnings.map(\.message))")
    }

    /// A definition used before it is written is compiled inside the one that uses it; 2,000 of them in turn
    /// overflowed the stack of every command (an attack test). Past `Compiler.nestingLimit` it is an error.
    func testDefinitionsUsedBeforeTheyAreWrittenNestOnlySoDeep() {
        func chain(_ n: Int) -> String {
            var text =
                "ruleset \"Chain\" version \"1\"\nfact a yes/no \"A?\"\nlevels\n  low \"Low\"\n  high \"High\"\nend\n"
            text += "default low\nrule r \"R\"\n  when d0\n  then high\nend\n"
            for i in 0..<(n - 1) { text += "define d\(i) = d\(i + 1) and a\n" }
            return text + "define d\(n - 1) = a\n"
        }
        XCTAssertNotNil(InMemory.ruleSet(chain(Compiler.nestingLimit)))
        let deep = InMemory.load(["main.rules": chain(5_000)])
        XCTAssertNil(deep.ruleSet)
        XCTAssertTrue(
            deep.diagnostics.contains { $0.message.contains("definitions and scores in turn") },
            "\(deep.diagnostics.map(\.message))")
    }
}
