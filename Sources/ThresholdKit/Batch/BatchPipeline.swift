import Dispatch
import Foundation

/// Splits what `read` gives into lines and scores them on `jobs` threads, as `forEachBatchBlock` does, but
/// without a pause between blocks: this thread reads, cuts the input into pieces of a few lines and hands
/// them out, and writes the pieces' output in input order, while the threads score the pieces, each taking
/// the next piece as it finishes one.
///
/// - `score(j, piece)`, on thread j: scores the piece's lines (offsets into `piece.bytes`), leaving its output,
///   failures and counts in the piece.
/// - `emit(piece)`, on this thread, for each piece in input order once scored: writes what it holds.
///
/// A piece is a quarter of `linesPerJob` lines (at least 8, at most 4,096). At most six pieces a thread are handed
/// out and not yet written, and this thread wakes to write once half of them are scored (each time it wakes it
/// takes a core from a scoring thread). A piece holds the buffer its lines are in (`LineSplitter` reads on into its
/// free end, or moves on to another buffer). Before waiting for input this thread writes whatever is scored, so
/// output follows input that comes slowly. Errors thrown by `read` or `emit` end the run (once the threads have
/// finished the pieces they hold) and are passed on.
func forEachPipelinedPiece(
    _ blocking: LineBlocking,
    read: (UnsafeMutableRawBufferPointer) throws -> Int,
    score: @escaping (Int, BatchPiece) -> Void,
    emit: (BatchPiece) throws -> Void
) rethrows {
    let jobs = blocking.jobs
    let lines = Swift.min(4096, Swift.max(8, blocking.linesPerJob / 4))
    let pieces = (0..<jobs * 6).map { _ in BatchPiece(lines) }
    let queue = BatchPieceQueue()
    var splitter = LineSplitter(chunkBytes: blocking.chunkBytes, maxLineBytes: blocking.maxLineBytes)
    let threads = BatchThreads(count: jobs + 1)
    threads.launch(jobs) { j in
        while let k = queue.take() {
            let piece = pieces[k % pieces.count]
            score(j, piece)
            piece.scored.signal()
        }
    }
    defer {
        queue.finish(jobs)
        threads.join()
        threads.stop()
    }
    /// Pieces handed out (`handed`) and written (`written`): those between are in flight.
    var handed = 0
    var written = 0
    var atEnd = false
    while true {
        if handed - written < pieces.count {
            let piece = pieces[handed % pieces.count]
            while piece.count < lines, let line = splitter.next(atEnd: atEnd) {
                piece.lines[piece.count] = line  // In bounds: count < lines, the piece's capacity.
                piece.count += 1
            }
            if piece.count > 0 && (piece.count == lines || atEnd || splitter.needsCompaction) {
                piece.bytes = splitter.buffer
                handed += 1
                queue.publish()
                continue
            }
            if !atEnd {
                // More input is needed: first write what is scored.
                while written < handed, pieces[written % pieces.count].scored.wait(timeout: .now()) == .success {
                    try emit(pieces[written % pieces.count])
                    pieces[written % pieces.count].reset()
                    written += 1
                }
                if try splitter.fill(read) == 0 { atEnd = true }
                continue
            }
            if written == handed { break }
        }
        // All pieces in flight, or the input is over: write the older half once scored, waking for the last of
        // them (this thread takes a core from a scoring thread each time it wakes).
        let last = Swift.min(handed, written + Swift.max(1, pieces.count / 2)) - 1
        pieces[last % pieces.count].scored.wait()
        while written <= last {
            let piece = pieces[written % pieces.count]
            if written < last { piece.scored.wait() }
            try emit(piece)
            piece.reset()
            written += 1
        }
    }
}

/// A few lines of the input, and once scored, their output, failures and counts.
///
/// `@unchecked Sendable`: the reading thread fills `lines`, `count` and `bytes` before the piece is published
/// (`BatchPieceQueue.publish`, under its lock) and touches nothing until `scored` is signalled; the scoring
/// thread fills the results after taking it (under the same lock) and before signalling.
final class BatchPiece: @unchecked Sendable {
    let lines: UnsafeMutableBufferPointer<BatchLine>
    var count = 0
    /// The buffer the lines are offsets into (held until the piece is written).
    var bytes: LineBytes?
    /// Swapped with the scoring worker's (so each piece's room is a worker's, grown once).
    var output = JSONByteSink(capacity: 16)
    var failures: [BatchScorer.Failure] = []
    var counts = BatchWorker.Counts()
    let scored = DispatchSemaphore(value: 0)

    init(_ capacity: Int) { lines = .allocate(capacity: capacity) }

    deinit { lines.deallocate() }

    /// Its lines, in `bytes`.
    var given: UnsafeBufferPointer<BatchLine> { UnsafeBufferPointer(rebasing: lines[0..<count]) }

    /// Empty again, for more lines (the output keeps its room).
    func reset() {
        count = 0
        bytes = nil
    }
}

/// Pieces handed out in order, for the threads to take in order: the k-th `take` gets piece k (nil once the
/// queue is finished and nothing is left).
final class BatchPieceQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    private var published = 0
    private var taken = 0

    func publish() {
        lock.lock()
        published += 1
        lock.unlock()
        ready.signal()
    }

    /// The next piece's number; waits for one, or returns nil after `finish` when none is left.
    func take() -> Int? {
        ready.wait()
        lock.lock()
        defer { lock.unlock() }
        guard taken < published else { return nil }
        taken += 1
        return taken - 1
    }

    /// Wakes `threads` takers to find nothing left (call when no more pieces will come).
    func finish(_ threads: Int) {
        for _ in 0..<threads { ready.signal() }
    }
}
