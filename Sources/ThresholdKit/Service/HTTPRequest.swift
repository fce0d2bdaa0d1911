/// One HTTP/1.1 request, as read by `HTTPRequestParser`: the method, the path and query of the target,
/// the header fields (names in lower case, in order) and the body.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The target's path, percent-decoded (`/v1/rulesets/camden-mash`).
    var path: String
    /// The query's parameters, percent-decoded, in order.
    var query: [(name: String, value: String)]
    /// `HTTP/1.1` or `HTTP/1.0`.
    var version: String
    /// Header fields: names in lower case, values with surrounding spaces removed.
    var headers: [(name: String, value: String)]
    public var body: [UInt8]

    init(
        method: String, path: String, query: [(name: String, value: String)] = [], version: String = "HTTP/1.1",
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The first header field named `name` (lower case).
    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// The first query parameter named `name`.
    func parameter(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// Whether the connection stays open after the response (HTTP/1.1 unless `Connection: close`; HTTP/1.0
    /// only with `Connection: keep-alive`).
    public var keepAlive: Bool {
        let c = header("connection")?.lowercased() ?? ""
        if version == "HTTP/1.0" { return c.contains("keep-alive") }
        return !c.contains("close")
    }

    /// Whether the client waits for `100 Continue` before sending the body: `Expect: 100-continue` in
    /// HTTP/1.1 (HTTP/1.0 has no interim answers).
    public var expectsContinue: Bool {
        version == "HTTP/1.1" && header("expect")?.lowercased() == "100-continue"
    }

    /// Whether a streamed body may be sent with chunked transfer coding (HTTP/1.1); to HTTP/1.0 it is sent
    /// as it comes and the connection closed after it.
    public var acceptsChunked: Bool { version == "HTTP/1.1" }

    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.path == b.path && a.version == b.version && a.body == b.body
            && a.query.map(\.name) == b.query.map(\.name) && a.query.map(\.value) == b.query.map(\.value)
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }
}

/// The limits a parser holds a request to.
public struct HTTPLimits: Sendable {
    /// The request line and header fields together, in bytes.
    var headerBytes: Int
    /// The body, in bytes.
    var bodyBytes: Int
    /// The number of header fields.
    var headerFields: Int

    public init(headerBytes: Int = 16 << 10, bodyBytes: Int = 8 << 20, headerFields: Int = 100) {
        self.headerBytes = headerBytes
        self.bodyBytes = bodyBytes
        self.headerFields = headerFields
    }
}

/// Why bytes are not an acceptable request: the status to answer with and a message.
public struct HTTPFailure: Error, Sendable, Equatable {
    var status: Int
    var message: String
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }
}
