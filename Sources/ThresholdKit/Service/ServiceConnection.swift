/// One client connection of `threshold serve`, without its socket: the bytes read go in, requests ready for
/// a worker and the bytes to write come out, and every wait is a deadline computed from the `now` given.
/// The server (an event loop) reads and writes the socket as `wantsRead` and `wantsWrite` say, hands each
/// request `takeRequest` gives to a worker, gives its answer back with `respond`, calls `expire` when
/// `deadline` has passed and closes the socket when `phase` is `.closed`. Pure and total, so that it can be
/// unit-tested and fuzzed with random splits of the bytes.
///
/// A connection goes: `idle` (keep-alive, waiting for a request's first byte, until the idle time) →
/// `head` (until the header time) → `body` (until the body time; `100 Continue` first when asked) → `busy`
/// (the request is with a worker) → `writing` (the answer, for at most the write time spent waiting for
/// the client to read) → `idle` again, or `draining` (after an answer that closes the connection: the
/// server has shut its side, and what the client still sends is dropped for a moment so that closing does
/// not reset the connection and lose the answer) → `closed`. A request whose head is refused
/// (`APIService.judge`: host, route, method, token) or that cannot be read (the parser's failure, 408) is
/// answered without its body being read, and the connection is closed. Pipelined requests are read one
/// after another, each once the answer before it is written.
///
/// ```swift
/// var c = ServiceConnection(service: service, hosts: nil, limits: .init(), now: 0)
/// c.received(Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8), now: 0.1)
/// if let request = c.takeRequest() { c.respond(service.handle(request, worker: worker), now: 0.1) }
/// c.withPendingOutput { bytes in /* write them */ }   // then c.wrote(n, now: …)
/// ```
public struct ServiceConnection {
    /// The limits a connection is held to (all times in seconds).
    public struct Limits: Sendable {
        /// The request line and header fields, the body, the number of fields.
        public var http: HTTPLimits
        /// From a request's first byte to the end of its head.
        public var headerTimeout: Double
        /// From the end of a request's head to the end of its body.
        public var bodyTimeout: Double
        /// How long an open connection waits for its next request.
        public var idleTimeout: Double
        /// How long, in all, an answer may wait for the client to read it.
        public var writeTimeout: Double
        /// Each `readRate` bytes the client takes (`delivered`) gives back a second of `writeTimeout` (up to all
        /// of it), so that a client that keeps reading at least this many bytes a second is never cut off,
        /// however long the answer, while one that reads a little now and then is.
        public var readRate: Double
        /// How long, and how many bytes, the client's last bytes are read and dropped before closing.
        public var drainSeconds: Double
        public var drainBytes: Int

        public init(
            http: HTTPLimits = HTTPLimits(), headerTimeout: Double = 10, bodyTimeout: Double = 10,
            idleTimeout: Double = 30, writeTimeout: Double = 10, readRate: Double = 65_536, drainSeconds: Double = 0.5,
            drainBytes: Int = 1 << 20
        ) {
            self.http = http
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.readRate = readRate
            self.drainSeconds = drainSeconds
            self.drainBytes = drainBytes
        }
    }

    public enum Phase: Sendable, Equatable {
        case idle, head, body, busy, writing, draining, closed
    }

    let service: APIService
    let hosts: HostPolicy?
    public let limits: Limits
    public private(set) var phase: Phase = .idle
    /// Set when the connection is closed because an answer could not be written in time: the server then
    /// resets it (what is queued for the client is dropped at once).
    public private(set) var resetOnClose = false
    /// Graceful shutdown (`stop`): the answer in progress is the last.
    public private(set) var stopping = false

    private var input: [UInt8] = []
    private var output: [UInt8] = []
    /// Bytes of `output` written.
    private var sent = 0
    private var deadlineValue: Double
    /// The request read and not yet taken by `takeRequest`.
    private var ready: HTTPRequest?
    /// The request being answered (nil for an answer to bytes that were not a request).
    private var current: HTTPRequest?
    /// The head of the request whose body is arriving.
    private var head: (request: HTTPRequest, bodyStart: Int, bodyLength: Int)?
    /// Whether the first line of the request arriving has been checked (`HTTPRequestParser.earlyFailure`).
    private var lineChecked = false
    /// Whether a byte that can end a head (LF) arrived since the head was last parsed.
    private var headMayEnd = false
    private var keepAlive = false
    /// The request with a worker keeps the connection open (so what follows it may be read meanwhile).
    private var readsAhead = false
    /// A streamed answer whose chunks are still coming (`streamed`, `endStream`).
    private var streaming = false
    private var chunked = true
    /// The answer being written: its route, status and when the request was whole (for the metrics).
    private var answer: (route: String, status: Int, started: Double)?
    private var requestDone = 0.0
    /// Seconds of the write time left, and since when the client has been keeping the answer waiting.
    private var writeBudget = 0.0
    private var blockedSince: Double?
    /// The client has ended its side (read gave 0 bytes).
    private var peerEnded = false
    private var dropped = 0

