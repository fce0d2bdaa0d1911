/// One thread's share of a diff: an evaluator and a decoder for each version, and its tally of the block.
final class DiffWorker {
    let old: RuleSet
    let new: RuleSet
    let comparer: CaseComparer
    let oldEvaluator: Evaluator
    let newEvaluator: Evaluator
    var oldDecoder: DiffScenarioDecoder
    var newDecoder: DiffScenarioDecoder
    var tally: DiffTally
    var failures: [DiffFailure] = []
    var lines = 0, blank = 0

    init(old: RuleSet, new: RuleSet, comparer: CaseComparer) {
        self.old = old
        self.new = new
        self.comparer = comparer
        oldEvaluator = Evaluator(old)
        newEvaluator = Evaluator(new)
        oldDecoder = DiffScenarioDecoder(old, other: new)
        newDecoder = DiffScenarioDecoder(new, other: old)
        tally = DiffTally(comparer)
    }

    /// Scores a slice of lines under both versions, forgetting the previous block's tally.
    func score(_ lines: UnsafeBufferPointer<BatchLine>, _ base: UnsafeRawBufferPointer) {
        tally.reset()
        failures.removeAll(keepingCapacity: true)
        self.lines = 0
        blank = 0
        for line in lines {
            self.lines += 1
            if line.tooLong {
                failures.append(
                    DiffFailure(line: line.number, version: nil, message: "the line is longer than the limit; skipped"))
                continue
            }
            let bytes = UnsafeRawBufferPointer(rebasing: base[line.start..<line.end]).bindMemory(to: UInt8.self)
            if BatchWorker.isBlank(bytes) {
                blank += 1
                continue
            }
            scoreLine(bytes, line.number)
        }
    }

    private func scoreLine(_ bytes: UnsafeBufferPointer<UInt8>, _ number: Int) {
        let a: Scenario
        let b: Scenario
        switch oldDecoder.decode(bytes, defaultID: "line-\(number)") {
        case .success(let s): a = s
        case .failure(let f):
            failures.append(DiffFailure(line: number, version: .old, message: f.message))
            return
        }
        switch newDecoder.decode(bytes, defaultID: "line-\(number)") {
        case .success(let s): b = s
        case .failure(let f):
            failures.append(DiffFailure(line: number, version: .new, message: f.message))
            return
        }
        let x = oldEvaluator.evaluate(a.facts, changed: a.given)
        let y = newEvaluator.evaluate(b.facts, changed: b.given)
        tally.add(x, y, comparer, id: a.id, line: number, file: nil, given: a.given)
        oldEvaluator.forgetFacts()  // so the decoders can reuse their fact vectors in place
        newEvaluator.forgetFacts()
    }
}

/// A case that could not be scored under one version or both.
public struct DiffFailure: Sendable, Equatable {
    enum Version: String, Sendable { case old, new }
    /// 1-based JSON Lines line, or nil for a worked-case file.
    var line: Int?
    var version: Version?
    var message: String
    var file: String?

    init(line: Int?, version: Version?, message: String, file: String? = nil) {
        self.line = line
        self.version = version
        self.message = message
        self.file = file
    }
}
