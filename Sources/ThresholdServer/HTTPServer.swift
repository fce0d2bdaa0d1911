import Foundation
import ThresholdKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HTTP/1.1 server with keep-alive on the system's sockets, event-driven: one I/O thread accepts, reads
/// and writes every connection with `epoll` and non-blocking sockets (`EventLoop`), each connection's state
/// being a `ServiceConnection` (the library: bytes in, requests and bytes out, deadlines); a fixed pool of
/// scoring workers (`WorkerPool`, one `ServiceWorker` each) answers the requests, from a bounded queue.
/// `/health` and `/metrics` are answered on the I/O thread, ahead of scoring work; a full queue is answered
/// 503 with `Retry-After`. An idle or slow connection costs its buffers, not a thread. SIGTERM and SIGINT
/// stop accepting, finish what is in flight and exit 0 (within 5 s).
public final class HTTPServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var limits: HTTPLimits
        /// Seconds from a request's first byte to the end of its head.
        public var headerTimeout: Double
        /// Seconds from the end of a request's head to the end of its body.
        public var bodyTimeout: Double
        /// Seconds an open connection may wait for its next request.
        public var idleTimeout: Double
        /// Seconds a response may wait, in all, for the client to read it.
        public var writeTimeout: Double
        /// Connections served at once; beyond, 503 with `Retry-After`.
        public var maxConnections: Int
        /// Scoring worker threads (0: one per core).
        public var workers: Int
        /// Requests that may wait for a worker; beyond, 503 with `Retry-After`.
        public var maxQueue: Int
        /// Names admitted in `Host` besides those the server listens as (`HostPolicy`); `*` admits any.
        public var allowedHosts: [String]
        /// Bytes of a streamed answer (`/v1/batch`) that may wait for a slow reader; beyond, its worker
        /// pauses until the client reads (backpressure).
        public var streamBuffer: Int

        public init(
            host: String = "127.0.0.1", port: Int = 8080, limits: HTTPLimits = HTTPLimits(),
            headerTimeout: Double = 10, bodyTimeout: Double = 10, idleTimeout: Double = 30, writeTimeout: Double = 10,
            maxConnections: Int = 10_000, workers: Int = 0, maxQueue: Int = 256, allowedHosts: [String] = [],
            streamBuffer: Int = 1 << 20
        ) {
            self.allowedHosts = allowedHosts
            self.streamBuffer = streamBuffer
            self.host = host
            self.port = port
            self.limits = limits
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
            self.workers = workers
            self.maxQueue = maxQueue
        }

        /// The limits each connection is held to.
        var connectionLimits: ServiceConnection.Limits {
            ServiceConnection.Limits(
                http: limits, headerTimeout: headerTimeout, bodyTimeout: bodyTimeout, idleTimeout: idleTimeout,
                writeTimeout: writeTimeout)
        }
    }

    public struct StartFailure: Error { public var message: String }

    public let configuration: Configuration
    public let service: APIService
    private let log: @Sendable (String) -> Void
    private var listener: Int32 = -1
    /// The `Host` values answered (set by `bind`, once the port is known).
    private(set) var hosts: HostPolicy?
    public init(configuration: Configuration, service: APIService, log: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.service = service
        self.log = log
    }

    /// Binds and listens; returns the port bound (useful with port 0). Accepting starts with `run`.
    public func bind() throws(StartFailure) -> Int {
        HTTPServer.raiseFileLimit()
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
                loopback: ServePolicy.isLoopback(configuration.host) || ServePolicy.isWildcard(configuration.host),
                allowed: configuration.allowedHosts)
            return port
        }
        throw StartFailure(message: "cannot listen on \(configuration.host):\(configuration.port): \(lastError)")
    }

    /// Raises the soft limit on open files to the hard one: each connection is a file descriptor.
    static func raiseFileLimit() {
        var limit = rlimit()
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
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

    /// Serves until SIGTERM or SIGINT, then exits 0 (on the calling thread).
    public func run() -> Never {
        guard let hosts else {
            log("run() before bind()")
            exit(1)
        }
        let loop = EventLoop(
            listener: listener, configuration: configuration, service: service, hosts: hosts, log: log)
        loop.run()
        exit(0)
    }

    func logError(_ message: String) { log(message) }
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
