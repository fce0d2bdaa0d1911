/// What the batch and the diff share in scoring a block and in reading bytes from memory.
extension BatchThreads {
    /// Cuts `block` into `jobs` slices of even size and runs `body(j, slice)` for each: side by side on
    /// `threads` when there are any and more than one job, else the whole block as slice 0 on this thread.
    static func slices(
        _ block: [BatchLine], jobs: Int, on threads: BatchThreads?,
        _ body: (Int, UnsafeBufferPointer<BatchLine>) -> Void
    ) {
        let per = (block.count + jobs - 1) / jobs
        block.withUnsafeBufferPointer { lines in
            if let threads, jobs > 1 {
                threads.run(jobs) { j in
                    let range = Swift.min(lines.count, j * per)..<Swift.min(lines.count, (j + 1) * per)
                    body(j, UnsafeBufferPointer(rebasing: lines[range]))
                }
            } else {
                body(0, lines)
            }
        }
    }
}

/// Hands `body` a reader over `input` for a run's `read:`: each call fills as much of the buffer it is
/// given as there are bytes left and returns that count (0 at the end).
func withMemoryReader<R>(
    _ input: [UInt8], _ body: (_ read: (UnsafeMutableRawBufferPointer) -> Int) throws -> R
) rethrows -> R {
    var offset = 0
    return try input.withUnsafeBytes { source in
        try body { buffer in
            // In bounds: n is at most the room given and the bytes left.
            let n = Swift.min(buffer.count, source.count - offset)
            if n > 0, let from = source.baseAddress, let to = buffer.baseAddress {
                to.copyMemory(from: from + offset, byteCount: n)
            }
            offset += n
            return n
        }
    }
}

/// How a run of lines (`batch`, `diff`, `audit`) reads and shares out its input: each option at least 1
/// (`chunkBytes` at least 16).
public struct LineBlocking: Sendable {
    /// Threads working on each block.
    var jobs: Int
    /// Lines per thread in one block.
    var linesPerJob: Int
    /// A longer line is reported as an error and skipped.
    var maxLineBytes: Int
    /// Bytes read at a time (the input buffer grows only for a line longer than this).
    var chunkBytes: Int

    init(jobs: Int, linesPerJob: Int, maxLineBytes: Int, chunkBytes: Int) {
        self.jobs = Swift.max(1, jobs)
        self.linesPerJob = Swift.max(1, linesPerJob)
        self.maxLineBytes = Swift.max(1, maxLineBytes)
        self.chunkBytes = Swift.max(16, chunkBytes)
    }
}

/// Splits what `read` gives into lines and hands them to `score` in blocks of at most `jobs * linesPerJob`,
/// with the buffer the lines point into and the run's threads (none for one job). Each block is scored
/// before the buffer is refilled (refilling may move its bytes). Errors thrown by `read` or `score` end the
/// run and are passed on.
func forEachBatchBlock(
    _ blocking: LineBlocking,
    read: (UnsafeMutableRawBufferPointer) throws -> Int,
    _ score: ([BatchLine], UnsafeRawBufferPointer, BatchThreads?) throws -> Void
) rethrows {
    let (chunkBytes, maxLineBytes, jobs, linesPerJob) = (
        blocking.chunkBytes, blocking.maxLineBytes, blocking.jobs, blocking.linesPerJob
    )
    var splitter = LineSplitter(chunkBytes: chunkBytes, maxLineBytes: maxLineBytes)
    var block: [BatchLine] = []
    let blockLimit = jobs * linesPerJob
    block.reserveCapacity(blockLimit)
    var atEnd = false
    let threads = jobs > 1 ? BatchThreads(count: jobs) : nil
    defer { threads?.stop() }
    while true {
        while block.count < blockLimit, let line = splitter.next(atEnd: atEnd) { block.append(line) }
        if !block.isEmpty && (block.count == blockLimit || atEnd || splitter.needsCompaction) {
            try splitter.withBuffer { base in try score(block, base, threads) }
            block.removeAll(keepingCapacity: true)
            continue
        }
        if atEnd { break }
        if try splitter.fill(read) == 0 { atEnd = true }
    }
}
