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
            // Wait for the next request (idle), then for the rest of it (request deadline).
            var requestStart: Double? = buffer.isEmpty ? nil : monotonicSeconds()
            var parsed: HTTPRequestParser.Outcome =
                buffer.isEmpty ? .incomplete : HTTPRequestParser.parse(buffer, limits: config.limits)
            var continued = false
            while case .incomplete = parsed {
                if !continued, buffer.withUnsafeBufferPointer({ HTTPRequestParser.expectsContinue($0) }) {
                    continued = true
                    guard write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
                }
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
                    parsed = HTTPRequestParser.parse(buffer, limits: config.limits)
                }
            }
            switch parsed {
            case .failure(let f):
                answerFailure(f)
                return
            case .request(let request, let consumed):
                let started = monotonicSeconds()
                buffer.removeFirst(consumed)
                let response = server.service.handle(request, worker: worker)
                let keepAlive = request.keepAlive
                let ok = send(response, keepAlive: keepAlive, head: request.method == "HEAD")
                server.record(response.route, response.status, monotonicSeconds() - started)
                if !ok || !keepAlive { return }
            case .incomplete:
                return
            }
        }
    }

    private func answerFailure(_ f: HTTPFailure) {
        let started = monotonicSeconds()
        let r = server.service.failure(f)
        _ = send(r, keepAlive: false, head: false)
        server.record(r.route, r.status, monotonicSeconds() - started)
    }

    /// Writes a response; false if the connection failed.
    private func send(_ r: HTTPResponse, keepAlive: Bool, head: Bool) -> Bool {
        switch r.body {
        case .bytes(let b):
            return write(head ? r.head(keepAlive: keepAlive) : r.head(keepAlive: keepAlive) + b)
        case .stream(let produce):
            guard write(r.head(keepAlive: keepAlive)) else { return false }
            if head { return true }
            struct Broken: Error {}
            do {
                try produce { bytes in if !write(HTTPResponse.chunk(bytes)) { throw Broken() } }
            } catch {
                return false
            }
            return write(HTTPResponse.chunk([]))
        }
    }

    /// Writes all the bytes, waiting at most the write timeout in all.
    func write(_ bytes: [UInt8]) -> Bool {
        let deadline = monotonicSeconds() + server.configuration.writeTimeout
        var sent = 0
        return bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            while sent < raw.count {
                #if canImport(Glibc)
                    let n = Glibc.send(fd, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                #else
                    let n = Darwin.send(fd, base + sent, raw.count - sent, 0)
                #endif
                if n > 0 {
                    sent += n
                    continue
                }
                if n < 0 && errno == EINTR { continue }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    let left = deadline - monotonicSeconds()
                    if left <= 0 || !wait(POLLOUT, left) { return false }
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
