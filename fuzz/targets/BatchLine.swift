// The batch line decoder: its fast path and the general path (JSONReader and JSONScenarioDecoder) must
// give the same scenario for every line the fast path takes; then the whole input, as a batch, must give
// byte for byte what the general path gives line by line, on one thread (one input in sixteen, by length)
// and on two (one in sixty-four): the whole-batch comparison scores and explains every line, which is slow.
// One input in sixteen more goes through `--outcome-only` (the id written from the line's bytes).
@_spi(Bench) @testable import ThresholdKit

nonisolated(unsafe) var fast = BatchLineDecoder(ruleSet: fuzzRuleSet)
let general = JSONScenarioDecoder(ruleSet: fuzzRuleSet)
/// The rule set without its `text` fact: the decoder then sets its reused vector back, and writes values, by
/// copying bytes (`BatchFactReader.plainValues`).
let plainRuleSet: RuleSet = {
    let plain = fuzzRules.split(separator: "\n").filter { !$0.contains("notes") }.joined(separator: "\n")
    guard let rs = RuleSetCompiler.load("main.rules", reader: MemoryReader(["main.rules": plain])).ruleSet else {
        preconditionFailure("the plain fuzz rule set does not compile")
    }
    return rs
}()
nonisolated(unsafe) var plainFast = BatchLineDecoder(ruleSet: plainRuleSet)
let plainGeneral = JSONScenarioDecoder(ruleSet: plainRuleSet)
nonisolated(unsafe) let oneJob = BatchScorer(ruleSet: fuzzRuleSet, options: .init(jobs: 1, linesPerJob: 2, maxLineBytes: 4096, chunkBytes: 64))
nonisolated(unsafe) let twoJobs = BatchScorer(ruleSet: fuzzRuleSet, options: .init(jobs: 2, linesPerJob: 1, maxLineBytes: 4096, chunkBytes: 16))

nonisolated(unsafe) let outcomeOnly = BatchScorer(
    ruleSet: fuzzRuleSet, options: .init(jobs: 1, linesPerJob: 3, maxLineBytes: 4096, chunkBytes: 32, outcomeOnly: true))

/// A scenario's line as the general path writes it: the whole result, or (`brief`) the outcome alone, its id
/// written from a `String` (the batch writes a plain id from the line's bytes).
func resultLine(_ s: Scenario, brief: Bool) -> [UInt8] {
    guard brief else { return Array((JSONResultRenderer().render(Scoring(fuzzRuleSet).score(s)) + "\n").utf8) }
    let evaluator = Evaluator(fuzzRuleSet)
    let level = evaluator.outcomeLevel(s.facts)
    var sink = JSONByteSink()
    JSONResultRenderer(ruleSet: fuzzRuleSet).writeOutcomeOnly(
        s.id, level: level, due: evaluator.due(for: level), facts: s.facts, fuzzRuleSet, to: &sink)
    sink.endLine()
    return Array(sink.bytes)
}

/// What the batch must write for `input`, line by line on the general path.
func reference(_ input: [UInt8], brief: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
    if input.last == 0x0A { lines.removeLast() }
    for (k, line) in lines.enumerated() {
        let number = k + 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        var w = JSONWriter()
        if line.count > 4096 {
            w.beginObject(); w.key("line"); w.int(number); w.key("error"); w.string("the line is longer than the limit; skipped"); w.endObject()
        } else {
            do {
                let json = try JSONReader.parse(bytes: Array(line))
                switch general.decode(json, defaultID: "line-\(number)") {
                case .success(let s):
                    out += resultLine(s, brief: brief)
                    continue
                case .failure(let f):
                    w.beginObject(); w.key("line"); w.int(number); w.key("error"); w.string(f.message); w.endObject()
                }
            } catch {
                w.beginObject(); w.key("line"); w.int(number)
                w.key("error"); w.string("invalid JSON at column \(error.column): \(error.message)"); w.endObject()
            }
        }
        out += w.bytes + [0x0A]
    }
    return out
}

/// One line read by a decoder that has read the lines before, against the general path.
func compare(_ bytes: [UInt8], _ k: Int, _ fast: inout BatchLineDecoder, _ general: JSONScenarioDecoder) {
    guard let quick = bytes.withUnsafeBufferPointer({ fast.decode($0, defaultID: "line-\(k)") }) else { return }
    let slow: Scenario
    do {
        let json = try JSONReader.parse(bytes: bytes)
        switch general.decode(json, defaultID: "line-\(k)") {
        case .success(let s): slow = s
        case .failure(let f): finding("fast path took a line the general path rejects: \(f.message)")
        }
    } catch { finding("fast path took a line that is not JSON: \(error)") }
    if quick.id != slow.id { finding("ids differ: \(quick.id) / \(slow.id)") }
    if quick.title != slow.title { finding("titles differ") }
    if quick.facts != slow.facts { finding("facts differ: \(quick.facts) / \(slow.facts)") }
    if quick.given.sorted() != slow.given.sorted() { finding("given differ: \(quick.given) / \(slow.given)") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    // Each line on its own: fast path against general path, with a `text` fact and without.
    for (k, line) in input.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
        let bytes = Array(line)
        compare(bytes, k, &fast, general)
        compare(bytes, k, &plainFast, plainGeneral)
    }
    // The whole input as a batch (fast path, splitter, workers, writer) against the general path.
    if size % 16 == 8, outcomeOnly.run(input).output != reference(input, brief: true) {
        finding("batch output (--outcome-only) differs from the general path")
    }
    guard size % 16 == 0 else { return 0 }
    let expected = reference(input)
    if oneJob.run(input).output != expected { finding("batch output (1 job) differs from the general path") }
    if size % 64 == 0, twoJobs.run(input).output != expected { finding("batch output (2 jobs) differs from the general path") }
    return 0
}
