#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
///
/// Bounds: always `0 <= lineStart <= scanned <= filled <= buffer.count`. `memchr` searches
/// `scanned..<filled` only; a line handed out is `start..<end` with `end <= filled`; `fill` reads into
/// `filled..<buffer.count` and counts no more than that room, whatever `read` returns; compaction moves
/// `lineStart..<filled` to the front with `copyMemory` (a memmove: the ranges may overlap). Lines handed out
/// are offsets, not pointers, and `BatchScorer` scores them before a compaction can move their bytes.
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
            let from = scanned
            let to = filled
            let newline: Int? = buffer.withUnsafeBufferPointer { b in
                guard from < to, let base = b.baseAddress, let p = memchr(base + from, 0x0A, to - from) else {
                    return nil
                }
                return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            if let nl = newline {
                let start = lineStart
                lineStart = nl + 1
                scanned = nl + 1
                if discarding {
                    discarding = false
                    continue
                }
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
