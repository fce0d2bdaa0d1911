import Dispatch

/// Scores JSON Lines: one scenario per input line (`{"id": …, "facts": {…}}` or a bare facts object), one
/// result object per line out, in input order (`threshold batch`).
///
/// - Streaming, in constant memory: input is pulled in chunks through `read`, cut into lines, scored a
///   block of lines at a time, and each block's output is pushed through `write`. Memory is bounded by the
///   chunk buffer, one block's output and the longest line.
/// - A bad line (invalid JSON, unknown fact, wrong type, a line longer than `Options.maxLineBytes`) gives
///   `{"line":N,"error":"…"}` in its place and the batch goes on.
/// - Blank lines (empty, or only spaces, tabs and `\r`) are skipped: they give no output line, but they
///   count in line numbers. Line numbers are 1-based, counted at `\n`.
/// - A scenario without an `id` is named `line-N`.
/// - `jobs > 1` scores each block on that many threads (one evaluator per thread); the output is
///   byte-identical whatever the number of jobs, because each line's output depends only on the line.
///
/// Pure: bytes in, bytes out. The caller does the reading and writing (stdin, files, memory).
public final class BatchScorer {
    /// How a batch runs.
    public struct Options: Sendable {
        /// Threads scoring each block (at least 1).
        public var jobs: Int
        /// Lines per thread in one block.
        public var linesPerJob: Int
        /// A longer line is reported as an error and skipped.
        public var maxLineBytes: Int
        /// Bytes read at a time (the input buffer grows only for a line longer than this).
        public var chunkBytes: Int
        /// Fill `changes` with counterfactuals (slower); off by default.
        public var changes: Bool

        public init(jobs: Int = 1, linesPerJob: Int = 512, maxLineBytes: Int = 16 << 20, chunkBytes: Int = 1 << 20,
                    changes: Bool = false) {
            self.jobs = Swift.max(1, jobs)
            self.linesPerJob = Swift.max(1, linesPerJob)
            self.maxLineBytes = Swift.max(1, maxLineBytes)
            self.chunkBytes = Swift.max(16, chunkBytes)
            self.changes = changes
        }
    }

    /// A line that could not be scored.
    public struct Failure: Sendable, Equatable {
        /// 1-based line number.
        public var line: Int
        public var message: String
    }

    /// What a run did.
    public struct Summary: Sendable, Equatable {
        /// Lines read, blank ones included.
        public var lines = 0
        public var scored = 0
        public var failed = 0
        public var blank = 0
    }

    public let ruleSet: RuleSet
    public let options: Options
    private let workers: [BatchWorker]

    public init(ruleSet: RuleSet, options: Options = Options()) {
        self.ruleSet = ruleSet
        self.options = options
        workers = (0..<options.jobs).map { _ in BatchWorker(ruleSet: ruleSet, changes: options.changes) }
    }

    /// Runs a whole batch. `read` fills the buffer it is given and returns the number of bytes read (0 at
    /// the end of input); `write` takes each block's output; `failed` hears of each bad line, in order.
    /// Errors thrown by `read` or `write` end the run and are passed on.
    @discardableResult
    public func run(read: (UnsafeMutableRawBufferPointer) throws -> Int,
                    write: (UnsafeRawBufferPointer) throws -> Void,
                    failed: (Failure) -> Void = { _ in }) rethrows -> Summary {
        var summary = Summary()
        var splitter = LineSplitter(chunkBytes: options.chunkBytes, maxLineBytes: options.maxLineBytes)
        var block: [BatchLine] = []
        let blockLimit = options.jobs * options.linesPerJob
        block.reserveCapacity(blockLimit)
        var atEnd = false
        while true {
            while block.count < blockLimit, let line = splitter.next(atEnd: atEnd) {
                block.append(line)
            }
            // Score what is collected before the buffer is refilled (refilling may move its bytes).
            if !block.isEmpty && (block.count == blockLimit || atEnd || splitter.needsCompaction) {
                try splitter.withBuffer { base in
                    try scoreBlock(block, base, &summary, write, failed)
                }
                block.removeAll(keepingCapacity: true)
                continue
            }
            if atEnd { break }
            let n = try splitter.fill(read)
            if n == 0 { atEnd = true }
        }
        return summary
    }