    public init(service: APIService, hosts: HostPolicy?, limits: Limits, now: Double) {
        self.service = service
        self.hosts = hosts
        self.limits = limits
        deadlineValue = now + limits.idleTimeout
    }

    /// A connection refused at once (too many connections): `response` is written, then it is closed.
    public init(refusing response: HTTPResponse, service: APIService, limits: Limits, now: Double) {
        self.init(service: service, hosts: nil, limits: limits, now: now)
        start(response, now: now)
    }

    // MARK: What the server asks

    /// Whether to read from the socket (never while a request is with a worker or its answer is written:
    /// pipelined bytes wait in the socket, so the buffer stays bounded).
    public var wantsRead: Bool {
        switch phase {
        case .idle, .head, .body, .draining: return !peerEnded
        // While a request is answered: what comes next (a pipelined request, or the end), up to a head's
        // worth, so that the server need not stop and start watching the socket for every request.
        case .busy: return !peerEnded && !stopping && readsAhead && input.count < limits.http.headerBytes
        case .writing: return !peerEnded && !stopping && keepAlive && input.count < limits.http.headerBytes
        case .closed: return false
        }
    }

    /// Whether there are bytes to write.
    public var wantsWrite: Bool { phase != .closed && sent < output.count }

    /// When `expire` must be called; nil while a request is with a worker, or an answer waits for its
    /// next chunk.
    public var deadline: Double? {
        switch phase {
        case .busy, .closed: return nil
        case .writing: return blockedSince.map { $0 + writeBudget }
        case .body:
            // 100 Continue waiting to be written counts against the body time too.
            return deadlineValue
        default: return deadlineValue
        }
    }

    /// Waiting for a request with nothing of one read: what a graceful stop closes at once.
    public var isIdle: Bool { phase == .idle && input.isEmpty }

    /// Bytes buffered (read and not yet taken, plus to write): what this connection costs beyond itself.
    public var bufferedBytes: Int { input.count + output.count - sent }

    /// Bytes of answers waiting to be written: what a streamed answer's producer paces itself by.
    public var unwrittenBytes: Int { output.count - sent }

    /// The request read whole, once: the server gives it to a worker (or answers it at once) and calls
    /// `respond` with the answer.
    public mutating func takeRequest() -> HTTPRequest? {
        defer { ready = nil }
        return ready
    }

    /// Whether a request is cheap and answered on the I/O thread ahead of scoring work (`/health`,
    /// `/metrics`).
    public static func isAnsweredAhead(_ request: HTTPRequest) -> Bool {
        request.path == "/health" || request.path == "/metrics"
    }

    /// Whether a request's answer is streamed as it is made (`/v1/batch`): the server makes it on threads of
    /// its own, so that a reader that does not read holds none that other requests wait for.
    public static func isStreamed(_ request: HTTPRequest) -> Bool {
        request.path == "/v1/batch"
    }

    /// Whether a request is long work that goes on the streamed answers' threads, not those `/v1/score` waits
    /// for: a streamed answer, and the rules editor's calls (`/v1/rulesets/{name}/edit/…`, each compiling the
    /// edited text, running the worked cases and a diff: a review measured `/v1/score` going from 4 ms to about
    /// 1 s while four people typed).
    public static func isLongWork(_ request: HTTPRequest) -> Bool {
        if isStreamed(request) { return true }
        guard request.path.hasPrefix("/v1/rulesets/") else { return false }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 6 && parts[4] == "edit"
    }

