import Foundation
import ThresholdKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HTTP/1.1 server with keep-alive on the system's sockets: one thread accepts, one thread per
/// connection reads requests (`HTTPRequestParser`), asks the `APIService` and writes the answers.
/// Every wait has a deadline, so a slow or partial request is answered 408 and closed, and an idle
/// keep-alive connection is closed; there is a cap on connections (503 beyond it).
public final class HTTPServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var limits: HTTPLimits
        /// Seconds from a request's first byte to its last.
        public var requestTimeout: Double
        /// Seconds an open connection may wait for its next request.
        public var idleTimeout: Double
        /// Seconds a response may take to be written.
        public var writeTimeout: Double
        public var maxConnections: Int
        /// Names admitted in `Host` besides those the server listens as (`HostPolicy`); `*` admits any.
        public var allowedHosts: [String]

        public init(
            host: String = "127.0.0.1", port: Int = 8080, limits: HTTPLimits = HTTPLimits(),
            requestTimeout: Double = 10,
            idleTimeout: Double = 30, writeTimeout: Double = 10, maxConnections: Int = 256, allowedHosts: [String] = []
        ) {
            self.allowedHosts = allowedHosts
            self.host = host
            self.port = port
            self.limits = limits
            self.requestTimeout = requestTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
        }
    }

    public struct StartFailure: Error { public var message: String }

    public let configuration: Configuration
    public let service: APIService
    private let log: @Sendable (String) -> Void
    private var listener: Int32 = -1
    /// The `Host` values answered (set by `bind`, once the port is known).
    private(set) var hosts: HostPolicy?
    /// Connections refused (over `maxConnections`), each answered 503 and drained before it is closed.
    private let refused = Refusals()
    private let lock = NSLock()
    private var open = 0

    public init(configuration: Configuration, service: APIService, log: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.service = service
        self.log = log
    }

    /// Binds and listens; returns the port bound (useful with port 0). Accepting starts with `run`.
    public func bind() throws(StartFailure) -> Int {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(configuration.host, String(configuration.port), &hints, &list)
        guard rc == 0, let first = list else {
            throw StartFailure(
                message: "cannot resolve host \(configuration.host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd < 0 {
                lastError = String(cString: strerror(errno))
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if systemBind(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) != 0 || listen(fd, 512) != 0 {
                lastError = String(cString: strerror(errno))
                close(fd)
                continue
            }
            listener = fd
            let port = boundPort(fd)
            hosts = HostPolicy(
                listenHost: configuration.host, port: port,
                loopback: HTTPServer.isLoopback(configuration.host) || HTTPServer.isWildcard(configuration.host),
                allowed: configuration.allowedHosts)
            return port
        }
        throw StartFailure(message: "cannot listen on \(configuration.host):\(configuration.port): \(lastError)")
    }

    private func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { return configuration.port }
        if Int32(storage.ss_family) == AF_INET6 {
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// Accepts connections for ever (on the calling thread).
    public func run() -> Never {
        signal(SIGPIPE, SIG_IGN)
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno != EINTR {
                    log("accept failed: \(String(cString: strerror(errno)))")
                    usleep(10_000)
                }
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var sendTimeout = timeval(tv_sec: Int(configuration.writeTimeout), tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
            lock.lock()
            let admitted = open < configuration.maxConnections
            if admitted { open += 1 }
            lock.unlock()
            if !admitted {
                var r = service.failure(HTTPFailure(status: 503, message: "too many connections; try again"))
                r.route = "refused"
                record(r.route, r.status, 0)
                refused.add(fd, r.head(keepAlive: false) + (r.bodyBytes ?? []))
                continue
            }
            let thread = Thread { [self] in
                Connection(fd: fd, server: self).serve()
                close(fd)
                lock.lock()
                open -= 1
                lock.unlock()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func record(_ route: String, _ status: Int, _ seconds: Double) {
        service.metrics.record(route: route, status: status, seconds: seconds)
    }

    func logError(_ message: String) { log(message) }
}

extension HTTPServer {
    /// Whether `host` is a loopback address, judged by its numbers, not its spelling: `localhost`, or a
    /// numeric address (no name lookup) all of whose addresses are in 127.0.0.0/8 or are ::1.
    /// `127.invalid` is a name, not an address, so it is not loopback.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        return numericAddresses(host).map { !$0.isEmpty && $0.allSatisfy(\.isLoopback) } ?? false
    }

    /// Whether `host` is the address of every interface (`0.0.0.0`, `::`).
    static func isWildcard(_ host: String) -> Bool {
        numericAddresses(host).map { !$0.isEmpty && $0.allSatisfy(\.isWildcard) } ?? false
    }

    private struct Address {
        var bytes: [UInt8]
        var isLoopback: Bool {
            if bytes.count == 4 { return bytes[0] == 127 }
            if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
            // ::ffff:127.x.x.x
            return bytes.count == 16 && bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
                && bytes[12] == 127
        }
        var isWildcard: Bool { bytes.allSatisfy { $0 == 0 } }
    }

    /// The addresses a numeric host stands for; nil when it is not numeric (a name) or does not parse.
    private static func numericAddresses(_ host: String) -> [Address]? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_NUMERICHOST
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        var out: [Address] = []
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            guard let sa = a.pointee.ai_addr else { continue }
            if a.pointee.ai_family == AF_INET {
                let v = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                out.append(Address(bytes: withUnsafeBytes(of: v) { Array($0) }))
            } else if a.pointee.ai_family == AF_INET6 {
                let v = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                out.append(Address(bytes: withUnsafeBytes(of: v) { Array($0) }))
            }
        }
        return out
    }
}

/// Connections refused because the server is full: each gets its 503 (with `Retry-After`) and is read from
/// and dropped for up to a second before it is closed, on one thread for them all, so that the refusal
/// arrives instead of a reset. At most 256 wait at once; beyond that they are closed at once.
final class Refusals: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [(fd: Int32, until: Double)] = []
    private var started = false

    func add(_ fd: Int32, _ answer: [UInt8]) {
        answer.withUnsafeBytes { raw in
            #if canImport(Glibc)
                _ = Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            #else
                _ = Darwin.send(fd, raw.baseAddress, raw.count, MSG_DONTWAIT)
            #endif
        }
        shutdown(fd, Int32(SHUT_WR))
        lock.lock()
        defer { lock.unlock() }
        guard waiting.count < 256 else {
            close(fd)
            return
        }
        waiting.append((fd, monotonicSeconds() + 1))
        if !started {
            started = true
            let thread = Thread { [self] in loop() }
            thread.stackSize = 1 << 18
            thread.start()
        }
    }

    private func loop() {
        var scratch = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            lock.lock()
            let now = monotonicSeconds()
            var keep: [(fd: Int32, until: Double)] = []
            for w in waiting {
                let n = scratch.withUnsafeMutableBytes { recv(w.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                let open = n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                if open && now < w.until { keep.append(w) } else { close(w.fd) }
            }
            waiting = keep
            lock.unlock()
            usleep(20_000)
        }
    }
}

extension HTTPResponse {
    var bodyBytes: [UInt8]? {
        if case .bytes(let b) = body { return b }
        return nil
    }
}

/// `bind(2)` (named apart from `HTTPServer.bind`).
private func systemBind(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    #if canImport(Glibc)
        return Glibc.bind(fd, address, length)
    #else
        return Darwin.bind(fd, address, length)
    #endif
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
