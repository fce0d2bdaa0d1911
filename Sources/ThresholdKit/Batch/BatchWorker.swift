/// One thread's share of the work: its own evaluator, explainer and output buffer.
final class BatchWorker {
    struct Counts { var lines = 0, scored = 0, failed = 0, blank = 0 }

    let ruleSet: RuleSet
    let evaluator: Evaluator
    let explainer: Explainer
    let decoder: JSONScenarioDecoder
    var fastDecoder: BatchLineDecoder
    let renderer: JSONResultRenderer
    let changes: Bool
    /// Write only the outcome (`BatchScorer.Options.outcomeOnly`, never with `changes`): evaluate, and explain
    /// nothing.
    let outcomeOnly: Bool
    /// For counterfactuals (`Options.changes`) only.
    lazy var scoring = Scoring(ruleSet)
    var output = JSONByteSink()
    var scoreMemo = ScoreJSONMemo()
    /// What explanations found, kept for the lines after (this worker's thread only).
    let memo: ExplanationMemo
    var failures: [BatchScorer.Failure] = []
    var counts = Counts()

    init(ruleSet: RuleSet, changes: Bool, outcomeOnly: Bool) {
        self.ruleSet = ruleSet
        evaluator = Evaluator(ruleSet)
        explainer = Explainer(ruleSet)
        memo = ExplanationMemo(ruleSet)
        decoder = JSONScenarioDecoder(ruleSet: ruleSet)
        fastDecoder = BatchLineDecoder(ruleSet: ruleSet)
        renderer = JSONResultRenderer(ruleSet: ruleSet)
        self.changes = changes
        self.outcomeOnly = outcomeOnly
    }

    /// Scores lines into `output`, forgetting the previous block's output.
    func score(_ lines: UnsafeBufferPointer<BatchLine>, _ base: UnsafeRawBufferPointer) {
        output.removeAll()
        failures.removeAll(keepingCapacity: true)
        counts = Counts()
        var sized = false
        for line in lines {
            counts.lines += 1
            if line.tooLong {
                fail(line.number, "the line is longer than the limit; skipped")
                continue
            }
            // In bounds: start <= end <= the bytes filled (`LineSplitter`); the slice is checked in debug builds.
            let bytes = UnsafeRawBufferPointer(rebasing: base[line.start..<line.end]).bindMemory(to: UInt8.self)
            if BatchWorker.isBlank(bytes) {
                counts.blank += 1
                continue
            }
            scoreLine(bytes, line.number)
            if !sized, counts.scored == 1 {
                // Room for the block at the size of its first result, at once: growing as it went copied the
                // block's output again at each doubling.
                sized = true
                output.reserve(output.count * (lines.count - counts.lines))
            }
        }
    }

    /// Scores a piece's lines (`forEachPipelinedPiece`), leaving the output, failures and counts in the piece and
    /// taking the piece's buffers in exchange.
    func score(_ piece: BatchPiece) {
        if let bytes = piece.bytes {
            score(piece.given, bytes.bytes)
        } else {
            score(UnsafeBufferPointer(start: nil, count: 0), UnsafeRawBufferPointer(start: nil, count: 0))
        }
        swap(&output, &piece.output)
        swap(&failures, &piece.failures)
        piece.counts = counts
    }

    private func scoreLine(_ bytes: UnsafeBufferPointer<UInt8>, _ number: Int) {
        if let line = fastDecoder.decodeLine(bytes) {
            score(line.id ?? "line-\(number)", line.title, line.facts, line.given)
            return
        }
        // The general path: any JSON, and the exact message for a bad line.
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes: bytes)
        } catch {
            fail(number, "invalid JSON at column \(error.column): \(error.message)")
            return
        }
        switch decoder.decode(json, defaultID: "line-\(number)") {
        case .failure(let f): fail(number, f.message)
        case .success(let scenario): score(scenario.id, scenario.title, scenario.facts, scenario.given)
        }
    }

    private func score(_ id: String, _ title: String?, _ facts: FactVector, _ given: [Int]) {
        if outcomeOnly {
            // The outcome alone (as `threshold bench-eval` times it), and its due time.
            let level = evaluator.outcomeLevel(facts, changed: given)
            renderer.writeOutcomeOnly(
                id, level: level, due: evaluator.due(for: level), facts: facts, ruleSet, to: &output)
            output.endLine()
            evaluator.forgetFacts()
            counts.scored += 1
            return
        }
        // The result object does not show the rules that did not fire, so they are not explained, and the
        // renderer takes fired rules' fact values from the evaluation (counterfactuals get the full findings).
        var result = explainer.explain(
            evaluator.evaluate(facts, changed: given), scenarioID: id, title: title,
            notFired: false, factValues: changes, prepared: evaluator, memo: memo)
        if changes { scoring.addChanges(to: &result) }
        renderer.write(result, to: &output, memo: &scoreMemo)
        output.endLine()
        evaluator.forgetFacts()  // so the decoder can reuse the fact vector in place
        counts.scored += 1
    }

    private func fail(_ line: Int, _ message: String) {
        counts.failed += 1
        failures.append(BatchScorer.Failure(line: line, message: message))
        output.beginObject()
        output.key("line")
        output.int(line)
        output.key("error")
        output.string(message)
        output.endObject()
        output.endLine()
    }

    /// Empty, or only spaces, tabs and carriage returns.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0D { return false }
        return true
    }
}
