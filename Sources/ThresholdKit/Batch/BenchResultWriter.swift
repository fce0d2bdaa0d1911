/// For `threshold bench-eval` only (`@_spi(Bench)`): what each thread of `threshold batch` does with an
/// evaluation, so the benchmark times the same work while the byte sink and the score memo stay internal.
/// It explains the evaluation without the rules not fired and the fact values, and writes the result object
/// into one reused sink, copying score objects from one `ScoreJSONMemo`.
///
/// ```swift
/// var writer = BenchResultWriter(ruleSet)
/// let bytes = writer.write(Evaluator(ruleSet).evaluate(facts))   // the result object's length
/// ```
@_spi(Bench) public struct BenchResultWriter: ~Copyable {
    private let explainer: Explainer
    private let renderer: JSONResultRenderer
    private var sink = JSONByteSink()
    private var memo = ScoreJSONMemo()

    public init(_ ruleSet: RuleSet) {
        explainer = Explainer(ruleSet)
        renderer = JSONResultRenderer(ruleSet: ruleSet)
    }

    /// Explains `evaluation` and writes its result object in place of the last one; its length in bytes.
    public mutating func write(_ evaluation: Evaluation) -> Int {
        sink.removeAll()
        renderer.write(
            explainer.explain(evaluation, scenarioID: "s", notFired: false, factValues: false), to: &sink,
            memo: &memo)
        return sink.count
    }
}