    /// Calls `body` with the bytes to write next (empty when there are none).
    public func withPendingOutput<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        output.withUnsafeBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[min(sent, raw.count)...]))
        }
    }

    // MARK: Events

    /// Bytes read from the client.
    public mutating func received(_ bytes: [UInt8], now: Double) {
        bytes.withUnsafeBytes { received($0, now: now) }
    }

    /// Bytes read from the client.
    public mutating func received(_ bytes: UnsafeRawBufferPointer, now: Double) {
        guard !bytes.isEmpty else { return }
        switch phase {
        case .draining:
            dropped += bytes.count
            if dropped >= limits.drainBytes { phase = .closed }
            return
        case .closed:
            return
        case .idle, .head, .body, .busy, .writing:
            input.append(contentsOf: bytes)
            if bytes.contains(10) { headMayEnd = true }
        }
        advance(now: now)
    }

    /// The client ended its side of the connection (a read gave 0 bytes).
    public mutating func receivedEnd(now: Double) {
        peerEnded = true
        switch phase {
        case .idle, .head, .body, .draining:
            // Nothing more will arrive: a request begun is never finished, so there is no one to answer.
            phase = .closed
        case .busy, .writing:
            break  // answered (and any whole request pipelined after it), then closed
        case .closed:
            break
        }
    }

    /// The socket failed (a reset, an error): closed, with nothing more to write.
    public mutating func failed() {
        phase = .closed
        ready = nil
    }

    /// Graceful shutdown: an idle connection closes at once; a request arriving or in progress is answered,
    /// and its connection closed after the answer.
    public mutating func stop(now: Double) {
        stopping = true
        keepAlive = false
        if isIdle { phase = .closed }
    }

    /// The answer to the request `takeRequest` gave. Returns true when its body is a stream: the server then
    /// runs it and gives each chunk to `streamed` and its end to `endStream`.
    @discardableResult
    public mutating func respond(_ response: HTTPResponse, now: Double) -> Bool {
        guard phase == .busy else { return false }
        return start(response, mayKeepAlive: true, now: now)
    }

    /// A plain answer's bytes as `respond` writes them for `request` on a connection that is not stopping (nil
    /// for a streamed answer): what a worker writes to the socket itself (`respond(_:encoded:written:now:)`).
    public static func encoded(_ response: HTTPResponse, for request: HTTPRequest) -> [UInt8]? {
        guard case .bytes(let b) = response.body else { return nil }
        return plain(response, b, keepAlive: request.keepAlive, headOnly: request.method == "HEAD")
    }

    /// A plain answer's head, and its body unless the request was `HEAD`.
    private static func plain(_ response: HTTPResponse, _ body: [UInt8], keepAlive: Bool, headOnly: Bool) -> [UInt8] {
        let head = response.head(keepAlive: keepAlive)
        return headOnly ? head : head + body
    }

    /// The answer to the request `takeRequest` gave, as `encoded` (`encoded(response, for:)`), of which a
    /// worker has already written the first `written` bytes to the socket.
    public mutating func respond(_ response: HTTPResponse, encoded: [UInt8], written: Int, now: Double) {
        guard phase == .busy else { return }
        start(response, mayKeepAlive: true, encoded: encoded, now: now)
        wrote(written, now: now)
    }

    /// A chunk of a streamed answer.
    public mutating func streamed(_ bytes: [UInt8], now: Double) {
        guard phase == .writing, streaming, !bytes.isEmpty else { return }
        append(chunked ? HTTPResponse.chunk(bytes) : bytes, now: now)
    }

    /// The end of a streamed answer.
    public mutating func endStream(now: Double) {
        guard phase == .writing, streaming else { return }
        streaming = false
        if chunked { append(HTTPResponse.chunk([]), now: now) } else { keepAlive = false }
        if sent == output.count { finishAnswer(now: now) }
    }

    /// `count` bytes of `withPendingOutput`'s were written.
    public mutating func wrote(_ count: Int, now: Double) {
        guard count > 0, phase != .closed else { return }
        sent = min(output.count, sent + count)
        guard sent == output.count else {
            if sent >= 1 << 16 && sent * 2 >= output.count {
                output.removeFirst(sent)
                sent = 0
            }
            return
        }
        output.removeAll(keepingCapacity: output.count <= 1 << 14)
        sent = 0
        noteHold(now: now)
        if phase == .writing && !streaming { finishAnswer(now: now) }
    }

    /// The client took `count` more bytes of what was written to it (the server counts them from what the
    /// socket still holds; what the socket merely accepted is not yet read). What the client takes gives back
    /// time (`Limits.readRate`): a batch read steadily for all its `--batch-seconds` ends with its `stopped`
    /// line instead of being cut off at `--write-timeout`. The time waited so far is taken off first, so that
    /// the budget is never more than the whole limit.
    public mutating func delivered(_ count: Int, now: Double) {
        guard count > 0, phase == .writing else { return }
        if let since = blockedSince {
            writeBudget -= now - since
            blockedSince = now
        }
        writeBudget = min(limits.writeTimeout, writeBudget + Double(count) / max(1, limits.readRate))
    }

    /// A deadline passed (`now` ≥ `deadline`): an idle connection closes, a request not received in time is
    /// answered 408, an answer not read in time is abandoned (reset), a drain ends.
    public mutating func expire(now: Double) {
        guard let d = deadline, now >= d else { return }
        switch phase {
        case .idle: phase = .closed
        case .head, .body:
            if phase == .head && input.allSatisfy({ $0 == 13 || $0 == 10 }) {
                phase = .closed  // only empty lines: an idle connection
                return
            }
            fail(HTTPFailure(status: 408, message: "the request was not received in time"), now: now)
        case .writing:
            resetOnClose = true
            phase = .closed
            recordAnswer(now: now)
        case .draining: phase = .closed
        case .busy, .closed: break
        }
    }

    // MARK: Inside

    /// Reads as far as the bytes allow: a head, then its body, then a request ready.
    private mutating func advance(now: Double) {
        if phase == .idle, !input.isEmpty {
            phase = .head
            deadlineValue = now + limits.headerTimeout
            lineChecked = false
            headMayEnd = true
        }
        if phase == .head {
            let outcome = input.withUnsafeBufferPointer { b -> HTTPRequestParser.HeadOutcome? in
                if !lineChecked {
                    if let f = HTTPRequestParser.earlyFailure(b, limits: limits.http) { return .failure(f) }
                    if b.contains(10) { lineChecked = true }
                }
                // The head can only have ended if an LF arrived, or be too large if the buffer grew past it.
                guard headMayEnd || b.count > limits.http.headerBytes + HTTPRequestParser.leadingEmptyLineBytes
                else { return nil }
                headMayEnd = false
                return HTTPRequestParser.parseHead(b, limits: limits.http)
            }
            switch outcome {
            case nil, .incomplete?: return
            case .failure(let f)?:
                fail(f, now: now)
                return
            case .head(let request, let bodyStart, let bodyLength)?:
                if let refusal = service.judge(request, hosts: hosts) {
                    current = request
                    requestDone = now
                    keepAlive = false
                    readsAhead = false
                    input = []  // the body and anything after it are never read: the connection closes
                    phase = .busy
                    start(refusal, now: now)
                    return
                }
                head = (request, bodyStart, bodyLength)
                phase = .body
                deadlineValue = now + limits.bodyTimeout
                if input.count < bodyStart + bodyLength, request.expectsContinue {
                    append(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), now: now)
                }
            }
        }
        if phase == .body, let h = head {
            let end = h.bodyStart + h.bodyLength
            guard input.count >= end else { return }
            var request = h.request
            request.body = Array(input[h.bodyStart..<end])
            input.removeFirst(end)
            head = nil
            current = request
            ready = request
            requestDone = now
            readsAhead = request.keepAlive
            phase = .busy
        }
    }

    /// Answers bytes that are not an acceptable request, then closes.
    private mutating func fail(_ f: HTTPFailure, now: Double) {
        current = nil
        head = nil
        keepAlive = false
        readsAhead = false
        input = []
        requestDone = now
        phase = .busy
        start(service.failure(f), now: now)
    }

    /// Starts writing an answer (to `current`, if any); true when its body is a stream to come.
    @discardableResult
    private mutating func start(
        _ response: HTTPResponse, mayKeepAlive: Bool = false, encoded: [UInt8]? = nil, now: Double
    ) -> Bool {
        let request = current
        let isHead = request?.method == "HEAD"
        chunked = request?.acceptsChunked ?? true
        if mayKeepAlive, let request {
            keepAlive = request.keepAlive && !stopping && (chunked || !response.isStreamed)
        } else {
            keepAlive = false
        }
        answer = (response.route, response.status, phase == .busy ? requestDone : now)
        phase = .writing
        writeBudget = limits.writeTimeout
        blockedSince = nil
        switch response.body {
        case .bytes(let b):
            streaming = false
            append(encoded ?? Self.plain(response, b, keepAlive: keepAlive, headOnly: isHead), now: now)
        case .stream:
            streaming = !isHead
            append(response.head(keepAlive: keepAlive, chunked: chunked), now: now)
        }
        return streaming
    }

    private mutating func append(_ bytes: [UInt8], now: Double) {
        if sent == output.count {
            output.removeAll(keepingCapacity: true)
            sent = 0
        }
        output += bytes
        noteHold(now: now)
    }

    /// Starts or stops counting the time the answer waits for the client (bytes wait to be written).
    private mutating func noteHold(now: Double) {
        if sent < output.count {
            if blockedSince == nil { blockedSince = now }
        } else if let since = blockedSince {
            writeBudget -= now - since
            blockedSince = nil
        }
    }

    private mutating func recordAnswer(now: Double) {
        guard let a = answer else { return }
        service.metrics.record(route: a.route, status: a.status, seconds: max(0, now - a.started))
        answer = nil
    }

    /// The answer is written: on to the next request (keep-alive) or to closing.
    private mutating func finishAnswer(now: Double) {
        recordAnswer(now: now)
        current = nil
        if keepAlive && !stopping {
            phase = .idle
            deadlineValue = now + limits.idleTimeout
            advance(now: now)  // a pipelined request already read
            if peerEnded, phase == .idle || phase == .head || phase == .body { phase = .closed }
        } else if peerEnded {
            phase = .closed
        } else {
            phase = .draining
            dropped = 0
            deadlineValue = now + limits.drainSeconds
        }
    }
}
