/// A response to send: status, header fields and a body, either bytes or a stream written in chunks.
public struct HTTPResponse {
    public enum Body {
        case bytes([UInt8])
        /// Called once with a function that sends one chunk; sent with chunked transfer coding.
        case stream((_ send: ([UInt8]) throws -> Void) throws -> Void)
    }

    public var status: Int
    var headers: [(name: String, value: String)]
    public var body: Body
    /// The route that answered, for metrics (`/v1/score`, `unknown`); never sent.
    public var route: String

    init(
        status: Int, headers: [(name: String, value: String)] = [], body: Body = .bytes([]), route: String = "unknown"
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.route = route
    }

    public var isStreamed: Bool {
        if case .stream = body { return true }
        return false
    }

    /// The status line and header fields, ending with the empty line. `Content-Length` or
    /// `Transfer-Encoding: chunked` and `Connection` are added here. With `chunked` false (an HTTP/1.0
    /// client), a streamed body has neither: it ends when the connection closes, so it is never kept alive.
    public func head(keepAlive: Bool, chunked: Bool = true) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\n"
        for h in headers { text += "\(h.name): \(h.value)\r\n" }
        var keepAlive = keepAlive
        switch body {
        case .bytes(let b): text += "Content-Length: \(b.count)\r\n"
        case .stream:
            if chunked { text += "Transfer-Encoding: chunked\r\n" } else { keepAlive = false }
        }
        text += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    /// One chunk of a chunked body (an empty `bytes` gives the last chunk).
    public static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array((String(bytes.count, radix: 16) + "\r\n").utf8)
        out += bytes
        out += [13, 10]
        return out
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 421: return "Misdirected Request"
        case 422: return "Unprocessable Content"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }
}
