/// Scores JSON Lines: one scenario per input line (`{"id": …, "facts": {…}}` or a bare facts object), one
/// result object per line out, in input order (`threshold batch`).
///
/// - Streaming, in constant memory: input is pulled in chunks through `read`, cut into lines, scored a
///   block of lines at a time (with more than one job, in pieces of a quarter of `linesPerJob` lines), and each
///   block's (or piece's) output is pushed through `write`. Memory is bounded by the chunk buffer (and those the
///   pieces in flight still read), one block's output (six pieces' a thread) and the longest line.
/// - A bad line (invalid JSON, unknown fact, wrong type, a line longer than `LineBlocking.maxLineBytes`) gives
///   `{"line":N,"error":"…"}` in its place and the batch goes on.
/// - Blank lines (empty, or only spaces, tabs and `\r`) are skipped: they give no output line, but they
///   count in line numbers. Line numbers are 1-based, counted at `\n`.
/// - A scenario without an `id` is named `line-N`.
/// - `outcomeOnly` writes, for each line, only the result object's `scenario`, `ruleset`, `outcome` and
///   `warnings` members, the same bytes as in the whole object: the evaluation alone, no explanation.
/// - `jobs > 1` scores pieces of lines on that many threads (one evaluator per thread), each taking the next
///   piece as it finishes one, while the calling thread reads and writes (`forEachPipelinedPiece`); the output
///   is byte-identical whatever the number of jobs, because each line's output depends only on the line.
///
/// Pure: bytes in, bytes out. The caller does the reading and writing (stdin, files, memory). A scorer
/// runs one batch at a time (its workers hold scratch state).
///
/// ```swift
/// let scorer = BatchScorer(ruleSet: ruleSet, options: .init(jobs: 4))
/// let (output, failures, summary) = scorer.run(Array(jsonLines.utf8))   // one result object per line
/// ```
public final class BatchScorer {
    /// How a batch runs.
    public struct Options: Sendable {
        var blocking: LineBlocking
        /// Fill `changes` with counterfactuals (slower); off by default.
        public var changes: Bool
        /// Write only each result's `scenario`, `ruleset`, `outcome` and `warnings` (a rating per referral, with
        /// no explanation: `threshold batch --outcome-only`); off by default. Ignored with `changes`.
        public var outcomeOnly: Bool

        public init(
            jobs: Int = 1, linesPerJob: Int = 512, maxLineBytes: Int = Limits.batchLineBytes, chunkBytes: Int = 1 << 20,
            changes: Bool = false, outcomeOnly: Bool = false
        ) {
            blocking = LineBlocking(
                jobs: jobs, linesPerJob: linesPerJob, maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
            self.changes = changes
            self.outcomeOnly = outcomeOnly && !changes
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
        var scored = 0
        public var failed = 0
        public var blank = 0

        init(lines: Int = 0, scored: Int = 0, failed: Int = 0, blank: Int = 0) {
            self.lines = lines
            self.scored = scored
            self.failed = failed
            self.blank = blank
        }
    }

    let ruleSet: RuleSet
    let options: Options
    private let workers: [BatchWorker]

    public init(ruleSet: RuleSet, options: Options = Options()) {
        self.ruleSet = ruleSet
        self.options = options
        workers = (0..<options.blocking.jobs).map { _ in
            BatchWorker(ruleSet: ruleSet, changes: options.changes, outcomeOnly: options.outcomeOnly)
        }
    }

    /// Runs a whole batch. `read` fills the buffer it is given and returns the number of bytes read (0 at
    /// the end of input); `write` takes each block's output; `failed` hears of each bad line, in order.
    /// Errors thrown by `read` or `write` end the run and are passed on.
    @discardableResult
    public func run(
        read: (UnsafeMutableRawBufferPointer) throws -> Int,
        write: (UnsafeRawBufferPointer) throws -> Void,
        failed: (Failure) -> Void = { _ in }
    ) rethrows -> Summary {
        var summary = Summary()
        let workers = self.workers
        if options.blocking.jobs > 1 {
            // Two jobs or more: the threads score pieces of a few lines while this thread reads and writes.
            try forEachPipelinedPiece(
                options.blocking, read: read,
                score: { j, piece in workers[j].score(piece) },
                emit: { piece in
                    try BatchScorer.take(piece.counts, piece.failures, piece.output.bytes, &summary, write, failed)
                })
            return summary
        }
        try forEachBatchBlock(
            options.blocking, read: read
        ) { block, base, threads in try scoreBlock(block, base, threads, &summary, write, failed) }
        return summary
    }

    /// Runs a batch over bytes in memory (tests, small inputs).
    public func run(_ input: [UInt8]) -> (output: [UInt8], failures: [Failure], summary: Summary) {
        var output: [UInt8] = []
        var failures: [Failure] = []
        let summary = withMemoryReader(input) { read in
            run(read: read, write: { output.append(contentsOf: $0) }, failed: { failures.append($0) })
        }
        return (output, failures, summary)
    }

    /// Scores one block, on as many threads as there are jobs, and writes its output in order.
    private func scoreBlock(
        _ block: [BatchLine], _ base: UnsafeRawBufferPointer, _ threads: BatchThreads?, _ summary: inout Summary,
        _ write: (UnsafeRawBufferPointer) throws -> Void, _ failed: (Failure) -> Void
    ) rethrows {
        let jobs = Swift.min(workers.count, block.count)
        let workers = self.workers
        BatchThreads.slices(block, jobs: jobs, on: threads) { j, lines in workers[j].score(lines, base) }
        for worker in workers.prefix(jobs) {
            try BatchScorer.take(worker.counts, worker.failures, worker.output.bytes, &summary, write, failed)
        }
    }

    /// Adds a worker's counts to the summary, reports its failures and writes its output.
    private static func take(
        _ counts: BatchWorker.Counts, _ failures: [Failure], _ output: UnsafeBufferPointer<UInt8>,
        _ summary: inout Summary, _ write: (UnsafeRawBufferPointer) throws -> Void, _ failed: (Failure) -> Void
    ) rethrows {
        summary.lines += counts.lines
        summary.scored += counts.scored
        summary.failed += counts.failed
        summary.blank += counts.blank
        for f in failures { failed(f) }
        try write(UnsafeRawBufferPointer(output))
    }
}
