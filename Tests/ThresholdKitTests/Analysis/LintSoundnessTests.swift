import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The lint only warns when it is sure. On generated rule sets, every rule it says can never fire never fires,
/// and dropping every rule it says can never change the outcome leaves the outcome unchanged — checked on
/// many fact vectors drawn from the values the rules test (unknowns included).
final class LintSoundnessTests: XCTestCase {
    func testWarningsHoldOnSampledFacts() throws {
        var random = SplitMix(7)
        var warned = 0
        for round in 0..<30 {
            let text = generate(&random, rules: 40)
            let rs = try XCTUnwrap(InMemory.ruleSet(text), "round \(round)")
            let out = InMemory.load(["main.rules": text])
            let warnings = RuleLinter.lint(rs, sources: out.sources)
            let neverFire = named(warnings, "can never fire", rs)
            var dropped = neverFire.union(named(warnings, "can never change the outcome", rs))
            for d in warnings where d.code == .duplicateCondition {
                let names = backticked(d.message)
                guard names.count >= 2, let b = rs.ruleIndex[names[0]], let a = rs.ruleIndex[names[1]] else { continue }
                dropped.insert(
                    rs.rules[a].level == rs.rules[b].level ? b : (rs.rules[a].level < rs.rules[b].level ? a : b))
            }
            warned += dropped.count
            let evaluator = Evaluator(rs)
            for _ in 0..<800 {
                let facts = sample(rs, &random)
                let e = evaluator.evaluate(facts)
                for i in neverFire {
                    XCTAssertNotEqual(e.rules[i], .yes, "round \(round): `\(rs.rules[i].name)` fired\n\(text)")
                }
                var best = -1
                for (i, rule) in rs.rules.enumerated() where !dropped.contains(i) && e.rules[i] == .yes {
                    best = max(best, rule.level)
                }
                let without = best < 0 ? rs.defaultLevel : best
                XCTAssertEqual(
                    without, e.outcome,
                    "round \(round): dropping \(dropped.map { rs.rules[$0].name }) changes the outcome\n\(text)")
                if without != e.outcome {
                    let culprits = rs.rules.indices.filter {
                        dropped.contains($0) && e.rules[$0] == .yes && rs.rules[$0].level == e.outcome
                    }
                    let facts = rs.facts.indices.map { "\(rs.facts[$0].name)=\(rs.format(e.facts[$0], of: $0))" }
                        .joined(separator: " ")
                    let about = warnings.filter { d in
                        culprits.contains { d.message.contains("`\(rs.rules[$0].name)`") }
                    }.map(\.message)
                    XCTFail(
                        "facts: \(facts)\nculprits: \(culprits.map { rs.rules[$0].name })\n\(about.joined(separator: "\n"))"
                    )
                    return
                }
            }
        }
        XCTAssertGreaterThan(warned, 20, "the generated rule sets should give the checks something to find")
    }

    /// The rules named first in warnings whose message contains `phrase`.
    func named(_ ds: [Diagnostic], _ phrase: String, _ rs: RuleSet) -> Set<Int> {
        Set(
            ds.filter { $0.code != .duplicateCondition && $0.message.contains(phrase) && $0.message.hasPrefix("rule ") }
                .compactMap { backticked($0.message).first.flatMap { rs.ruleIndex[$0] } })
    }

    func backticked(_ s: String) -> [String] {
        s.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map {
            String($0.element)
        }
    }

    func generate(_ r: inout SplitMix, rules: Int) -> String {
        var lines = [
            "ruleset \"Generated\"", "levels", "  blue \"Blue\"", "  green \"Green\"", "  amber \"Amber\"",
            "  red \"Red\"", "end",
        ]
        lines += (0..<5).map { "fact f\($0) yes/no \"F\($0)?\"" }
        lines += [
            "fact n0 number 0 to 10 \"N0?\"", "fact n1 number 0 to 10 \"N1?\"", "fact c0 count to 6 \"C0?\"",
            "fact k0 one of v0, v1, v2, v3 \"K0?\"", "fact s0 some of v0, v1, v2 \"S0?\"",
        ]
        var definition = literal(&r)
        while definition.contains("d0") { definition = literal(&r) }
        lines.append("define d0 = \(definition)")
        for i in 0..<rules {
            var cond = literal(&r)
            for _ in 0..<r.next(3) { cond += (r.next(4) == 0 ? " or " : " and ") + literal(&r) }
            if r.next(6) == 0 { cond = "not (\(cond))" }
            lines += [
                "rule r\(i) \"R\(i)\"", "  when \(cond)", "  then \(["blue", "green", "amber", "red"][r.next(4)])",
                "end",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func literal(_ r: inout SplitMix) -> String {
        let ops = ["<", "<=", ">", ">=", "=", "!="]
        switch r.next(11) {
        case 0, 1: return "f\(r.next(5))"
        case 2: return "not f\(r.next(5))"
        case 3: return "n\(r.next(2)) \(ops[r.next(6)]) \(r.next(11))"
        case 4: return "c0 \(ops[r.next(6)]) \(r.next(7))"
        case 5: return "k0 \(r.next(2) == 0 ? "=" : "!=") v\(r.next(4))"
        case 6: return "k0 in (v\(r.next(4)), v\(r.next(4)))"
        case 7: return "s0 has v\(r.next(3))"
        case 8: return "at least 2 of (f\(r.next(5)), f\(r.next(5)), n0 > \(r.next(10)))"
        case 9: return "n\(r.next(2)) between \(r.next(6)) and \(r.next(11))"
        default: return r.next(3) == 0 ? "d0" : "f\(r.next(5)) is known"
        }
    }

    /// Facts drawn from the values near the rules' boundaries; each unknown a fifth of the time.
    func sample(_ rs: RuleSet, _ r: inout SplitMix) -> FactVector {
        rs.facts.map { fact -> FactValue? in
            if r.next(5) == 0 { return nil }
            switch fact.type {
            case .yesNo: return .bool(r.next(2) == 0)
            case .number: return .number(r.next(8) == 0 ? ExactNumber(units: 2_500_000) : ExactNumber(r.next(11)))
            case .count: return .number(ExactNumber(r.next(7)))
            case .oneOf: return .option(r.next(4))
            case .someOf: return .options(UInt64(r.next(8)))
            default: return nil
            }
        }
    }
}
