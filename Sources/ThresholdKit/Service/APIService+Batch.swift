import Dispatch

/// `POST /v1/batch`: JSON Lines in, result lines out, streamed, as `threshold batch`, within the limits of
/// lines and seconds.
extension APIService {
    func batch(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        if let e = requireContentType(
            request, ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/json"])
        {
            return error(e)
        }
        let changes = request.parameter("changes") == "true"
        let outcomeOnly = request.parameter("outcome_only") == "true"
        if changes, outcomeOnly {
            return error(
                APIError(
                    .badRequest,
                    "`changes=true` and `outcome_only=true` do not go together: the changes are part of the explanation"
                ))
        }
        switch ruleSet(for: request) {
        case .failure(let e): return error(e)
        case .success(let rs):
            let body = request.body
            let (maxLines, seconds) = (configuration.batchLines, configuration.batchSeconds)
            let stream: HTTPResponse.Body = .stream { send in
                // Small blocks, so that the clock is looked at often; output is the same whatever the block.
                let scorer = BatchScorer(
                    ruleSet: rs,
                    options: .init(
                        jobs: 1, linesPerJob: 64, chunkBytes: 1 << 16, changes: changes, outcomeOnly: outcomeOnly))
                var feed = BatchFeed(body: body, maxLines: maxLines, deadline: monotonicNow() + seconds)
                _ = try body.withUnsafeBytes { source in
                    try scorer.run(
                        read: { buffer in feed.read(source, into: buffer) },
                        write: { bytes in
                            if bytes.count > 0 { try send(Array(bytes)) }
                        })
                }
                if let stop = feed.stopped {
                    try send(
                        APIService.line("stopped") { w in
                            w.object { w in
                                w.member("at_line", stop.line)
                                w.member("reason", stop.reason)
                                w.member(
                                    "message",
                                    stop.reason == "line_limit"
                                        ? "this server scores at most \(maxLines) lines in one request; send line "
                                            + "\(stop.line) and those after it in another"
                                        : "this server scores for at most \(seconds) seconds in one request; send line "
                                            + "\(stop.line) and those after it in another")
                            }
                        })
                }
            }
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/x-ndjson")], body: stream)
        }
    }
}

/// Feeds a `/v1/batch` body to the scorer a few whole lines at a time, and stops at a line boundary once
/// `maxLines` lines have been fed or the deadline has passed: the lines fed are all answered, and `stopped`
/// says at which line (1-based) the answer stops, and why. A line longer than the scorer's buffer is fed in
/// pieces, and the clock is looked at only between lines.
struct BatchFeed {
    let body: [UInt8]
    let maxLines: Int
    let deadline: Double
    private(set) var offset = 0
    private(set) var lines = 0
    private(set) var stopped: (line: Int, reason: String)?
    /// Lines fed in one read at most, so that the clock is looked at every so often.
    static let linesPerRead = 64

    init(body: [UInt8], maxLines: Int, deadline: Double) {
        self.body = body
        self.maxLines = maxLines
        self.deadline = deadline
    }

    mutating func read(_ source: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard stopped == nil, offset < body.count, let from = source.baseAddress, let to = buffer.baseAddress
        else { return 0 }
        let atLineStart = offset == 0 || body[offset - 1] == 0x0A
        if atLineStart {
            let rest = body[offset...]
            if lines >= maxLines {
                if rest.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) {
                    stopped = (lines + 1, "line_limit")
                }
                return 0
            }
            if monotonicNow() > deadline {
                stopped = (lines + 1, "time_limit")
                return 0
            }
        }
        let window = Swift.min(buffer.count, body.count - offset)
        var end = offset
        var fed = 0
        var lastBreak: Int?
        while end < offset + window {
            if body[end] == 0x0A {
                fed += 1
                lastBreak = end + 1
                if fed == Swift.min(BatchFeed.linesPerRead, maxLines - lines) { break }
            }
            end += 1
        }
        var n: Int
        if let lastBreak {
            n = lastBreak - offset
            lines += fed
        } else {
            n = window  // part of a long line, or the last line without its newline
            if offset + n == body.count { lines += 1 }
        }
        to.copyMemory(from: from + offset, byteCount: n)
        offset += n
        return n
    }
}

/// Seconds on a monotonic clock.
func monotonicNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