    /// Runs a batch over bytes in memory (tests, small inputs).
    public func run(_ input: [UInt8]) -> (output: [UInt8], failures: [Failure], summary: Summary) {
        var offset = 0
        var output: [UInt8] = []
        var failures: [Failure] = []
        let summary = input.withUnsafeBytes { source in
            run(read: { buffer in
                let n = Swift.min(buffer.count, source.count - offset)
                if n > 0, let from = source.baseAddress, let to = buffer.baseAddress {
                    to.copyMemory(from: from + offset, byteCount: n)
                }
                offset += n
                return n
            }, write: { output.append(contentsOf: $0) }, failed: { failures.append($0) })
        }
        return (output, failures, summary)
    }

    /// Scores one block, on as many threads as there are jobs, and writes its output in order.
    private func scoreBlock(_ block: [BatchLine], _ base: UnsafeRawBufferPointer, _ summary: inout Summary,
                            _ write: (UnsafeRawBufferPointer) throws -> Void, _ failed: (Failure) -> Void) rethrows {
        let jobs = Swift.min(workers.count, block.count)
        let per = (block.count + jobs - 1) / jobs
        let workers = self.workers
        block.withUnsafeBufferPointer { lines in
            if jobs == 1 {
                workers[0].score(lines, base)
            } else {
                DispatchQueue.concurrentPerform(iterations: jobs) { j in
                    let range = Swift.min(lines.count, j * per)..<Swift.min(lines.count, (j + 1) * per)
                    workers[j].score(UnsafeBufferPointer(rebasing: lines[range]), base)
                }
            }
        }
        for worker in workers.prefix(jobs) {
            summary.lines += worker.counts.lines
            summary.scored += worker.counts.scored
            summary.failed += worker.counts.failed
            summary.blank += worker.counts.blank
            for f in worker.failures { failed(f) }
            try worker.output.withUnsafeBytes { try write($0) }
        }
    }
}

/// One input line: where its bytes are in the buffer, or why it has none.
struct BatchLine {
    var number: Int
    var start: Int
    var end: Int
    /// Longer than `maxLineBytes`: skipped, reported as an error.
    var tooLong: Bool
}

/// Cuts the input into lines over one growable buffer: reads append at the end, complete lines are handed
/// out as ranges, and the unread tail moves to the front only when room is needed.
struct LineSplitter {
    private var buffer: [UInt8]
    private var filled = 0
    private var lineStart = 0
    private var scanned = 0
    private var lineNumber = 0
    /// Skipping the rest of a line that was too long.
    private var discarding = false
    let chunkBytes: Int
    let maxLineBytes: Int

    init(chunkBytes: Int, maxLineBytes: Int) {
        self.chunkBytes = chunkBytes
        self.maxLineBytes = maxLineBytes
        buffer = [UInt8](repeating: 0, count: chunkBytes * 2)
    }

    /// True when the next read must move bytes (so lines handed out before must be used first).
    var needsCompaction: Bool { buffer.count - filled < chunkBytes && lineStart > 0 }

    /// The next complete line; at the end of input also the last line without `\n`. A line that grows past
    /// `maxLineBytes` without a newline is handed out at once as too long, and its bytes are dropped up to
    /// the next newline.
    mutating func next(atEnd: Bool) -> BatchLine? {
        while true {
            let from = scanned, to = filled
            let newline: Int? = buffer.withUnsafeBufferPointer { b in
                var k = from
                while k < to {
                    if b[k] == 0x0A { return k }
                    k += 1
                }
                return nil
            }
            if let nl = newline {
                let start = lineStart
                lineStart = nl + 1
                scanned = nl + 1
                if discarding { discarding = false; continue }
                lineNumber += 1
                return BatchLine(number: lineNumber, start: start, end: nl, tooLong: nl - start > maxLineBytes)
            }
            scanned = filled
            if discarding {
                lineStart = filled
                return nil
            }
            if atEnd {
                guard lineStart < filled else { return nil }
                let start = lineStart
                lineStart = filled
                lineNumber += 1
                return BatchLine(number: lineNumber, start: start, end: filled, tooLong: filled - start > maxLineBytes)
            }
            if filled - lineStart > maxLineBytes {
                lineNumber += 1
                discarding = true
                lineStart = filled
                return BatchLine(number: lineNumber, start: 0, end: 0, tooLong: true)
            }
            return nil
        }
    }

