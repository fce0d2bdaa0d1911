import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Compiled nodes point back to their source: every rule, advice, definition, score item and floor has a
/// `NodeSite` of the same shape as its nodes (`RuleSet.sites`), locating each sub-node by file, line and column.
final class NodeSiteTests: XCTestCase {
    func testEverySiteFitsItsNodesInTheShippedRules() throws {
        let root = ThresholdBinary.packageRoot.appendingPathComponent("rules")
        let paths = (FileManager.default.subpaths(atPath: root.path) ?? []).filter { $0.hasSuffix(".rules") }
        XCTAssertGreaterThan(paths.count, 5)
        for name in paths.sorted() {
            // A file another one includes is checked with it.
            guard let rs = RuleSetCompiler.load(root.appendingPathComponent(name).path).ruleSet else { continue }
            Self.assertSitesFit(rs, name)
            for (i, rule) in rs.rules.enumerated() {
                // The condition is written in one of the rule set's files, after the rule's name.
                let at = rs.sites.rules[i].span.start
                XCTAssertTrue(rs.files.contains(at.file), "\(name): \(rule.name) at \(at)")
                XCTAssertGreaterThan(at, rule.span.start, "\(name): \(rule.name)")
            }
        }
    }

    func testEverySiteFitsItsNodesInTheCorpus() throws {
        var corpus = InterpreterCorpus(seed: 2026)
        for n in 0..<InterpreterEquivalenceTests.ruleSetCount {
            let source = corpus.ruleSet()
            let rs = try XCTUnwrap(InterpreterEquivalenceTests.compile(source.text), "rule set \(n)")
            Self.assertSitesFit(rs, "corpus rule set \(n)")
        }
    }

    static func assertSitesFit(_ rs: RuleSet, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let s = rs.sites
        XCTAssertEqual(s.rules.count, rs.rules.count, name, file: file, line: line)
        XCTAssertEqual(s.ruleLevels.count, rs.rules.count, name, file: file, line: line)
        XCTAssertEqual(s.advice.count, rs.advice.count, name, file: file, line: line)
        XCTAssertEqual(s.definitions.count, rs.definitions.count, name, file: file, line: line)
        XCTAssertEqual(s.scoreItems.map(\.count), rs.scores.map(\.items.count), name, file: file, line: line)
        XCTAssertEqual(s.floors.map(\.count), rs.scores.map(\.floors.count), name, file: file, line: line)
        for (i, r) in rs.rules.enumerated() where i < s.rules.count {
            XCTAssertTrue(s.rules[i].fits(r.condition), "\(name): rule \(r.name)", file: file, line: line)
        }
        for (i, a) in rs.advice.enumerated() where i < s.advice.count {
            XCTAssertTrue(s.advice[i].fits(a.condition), "\(name): advice \(a.name)", file: file, line: line)
        }
        for (i, d) in rs.definitions.enumerated() where i < s.definitions.count {
            let fits: Bool
            switch d.body {
            case .condition(let c): fits = s.definitions[i].fits(c)
            case .number(let n): fits = s.definitions[i].fits(n)
            }
            XCTAssertTrue(fits, "\(name): definition \(d.name)", file: file, line: line)
        }
        for (k, score) in rs.scores.enumerated() where k < s.scoreItems.count && k < s.floors.count {
            for (j, item) in score.items.enumerated() where j < s.scoreItems[k].count {
                let fits: Bool
                switch item.kind {
                case .when(_, let c): fits = s.scoreItems[k][j].fits(c)
                case .add(let v, _, _): fits = s.scoreItems[k][j].fits(v)
                }
                XCTAssertTrue(fits, "\(name): \(score.name) item \(j)", file: file, line: line)
            }
            for (j, floor) in score.floors.enumerated() where j < s.floors[k].count {
                XCTAssertTrue(
                    s.floors[k][j].fits(floor.condition), "\(name): \(score.name) floor \(j)", file: file, line: line)
            }
        }
    }

    /// Each sub-node's site is where its text is: the comparison, its fact, its number, the value it names.
    func testSitesLocateEachSubNode() throws {
        let text = """
            ruleset "T"
            fact age number 0 to 17 "Age?"
            fact referrer one of police, school "Route?"
            fact harm some of physical, sexual "Harm?"
            fact seen date "Seen?"
            levels
              low "Low"
              high "High"
            end
            define young = age < 5
            rule r when young and referrer = police then high end
            rule w when seen between 2026-01-01 and 2026-12-31 or harm has sexual then high end
            advise a "A" when outcome is at least high end
            """
        let rs = try XCTUnwrap(InMemory.ruleSet(text))
        Self.assertSitesFit(rs, "T")
        let source = SourceFile(path: rs.files[0], text: text)
        func quote(_ site: NodeSite) -> String { source.text(of: site.span) }

        // define young = age < 5: the comparison, `age`, `5`.
        let young = rs.sites.definitions[0]
        XCTAssertEqual(quote(young), "age < 5")
        XCTAssertEqual(young.children.map(quote), ["age", "5"])
        XCTAssertEqual(young.span.start.line, 10)
        XCTAssertEqual(young.span.start.column, 16)

        // rule r: `young` (a definition, where it is used) and `referrer = police` (the value named at `police`).
        let r = rs.sites.rules[0]
        XCTAssertEqual(quote(r), "young and referrer = police")
        XCTAssertEqual(r.children.map(quote), ["young", "referrer = police"])
        XCTAssertEqual(r.children[1].literal.map(source.text), "police")
        XCTAssertEqual(source.text(of: rs.sites.ruleLevels[0]), "high")

        // rule w: `between` on dates is two comparisons, each at the whole `between`, their dates where written.
        let w = rs.sites.rules[1]
        XCTAssertEqual(w.children.count, 2)
        let between = w.children[0]
        XCTAssertEqual(quote(between), "seen between 2026-01-01 and 2026-12-31")
        XCTAssertEqual(between.children.map(quote), [quote(between), quote(between)])
        XCTAssertEqual(between.children[0].children.map(quote), ["seen", "2026-01-01"])
        XCTAssertEqual(between.children[1].children.map(quote), ["seen", "2026-12-31"])
        XCTAssertEqual(w.children[1].literal.map(source.text), "sexual")

        // advice a: `outcome`, and `high` where the level is named.
        XCTAssertEqual(rs.sites.advice[0].children.map(quote), ["outcome", "high"])
    }

    func testTheLinterReadsTheSitesNotTheFiles() throws {
        // The sources handed to the linter are empty: its warnings still have their places.
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

    /// The linter reads the compiled nodes, where date literals are numbers of minutes like any other: a
    /// comparison of literals is decided (it was an opaque condition while the linter read the syntax).
    func testTheLinterDecidesComparisonsOfLiteralDates() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                """
                ruleset "T"
                fact b yes/no "B?"
                levels
                  low "Low"
                  high "High"
                end
                rule r when b and 2008-02-29 between 2019-01-01 and 2019-06-30 then high end
                """))
        let warnings = RuleLinter.lint(rs, sources: [:])
        let w = try XCTUnwrap(warnings.first { $0.code == .neverHolds }, "\(warnings.map(\.message))")
        XCTAssertEqual(w.span?.start.line, 7)
        XCTAssertEqual(w.span?.start.column, 19)
    }
}
