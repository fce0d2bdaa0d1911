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
        // The parts that change line by line are each accessed once for the whole run of lines: a class's stored
        // property changed in place is checked for exclusive access at run time each time (about 200
        // instructions a line when each line took its own).
        score(lines, base, &output, &counts, &fastDecoder, &scoreMemo)
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

    /// The lines, with the worker's changing parts passed in (the stored properties are not touched here).
    private func score(
        _ lines: UnsafeBufferPointer<BatchLine>, _ base: UnsafeRawBufferPointer, _ out: inout JSONByteSink,
        _ counts: inout Counts, _ fast: inout BatchLineDecoder, _ scoreMemo: inout ScoreJSONMemo
    ) {
        var sized = false
        for line in lines {
            counts.lines += 1
            if line.tooLong {
                fail(line.number, "the line is longer than the limit; skipped", &out, &counts)
                continue
            }
            // In bounds: start <= end <= the bytes filled (`LineSplitter`); the slice is checked in debug builds.
            let bytes = UnsafeRawBufferPointer(rebasing: base[line.start..<line.end]).bindMemory(to: UInt8.self)
            if BatchWorker.isBlank(bytes) {
                counts.blank += 1
                continue
            }
            scoreLine(bytes, line.number, &out, &counts, &fast, &scoreMemo)
            if !sized, counts.scored == 1 {
                // Room for the block at the size of its first result, at once: growing as it went copied the
                // block's output again at each doubling.
                sized = true
                out.reserve(out.count * (lines.count - counts.lines))
            }
        }
    }

    private func scoreLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ number: Int, _ out: inout JSONByteSink, _ counts: inout Counts,
        _ fast: inout BatchLineDecoder, _ scoreMemo: inout ScoreJSONMemo
    ) {
        if let line = fast.decodeLine(bytes) {
            if outcomeOnly, let id = line.idBytes {
                // The id's bytes go to the output as they are: no `String` is made for them.
                let (level, due) = evaluator.outcomeAndDue(line.facts, changed: line.given)
                renderer.writeOutcomeOnly(plainID: id, level: level, due: due, facts: line.facts, ruleSet, to: &out)
                out.endLine()
                counts.scored += 1
            } else {
                score(line.id ?? "line-\(number)", line.title, line.facts, line.given, &out, &counts, &scoreMemo)
            }
            fast.reclaim(line)
            return
        }
        // The general path: any JSON, and the exact message for a bad line.
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes: bytes)
        } catch {
            fail(number, "invalid JSON at column \(error.column): \(error.message)", &out, &counts)
            return
        }
        switch decoder.decode(json, defaultID: "line-\(number)") {
        case .failure(let f): fail(number, f.message, &out, &counts)
        case .success(let scenario):
            score(scenario.id, scenario.title, scenario.facts, scenario.given, &out, &counts, &scoreMemo)
        }
    }

    private func score(
        _ id: String, _ title: String?, _ facts: FactVector, _ given: [Int], _ out: inout JSONByteSink,
        _ counts: inout Counts, _ scoreMemo: inout ScoreJSONMemo
    ) {
        if outcomeOnly {
            // The outcome alone (as `threshold bench-eval` times it), and its due time; the evaluator keeps no
            // facts (it never evaluates a whole scenario in this mode).
            let (level, due) = evaluator.outcomeAndDue(facts, changed: given)
            renderer.writeOutcomeOnly(id, level: level, due: due, facts: facts, ruleSet, to: &out)
            out.endLine()
            counts.scored += 1
            return
        }
        // The result object does not show the rules that did not fire, so they are not explained, and the
        // renderer takes fired rules' fact values from the evaluation (counterfactuals get the full findings).
        var result = explainer.explain(
            evaluator.evaluate(facts, changed: given), scenarioID: id, title: title,
            notFired: false, factValues: changes, prepared: evaluator, memo: memo)
        if changes { scoring.addChanges(to: &result) }
        renderer.write(result, to: &out, memo: &scoreMemo)
        out.endLine()
        evaluator.forgetFacts()  // so the decoder can reuse the fact vector in place
        counts.scored += 1
    }

    private func fail(_ line: Int, _ message: String, _ out: inout JSONByteSink, _ counts: inout Counts) {
        counts.failed += 1
        failures.append(BatchScorer.Failure(line: line, message: message))
        out.beginObject()
        out.key("line")
        out.int(line)
        out.key("error")
        out.string(message)
        out.endObject()
        out.endLine()
    }

    /// Empty, or only spaces, tabs and carriage returns.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0D { return false }
        return true
    }
}
