import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// A compiled rule set points back to its source: each rule, advice, definition and score keeps the
/// declaration it was compiled from (`RuleSet.syntax`), with the places of its sub-expressions.
final class RuleSetSyntaxTests: XCTestCase {
    func testEveryCompiledPartHasItsDeclaration() throws {
        for path in ["rules/front-door.rules", "rules/camden-mash.rules", "rules/london-continuum-of-need.rules"] {
            let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
            let rs = try XCTUnwrap(out.ruleSet, path)
            XCTAssertEqual(rs.syntax.rules.map(\.name.text), rs.rules.map(\.name), path)
            XCTAssertEqual(rs.syntax.advice.map(\.name.text), rs.advice.map(\.name), path)
            XCTAssertEqual(Set(rs.syntax.definitions.keys), Set(rs.definitions.map(\.name)), path)
            XCTAssertEqual(Set(rs.syntax.scores.keys), Set(rs.scores.map(\.name)), path)
            for (i, rule) in rs.rules.enumerated() {
                let decl = rs.syntax.rules[i]
                XCTAssertEqual(decl.name.span, rule.span, "\(path): \(rule.name)")
                // The condition's place is in one of the rule set's files, after the rule's name.
                let at = decl.condition.span.start
                XCTAssertTrue(rs.files.contains(at.file), "\(path): \(rule.name) at \(at)")
                XCTAssertGreaterThan(at, rule.span.start, "\(path): \(rule.name)")
            }
            for score in rs.scores {
                let decl = try XCTUnwrap(rs.syntax.scores[score.name])
                XCTAssertEqual(
                    decl.items.count + decl.domains.map(\.items.count).reduce(0, +), score.items.count, score.name)
                XCTAssertEqual(decl.floors.count, score.floors.count, score.name)
            }
        }
    }

    func testTheLinterReadsTheKeptSyntaxNotTheFiles() throws {
        // The sources handed to the linter are empty: its warnings still have their places and quotes.
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                """
                ruleset "T"
                fact age number 0 to 17 "Age?"
                levels
                  low "Low"
                  high "High"
                end
                rule r when age > 30 then high end
                """))
        let warnings = RuleLinter.lint(rs, sources: [:])
        let w = try XCTUnwrap(warnings.first { $0.code == .neverHolds }, "\(warnings.map(\.message))")
        XCTAssertEqual(w.span?.start.line, 7)
        XCTAssertEqual(w.span?.start.column, 13)
    }
}
