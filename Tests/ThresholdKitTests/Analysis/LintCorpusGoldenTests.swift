import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// What the linter finds on the interpreter corpus (random rule sets using every node kind), held by a golden
/// file: the linter reads compiled nodes through the one walker (`role`, `asks`, `directRead`,
/// `forEachChild`), and any change in what it concludes, or where it points, shows here.
final class LintCorpusGoldenTests: XCTestCase {
    func testTheLintersFindingsOnTheCorpus() throws {
        var corpus = InterpreterCorpus(seed: 2026)
        var lines: [String] = []
        for n in 0..<InterpreterEquivalenceTests.ruleSetCount {
            let source = corpus.ruleSet()
            let rs = try XCTUnwrap(InterpreterEquivalenceTests.compile(source.text), "rule set \(n)")
            lines.append("== corpus rule set \(n)")
            for d in RuleLinter.lint(rs, sources: [:]) {
                let at = d.span.map { "\($0.start.line):\($0.start.column)+\($0.length)" } ?? "-"
                lines.append("\(at) \(d.code.rawValue): \(d.message)")
                for note in d.notes {
                    let nat = note.span.map { "\($0.start.line):\($0.start.column)" } ?? "-"
                    lines.append("  note \(nat): \(note.message)")
                }
            }
        }
        XCTAssertGreaterThan(lines.count, 2 * InterpreterEquivalenceTests.ruleSetCount, "the corpus gives findings")
        assertGolden(lines.joined(separator: "\n") + "\n", "lint/corpus.txt")
    }
}