    /// Reads more input after the bytes held, moving the unread tail to the front or growing if needed.
    mutating func fill(_ read: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> Int {
        if buffer.count - filled < chunkBytes {
            let tail = filled - lineStart
            if lineStart > 0 {
                buffer.withUnsafeMutableBytes { b in
                    if let p = b.baseAddress, tail > 0 { p.copyMemory(from: p + lineStart, byteCount: tail) }
                }
                scanned -= lineStart
                lineStart = 0
                filled = tail
            }
            if buffer.count - filled < chunkBytes {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
        }
        let n = try buffer.withUnsafeMutableBytes { b in
            try read(UnsafeMutableRawBufferPointer(rebasing: b[filled..<b.count]))
        }
        filled += Swift.max(0, Swift.min(n, buffer.count - filled))
        return Swift.max(0, n)
    }

    func withBuffer<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try buffer.withUnsafeBytes { try body($0) }
    }
}

/// One thread's share of the work: its own evaluator, explainer and output buffer.
final class BatchWorker {
    struct Counts { var lines = 0, scored = 0, failed = 0, blank = 0 }

    let ruleSet: RuleSet
    let evaluator: Evaluator
    let explainer: Explainer
    let decoder: JSONScenarioDecoder
    let renderer: JSONResultRenderer
    let changes: Bool
    /// For counterfactuals (`Options.changes`) only.
    lazy var scoring = Scoring(ruleSet)
    var output = JSONWriter()
    var failures: [BatchScorer.Failure] = []
    var counts = Counts()

    init(ruleSet: RuleSet, changes: Bool) {
        self.ruleSet = ruleSet
        evaluator = Evaluator(ruleSet)
        explainer = Explainer(ruleSet)
        decoder = JSONScenarioDecoder(ruleSet: ruleSet)
        renderer = JSONResultRenderer(ruleSet: ruleSet)
        self.changes = changes
    }

    /// Scores lines into `output`, forgetting the previous block's output.
    func score(_ lines: UnsafeBufferPointer<BatchLine>, _ base: UnsafeRawBufferPointer) {
        output.removeAll(keepingCapacity: true)
        failures.removeAll(keepingCapacity: true)
        counts = Counts()
        for line in lines {
            counts.lines += 1
            if line.tooLong {
                fail(line.number, "the line is longer than the limit; skipped")
                continue
            }
            let bytes = UnsafeRawBufferPointer(rebasing: base[line.start..<line.end]).bindMemory(to: UInt8.self)
            if BatchWorker.isBlank(bytes) { counts.blank += 1; continue }
            scoreLine(bytes, line.number)
        }
    }

    private func scoreLine(_ bytes: UnsafeBufferPointer<UInt8>, _ number: Int) {
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes: bytes)
        } catch {
            fail(number, "invalid JSON at column \(error.column): \(error.message)")
            return
        }
        switch decoder.decode(json, defaultID: "line-\(number)") {
        case .failure(let f):
            fail(number, f.message)
        case .success(let scenario):
            // The result object does not show the rules that did not fire, so they are not explained.
            var result = explainer.explain(evaluator.evaluate(scenario.facts), scenarioID: scenario.id, title: scenario.title,
                                           notFired: false)
            if changes { result.changes = Counterfactuals.changes(for: result, scoring: scoring) }
            renderer.write(result, to: &output)
            output.endLine()
            counts.scored += 1
        }
    }

    private func fail(_ line: Int, _ message: String) {
        counts.failed += 1
        failures.append(BatchScorer.Failure(line: line, message: message))
        output.beginObject()
        output.key("line"); output.int(line)
        output.key("error"); output.string(message)
        output.endObject()
        output.endLine()
    }

    /// Empty, or only spaces, tabs and carriage returns.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0D { return false }
        return true
    }
}
