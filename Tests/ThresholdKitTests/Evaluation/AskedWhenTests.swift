import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// `asked when`, as the explanation and the search ask it (the flat program: `Evaluator.askedWhen`,
/// `Evaluator.withAskedWhen`), against the node-tree walk over the same facts (`Evaluator.factCondition`), for
/// every fact and every tool: on the shipped packs and on a rule set with every kind of condition an `asked
/// when` may be.
final class AskedWhenTests: XCTestCase {
    /// Each kind of condition that reads facts: yes/no facts and `not`, numbers compared with constants and
    /// with each other, arithmetic (division by zero is unknown), `between`, `one of` and `in`, `some of`
    /// (`has`, `=`), text, dates and date-times, `is known`, levels, counting conditions, `and` and `or`.
    static let kinds = """
        ruleset "Every kind of asked when"
        levels
          low "Low" within 3 days
          high "High" within 24 hours
        end
        fact a yes/no "A?"
        fact b yes/no "B?"
        fact age number 0 to 25 "Age?"
        fact siblings count "Siblings?"
        fact sex one of male, female, other "Sex?"
        fact needs some of food, school, health "Needs?"
        fact note text "Note?"
        fact born date "Born?"
        fact seen datetime "Seen?"
        fact judged level "Judged level?"
        fact q1 yes/no "Q1?" asked when a and not b
        fact q2 yes/no "Q2?" asked when age >= 10
        fact q3 yes/no "Q3?" asked when 5 < age
        fact q4 yes/no "Q4?" asked when age + siblings > 12
        fact q5 yes/no "Q5?" asked when siblings / (age - 10) > 1
        fact q6 yes/no "Q6?" asked when age between 5 and 17
        fact q7 yes/no "Q7?" asked when sex is unknown or sex != male
        fact q8 yes/no "Q8?" asked when sex in (female, other)
        fact q9 yes/no "Q9?" asked when needs has school
        fact q10 yes/no "Q10?" asked when needs = health
        fact q11 yes/no "Q11?" asked when note = "x"
        fact q12 yes/no "Q12?" asked when born < 2019-06-01
        fact q13 yes/no "Q13?" asked when seen >= 2019-03-01 09:00
        fact q14 yes/no "Q14?" asked when years between born and 2020-01-01 >= 1
        fact q15 yes/no "Q15?" asked when age is known
        fact q16 yes/no "Q16?" asked when judged is at least high
        fact q17 yes/no "Q17?" asked when at least 2 of (a, b, age > 3)
        fact q18 yes/no "Q18?" asked when none of (a, needs has food)
        fact q19 yes/no "Q19?" asked when a = b
        fact q20 yes/no "Q20?" asked when (a or b) and not (age < 3)
        fact t1 yes/no "Tool question?"
        fact t2 yes/no "Tool question 2?"
        score checklist "A checklist"
          tool "Complete the checklist"
          asked when age >= 10 and not a
          1 when t1
          1 when t2
          bands
            clear "Clear" 0 to 0
            begun "Begun" 1 to 2
          end
        end
        rule r "R" when a then high because "A." end
        """

    private func ruleSets() throws -> [(String, RuleSet)] {
        var out: [(String, RuleSet)] = [("kinds", try XCTUnwrap(InMemory.ruleSet(Self.kinds)))]
        for path in ["rules/front-door.rules", "rules/camden-mash.rules", "rules/london-continuum-of-need.rules"] {
            let rs = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path).ruleSet
            out.append((path, try XCTUnwrap(rs, "\(path) did not load")))
        }
        return out
    }

    func testTheFlatProgramAnswersAsTheNodeTrees() throws {
        for (name, rs) in try ruleSets() {
            let evaluator = Evaluator(rs)
            var random = SplitMix64(seed: 7)
            var seen: Set<Tri> = []
            for k in 0..<300 {
                let facts = k == 0 ? rs.defaultFacts() : ContactSampler.contact(rs, &random)
                // Both ways in: one condition at a time (the search), and all of a vector's (the question plan).
                facts.withUnsafeBufferPointer { p in
                    evaluator.withAskedWhen(p) { asked in
                        for (slot, fact) in rs.facts.enumerated() {
                            let expected = fact.askedWhen.map { evaluator.factCondition($0, facts) } ?? .yes
                            let label = "\(name) #\(k): \(fact.name)"
                            XCTAssertEqual(evaluator.askedWhen(fact: slot, facts), expected, label)
                            XCTAssertEqual(asked.fact(slot), expected, label)
                            if fact.askedWhen != nil { seen.insert(expected) }
                        }
                        for (s, score) in rs.scores.enumerated() {
                            let expected = score.tool?.askedWhen.map { evaluator.factCondition($0, facts) } ?? .yes
                            let label = "\(name) #\(k): tool \(score.name)"
                            XCTAssertEqual(evaluator.askedWhen(tool: s, facts), expected, label)
                            XCTAssertEqual(asked.tool(s), expected, label)
                        }
                    }
                }
            }
            // Answers of every kind were compared (a pack without `asked when` has none to compare).
            if rs.facts.contains(where: { $0.askedWhen != nil }) {
                XCTAssertEqual(seen, [.yes, .no, .unknown], "\(name): not every answer was met")
            }
        }
    }

    /// A vector without a slot for every fact answers unknown for each condition (as the node-tree walk
    /// does), and yes for a question or tool without one; the evaluator's own evaluation is left as it was.
    func testAShortVectorAnswersUnknownAndTheEvaluationStands() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(Self.kinds))
        let evaluator = Evaluator(rs)
        var facts = rs.defaultFacts()
        let a = try XCTUnwrap(rs.facts.firstIndex { $0.name == "a" })
        facts[a] = .bool(true)
        let before = evaluator.evaluate(facts)
        let short = Array(facts.prefix(3))
        short.withUnsafeBufferPointer { p in
            evaluator.withAskedWhen(p) { asked in
                for (slot, fact) in rs.facts.enumerated() {
                    let expected: Tri = fact.askedWhen == nil ? .yes : .unknown
                    XCTAssertEqual(evaluator.askedWhen(fact: slot, short), expected, fact.name)
                    XCTAssertEqual(asked.fact(slot), expected, fact.name)
                }
                XCTAssertEqual(asked.tool(0), .unknown)
            }
        }
        XCTAssertEqual(evaluator.askedWhen(tool: 0, short), .unknown)
        XCTAssertEqual(evaluator.askedWhen(tool: 0, facts), .no)  // `not a`, with a yes
        XCTAssertEqual(evaluator.evaluate(facts).outcome, before.outcome)
        XCTAssertEqual(evaluator.condition(rs.rules[0].condition), .yes)
    }

    /// The search numbers each distinct condition once, and answers it as the fact or tool it was first met
    /// on (`CounterfactualReads.askSources`): that fact's or tool's own condition.
    func testEachDistinctConditionIsAnsweredAsItsFirstSource() throws {
        for (name, rs) in try ruleSets() {
            let reads = CounterfactualReads.forRuleSet(rs)
            XCTAssertEqual(reads.askSources.count, reads.askConditions.count, name)
            for (c, source) in reads.askSources.enumerated() {
                let node = source >= 0 ? rs.facts[source].askedWhen : rs.scores[-1 - source].tool?.askedWhen
                XCTAssertEqual(node, reads.askConditions[c], "\(name): condition \(c)")
            }
        }
    }
}
