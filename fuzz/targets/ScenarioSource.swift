// Scenario source: a `.scenario` file, and the same bytes as a JSON file, read and checked against the
// fuzz rule set (as `score` reads them); every scenario read is evaluated, and the diagnostics rendered.
// (Scoring and explaining a scenario is the same code for every route; the batch target covers it.)
@testable import ThresholdKit

nonisolated(unsafe) let evaluator = Evaluator(fuzzRuleSet)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = fuzzText(data, size) else { return 0 }
    let reader = MemoryReader(["main.rules": fuzzRules, "cases.scenario": text, "cases.json": text])
    let given = ScenarioInput.load(["cases.scenario", "cases.json"], against: fuzzRuleSet, reader: reader)
    for s in given.scenarios {
        if s.facts.count != fuzzRuleSet.facts.count { finding("a scenario with \(s.facts.count) fact slots") }
        _ = evaluator.evaluate(s.facts)
    }
    _ = DiagnosticRenderer(sources: given.sources).render(given.diagnostics)
    return 0
}
