import ThresholdKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One client connection: reads requests one after another (keep-alive) until the client closes, a
/// request asks to close, a request is malformed or a deadline passes.
struct Connection {
    let fd: Int32
    let server: HTTPServer

    private enum ReadResult { case data, closed, timedOut }

    func serve() {
        let worker = ServiceWorker()
        let config = server.configuration
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 14)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            // Wait for the next request (idle), then for the rest of its head (request deadline).
            var requestStart: Double? = buffer.isEmpty ? nil : monotonicSeconds()
            var parsed: HTTPRequestParser.HeadOutcome =
                buffer.isEmpty ? .incomplete : HTTPRequestParser.parseHead(buffer, limits: config.limits)
            while case .incomplete = parsed {
                let now = monotonicSeconds()
                let remaining = requestStart.map { $0 + config.requestTimeout - now } ?? config.idleTimeout
                switch readSome(&buffer, &chunk, timeout: remaining) {
                case .closed: return
                case .timedOut:
                    if requestStart == nil { return }  // idle keep-alive connection: close quietly
                    answerFailure(HTTPFailure(status: 408, message: "the request was not received in time"))
                    return
                case .data:
                    if requestStart == nil { requestStart = monotonicSeconds() }
                    parsed = HTTPRequestParser.parseHead(buffer, limits: config.limits)
                }
            }
            guard case .head(var request, let bodyStart, let bodyLength) = parsed else {
                if case .failure(let f) = parsed { answerFailure(f) }
                return
            }
            // Judged from the head alone (host, route, method, token): a refused request's body is never
            // read nor asked for, and the connection is closed after the answer.
            if let refusal = server.service.judge(request, hosts: server.hosts) {
                let started = monotonicSeconds()
                _ = send(refusal, keepAlive: false, to: request)
                server.record(refusal.route, refusal.status, monotonicSeconds() - started)
                drainBeforeClosing()
                return
            }
            let end = bodyStart + bodyLength
            if buffer.count < end, request.expectsContinue {
                var budget = config.writeTimeout
                guard write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), budget: &budget) else { return }
            }
            while buffer.count < end {
                let remaining = (requestStart ?? monotonicSeconds()) + config.requestTimeout - monotonicSeconds()
                switch readSome(&buffer, &chunk, timeout: remaining) {
                case .closed: return
                case .timedOut:
                    answerFailure(HTTPFailure(status: 408, message: "the request was not received in time"))
                    return
                case .data: continue
                }
            }
            request.body = Array(buffer[bodyStart..<end])
            buffer.removeFirst(end)
            let started = monotonicSeconds()
            let response = server.service.handle(request, worker: worker)
            let keepAlive = request.keepAlive && (request.acceptsChunked || !response.isStreamed)
            let ok = send(response, keepAlive: keepAlive, to: request)
            server.record(response.route, response.status, monotonicSeconds() - started)
            if !ok || !keepAlive { return }
        }
    }

    private func answerFailure(_ f: HTTPFailure) {
        let started = monotonicSeconds()
        let r = server.service.failure(f)
        _ = send(r, keepAlive: false, to: nil)
        server.record(r.route, r.status, monotonicSeconds() - started)
        drainBeforeClosing()
    }

    /// Before closing with a request (or its body) unread: says the answer is complete (FIN), then reads and
    /// drops what the client still sends, for a moment, so that closing does not reset the connection (a
    /// reset can make the client lose the answer it was sent).
    func drainBeforeClosing(seconds: Double = 0.5, bytes: Int = 1 << 20) {
        shutdown(fd, Int32(SHUT_WR))
        let until = monotonicSeconds() + seconds
        var dropped = 0
        var scratch = [UInt8](repeating: 0, count: 1 << 14)
        while dropped < bytes {
            let left = until - monotonicSeconds()
            guard left > 0, wait(POLLIN, left) else { return }
            let n = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                dropped += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Writes a response, waiting for the client to read for at most the write timeout in all (not per
    /// `send`: a client reading a little every few seconds does not keep a response going); false if the
    /// connection failed or the time ran out (then the connection is reset, not drained). A streamed body
    /// goes chunked to HTTP/1.1, and as it comes (then closed) to HTTP/1.0.
    private func send(_ r: HTTPResponse, keepAlive: Bool, to request: HTTPRequest?) -> Bool {
        var budget = server.configuration.writeTimeout
        let head = request?.method == "HEAD"
        let chunked = request?.acceptsChunked ?? true
        switch r.body {
        case .bytes(let b):
            return write(head ? r.head(keepAlive: keepAlive) : r.head(keepAlive: keepAlive) + b, budget: &budget)
        case .stream(let produce):
            guard write(r.head(keepAlive: keepAlive, chunked: chunked), budget: &budget) else { return false }
            if head { return true }
            struct Broken: Error {}
            do {
                try produce { bytes in
                    if !write(chunked ? HTTPResponse.chunk(bytes) : bytes, budget: &budget) { throw Broken() }
                }
            } catch {
                return false
            }
            return chunked ? write(HTTPResponse.chunk([]), budget: &budget) : false
        }
    }

    /// Writes all the bytes, waiting for the socket to take them for at most `budget` seconds (less what
    /// the waiting took); false if the connection failed or the budget ran out. Never blocks in `send`
    /// itself, so the budget holds however slowly the client reads. When the time runs out, the connection
    /// is set to be reset on closing, so that what is queued for the client is dropped at once.
    func write(_ bytes: [UInt8], budget: inout Double) -> Bool {
        var sent = 0
        var left = budget
        defer { budget = left }
        return bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            while sent < raw.count {
                #if canImport(Glibc)
                    let n = Glibc.send(fd, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                #else
                    let n = Darwin.send(fd, base + sent, raw.count - sent, MSG_DONTWAIT)
                #endif
                if n > 0 {
                    sent += n
                    continue
                }
                if n < 0 && errno == EINTR { continue }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    let start = monotonicSeconds()
                    let ready = left > 0 && wait(POLLOUT, left)
                    left -= monotonicSeconds() - start
                    if !ready {
                        var reset = linger(l_onoff: 1, l_linger: 0)
                        setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
                        return false
                    }
                    continue
                }
                return false
            }
            return true
        }
    }

    private func readSome(_ buffer: inout [UInt8], _ chunk: inout [UInt8], timeout: Double) -> ReadResult {
        guard timeout > 0, wait(POLLIN, timeout) else { return .timedOut }
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return .data
            }
            if n < 0 && errno == EINTR { continue }
            return .closed
        }
    }

    /// Waits for the socket to be readable or writable; false on timeout or error.
    private func wait(_ events: Int32, _ seconds: Double) -> Bool {
        var p = pollfd(fd: fd, events: Int16(events), revents: 0)
        var left = seconds
        while left > 0 {
            let start = monotonicSeconds()
            let rc = poll(&p, 1, Int32(max(1, min(left * 1000, 60_000))))
            if rc > 0 { return true }
            if rc == 0 { return false }
            if errno != EINTR { return false }
            left -= monotonicSeconds() - start
        }
        return false
    }
}
