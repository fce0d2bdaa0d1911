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
/// out as ranges, and the unread tail moves to the front of a buffer only when room is needed.
///
/// Bounds: always `0 <= lineStart <= scanned <= filled <= bytes.count`. `memchr` searches
/// `scanned..<filled` only; a line handed out is `start..<end` with `end <= filled`; `fill` reads into
/// `filled..<bytes.count` and counts no more than that room, whatever `read` returns; making room copies
/// `lineStart..<filled` to the front of another buffer (a spare no one else holds, or a new one). Lines handed
/// out are offsets into the buffer of the moment (`buffer`), not pointers: a caller scores them before making
/// room (`mayMove`), or holds that buffer (it stays as it is while held, and reading appends only past
/// `filled`).
struct LineSplitter {
    private var bytes: LineBytes
    /// Buffers the tail moved out of, kept to move the next tail into when no one else holds them.
    private var spares: [LineBytes] = []
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
        bytes = LineBytes(count: chunkBytes * 2)
    }

    /// True when the next read must move bytes (so lines handed out before must be used first).
    var needsCompaction: Bool { mayMove && lineStart > 0 }

    /// True when the next `fill` moves the unread tail to another buffer first (offsets handed out before are
    /// then offsets into `buffer` as it was).
    var mayMove: Bool { bytes.count - filled < chunkBytes }

    /// The buffer the lines handed out since the last move point into; it stays as it is while it is held.
    var buffer: LineBytes { bytes }

    /// The next complete line; at the end of input also the last line without `\n`. A line that grows past
    /// `maxLineBytes` without a newline is handed out at once as too long, and its bytes are dropped up to
    /// the next newline.
    mutating func next(atEnd: Bool) -> BatchLine? {
        while true {
            let from = scanned
            let to = filled
            // In bounds: from < to <= filled <= bytes.count.
            let newline: Int? =
                from < to
                ? memchr(bytes.base + from, 0x0A, to - from).map { bytes.base.distance(to: $0) } : nil
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

    /// Reads more input after the bytes held, first moving the unread tail to the front of a spare buffer
    /// (twice as large when the tail leaves less than a chunk of room) when there is less than a chunk of room.
    mutating func fill(_ read: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> Int {
        if mayMove {
            let tail = filled - lineStart
            var size = bytes.count
            while size - tail < chunkBytes { size *= 2 }
            let to = takeSpare(size)
            // In bounds: tail <= size (the loop above leaves at least a chunk of room after it).
            if tail > 0 { to.base.copyMemory(from: bytes.base + lineStart, byteCount: tail) }
            spares.append(bytes)
            bytes = to
            scanned -= lineStart
            lineStart = 0
            filled = tail
        }
        let room = bytes.count - filled
        let n = try read(UnsafeMutableRawBufferPointer(start: bytes.base + filled, count: room))
        filled += Swift.max(0, Swift.min(n, room))
        return Swift.max(0, n)
    }

    /// A spare of `size` bytes that nothing else holds (a block being scored holds the buffer its lines are
    /// in), or a new one; spares of another size are let go.
    private mutating func takeSpare(_ size: Int) -> LineBytes {
        spares.removeAll { $0.count != size }
        for k in spares.indices where isKnownUniquelyReferenced(&spares[k]) {
            return spares.remove(at: k)
        }
        if spares.count > 3 { spares.removeFirst() }
        return LineBytes(count: size)
    }

    func withBuffer<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(bytes.bytes)
    }
}

/// A buffer of input bytes that stays where it is for its lifetime (lines are scored from it on other threads
/// while the splitter reads into its free end or moves on to another buffer).
final class LineBytes: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(byteCount: Swift.max(1, count), alignment: 16)
    }

    deinit { base.deallocate() }

    /// All its bytes (only those filled are read).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
