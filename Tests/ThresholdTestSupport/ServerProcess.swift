import Foundation

#if canImport(Glibc)
    import Glibc
    private let noSignal = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
    import Darwin
    private let noSignal: Int32 = 0
#endif

// The C functions, named apart from the methods below.
private func systemConnect(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ n: socklen_t) -> Int32 { connect(fd, a, n) }
private func systemSend(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int, _ flags: Int32) -> Int { send(fd, p, n, flags) }
private func systemClose(_ fd: Int32) { _ = close(fd) }

/// A running `threshold serve` on a free loopback port, for end-to-end tests of the HTTP API.
public final class ServerProcess {
    public let process: Process
    public let port: Int
    private let errors: Pipe

    /// Starts `threshold serve ARGS --port 0` and waits for its "listening on" line.
    public init(_ args: [String], environment: [String: String] = [:], in directory: URL? = nil) throws {
        process = Process()
        process.executableURL = ThresholdBinary.url
        process.arguments = ["serve"] + args + ["--port", "0"]
        process.currentDirectoryURL = directory ?? ThresholdBinary.packageRoot
        var env = ProcessInfo.processInfo.environment
        env["THRESHOLD_TOKEN"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        errors = Pipe()
        process.standardOutput = out
        process.standardError = errors
        try process.run()
        // The first line on standard output: "listening on http://127.0.0.1:PORT/".
        var line: [UInt8] = []
        let handle = out.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            guard let b = byte.first else { break }
            if b == 10 { break }
            line.append(b)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.lastIndex(of: ":"), let p = Int(text[text.index(after: colon)...].dropLast()) else {
            process.terminate()
            throw NSError(domain: "threshold serve did not start: \(text)", code: 1)
        }
        port = p
    }

    /// Stops the server and returns what it wrote on standard error.
    @discardableResult
    public func stop() -> String {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    deinit { if process.isRunning { process.terminate() } }

    /// A new connection to the server.
    public func connect() throws -> RawConnection { try RawConnection(port: port) }

    /// One request on a new connection: the response's status, header fields and body.
    public func request(
        _ method: String, _ path: String, body: String? = nil, contentType: String? = "application/json",
        headers: [String: String] = [:]
    ) throws -> RawResponse {
        let c = try connect()
        defer { c.close() }
        try c.send(RawConnection.request(method, path, body: body, contentType: contentType, headers: headers))
        return try c.readResponse()
    }
}

/// A response read from a socket.
public struct RawResponse {
    public var status: Int
    public var headers: [String: String]
    public var body: String
}

/// A blocking TCP connection to 127.0.0.1 with a receive timeout, speaking raw bytes.
public final class RawConnection {
    let fd: Int32
    var pending: [UInt8] = []

    public init(port: Int, timeout: Int = 20) throws {
        #if canImport(Glibc)
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            systemClose(fd)
            throw NSError(domain: "connect failed", code: Int(errno))
        }
    }

    public static func request(
        _ method: String, _ path: String, body: String? = nil, contentType: String? = "application/json",
        headers: [String: String] = [:]
    ) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let contentType, body != nil { text += "Content-Type: \(contentType)\r\n" }
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { text += "\(k): \(v)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        return Array(text.utf8)
    }

    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes {
                systemSend(fd, $0.baseAddress.map { $0 + sent }, bytes.count - sent, noSignal)
            }
            if n <= 0 { throw NSError(domain: "send failed", code: Int(errno)) }
            sent += n
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads more bytes; false when the server closed the connection (or the receive timed out).
    func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        pending += chunk[0..<n]
        return true
    }

    /// True if the server closed the connection (reads end) within the receive timeout, with nothing more sent.
    public func isClosedByServer() -> Bool {
        !fill() && pending.isEmpty
    }

    /// Reads one response (Content-Length or chunked body).
    public func readResponse() throws -> RawResponse {
        func headEnd() -> Int? {
            guard pending.count >= 4 else { return nil }
            for i in 0...(pending.count - 4)
            where pending[i] == 13 && pending[i + 1] == 10 && pending[i + 2] == 13 && pending[i + 3] == 10 { return i }
            return nil
        }
        var end = headEnd()
        while end == nil {
            guard fill() else { throw NSError(domain: "connection closed before a response", code: 1) }
            end = headEnd()
        }
        let e = end ?? 0
        let head = String(decoding: pending[0..<e], as: UTF8.self)
        pending.removeFirst(e + 4)
        let lines = head.components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for l in lines.dropFirst() {
            if let c = l.firstIndex(of: ":") {
                headers[l[..<c].lowercased()] = l[l.index(after: c)...].trimmingCharacters(in: .whitespaces)
            }
        }
        var body: [UInt8] = []
        if headers["transfer-encoding"] == "chunked" {
            while true {
                var lineEnd: Int? = nil
                while lineEnd == nil {
                    lineEnd = pending.indices.dropLast().first { pending[$0] == 13 && pending[$0 + 1] == 10 }
                    if lineEnd == nil && !fill() { throw NSError(domain: "truncated chunk", code: 1) }
                }
                let size = Int(String(decoding: pending[0..<(lineEnd ?? 0)], as: UTF8.self), radix: 16) ?? 0
                pending.removeFirst((lineEnd ?? 0) + 2)
                while pending.count < size + 2 { if !fill() { throw NSError(domain: "truncated chunk", code: 1) } }
                body += pending[0..<size]
                pending.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else if headers["content-length"] == nil, headers["connection"] == "close", status >= 200, status != 204 {
            // Neither a length nor chunks (an HTTP/1.0 stream): the body ends when the connection closes.
            while fill() {}
            body = pending
            pending = []
        } else {
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while pending.count < length { if !fill() { throw NSError(domain: "truncated body", code: 1) } }
            body = Array(pending[0..<length])
            pending.removeFirst(length)
        }
        return RawResponse(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    /// Reads at most `max` bytes as they come (what `readResponse` has buffered first): the count, 0 when the
    /// server closed the connection, -1 on an error (a reset) or a timeout.
    public func receive(max: Int) -> Int {
        if !pending.isEmpty {
            let n = Swift.min(max, pending.count)
            pending.removeFirst(n)
            return n
        }
        var chunk = [UInt8](repeating: 0, count: max)
        return chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Reads until the server closes the connection, at most 64 KiB at a time with `pause` seconds after each
    /// read, keeping only the last `keep` bytes: how many were read, those last bytes, and whether the server
    /// closed it cleanly (false: a reset, an error, or the receive timed out).
    public func readToEnd(keepingLast keep: Int, pause: Double = 0) -> (count: Int, tail: [UInt8], closedCleanly: Bool)
    {
        var tail = pending.suffix(keep).map { $0 }
        var count = pending.count
        pending = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (count, tail, n == 0) }
            count += n
            tail += chunk[0..<n]
            if tail.count > 2 * keep { tail.removeFirst(tail.count - keep) }
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        }
    }

    /// Sets the socket's receive buffer (small: the server soon waits for this client to read).
    public func setReceiveBuffer(_ bytes: Int32) {
        var n = bytes
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &n, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Stops sending (the server sees the end of the request stream).
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    public func close() { systemClose(fd) }
}
