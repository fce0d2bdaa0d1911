/// Reads one HTTP/1.1 request from the front of a byte buffer (RFC 9112), without sockets: bytes in, a
/// request (and how many bytes it took), "need more bytes", or a failure with its status. Pure and total:
/// every input gives one of the three, so it can be fuzzed.
///
/// Accepted: a request line `METHOD SP origin-form SP HTTP/1.x`, header fields ending in CRLF (a bare LF is
/// accepted too), a body of `Content-Length` bytes. Refused: chunked request bodies (501), bodies or
/// headers over the limits (413, 431), a `Content-Length` that is not one whole number (400), obsolete line
/// folding, control characters and malformed field names (400), HTTP versions other than 1.0 and 1.1 (505).
public enum HTTPRequestParser {
    public enum Outcome: Sendable, Equatable {
        /// A whole request, and the number of bytes it took from the front of the buffer.
        case request(HTTPRequest, consumed: Int)
        /// The bytes are the start of a request; read more.
        case incomplete
        case failure(HTTPFailure)
    }

    /// Parses the request at the front of `bytes`.
    public static func parse(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) -> Outcome {
        bytes.withUnsafeBufferPointer { parse($0, limits: limits) }
    }

    /// Parses the request at the front of `bytes` (the entry point for a fuzz target).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: HTTPLimits = HTTPLimits()) -> Outcome {
        switch parseHead(bytes, limits: limits) {
        case .incomplete: return .incomplete
        case .failure(let f): return .failure(f)
        case .head(var request, let bodyStart, let length):
            guard bytes.count - bodyStart >= length else { return .incomplete }
            request.body = Array(bytes[bodyStart..<(bodyStart + length)])
            return .request(request, consumed: bodyStart + length)
        }
    }

    /// What the front of a buffer holds once its head (request line and header fields) is read.
    public enum HeadOutcome: Sendable, Equatable {
        /// A whole head: the request without its body, where the body starts and how long it is.
        case head(HTTPRequest, bodyStart: Int, bodyLength: Int)
        /// The head is not whole yet; read more.
        case incomplete
        case failure(HTTPFailure)
    }

    /// The most bytes of empty lines (CR and LF) accepted before a request line (RFC 9112 section 2.2 asks
    /// for at least one empty line to be ignored); more is a 400, so they are never scanned without end.
    public static let leadingEmptyLineBytes = 16

    /// Parses the head of the request at the front of `bytes`: the request line and the header fields, with
    /// every check that needs no body (`Content-Length` against the limit included), so that a server can
    /// judge the request (`APIService.judge`) before it reads or asks for (`100 Continue`) the body.
    public static func parseHead(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) -> HeadOutcome {
        bytes.withUnsafeBufferPointer { parseHead($0, limits: limits) }
    }

    /// Parses the head of the request at the front of `bytes`.
    public static func parseHead(_ bytes: UnsafeBufferPointer<UInt8>, limits: HTTPLimits = HTTPLimits())
        -> HeadOutcome
    {
        // Skip empty lines before a request (RFC 9112 section 2.2), but only a few.
        var start = 0
        while start < bytes.count, bytes[start] == 13 || bytes[start] == 10 {
            start += 1
            if start > leadingEmptyLineBytes {
                return .failure(bad("more than \(leadingEmptyLineBytes) bytes of empty lines before the request line"))
            }
        }
        guard let headEnd = endOfHead(bytes, from: start) else {
            if bytes.count - start > limits.headerBytes {
                return .failure(
                    HTTPFailure(status: 431, message: "the request's header is larger than \(limits.headerBytes) bytes")
                )
            }
            return .incomplete
        }
        if headEnd.contentEnd - start > limits.headerBytes {
            return .failure(
                HTTPFailure(status: 431, message: "the request's header is larger than \(limits.headerBytes) bytes"))
        }
        let lines = splitLines(bytes, start, headEnd.contentEnd)
        guard let requestLine = lines.first else { return .failure(bad("empty request")) }
        var request: HTTPRequest
        switch parseRequestLine(bytes, requestLine) {
        case .success(let r): request = r
        case .failure(let f): return .failure(f)
        }
        if lines.count - 1 > limits.headerFields {
            return .failure(HTTPFailure(status: 431, message: "more than \(limits.headerFields) header fields"))
        }
        for line in lines.dropFirst() {
            switch parseField(bytes, line) {
            case .success(let field): request.headers.append(field)
            case .failure(let f): return .failure(f)
            }
        }
        // Counted in one pass, without an array.
        var hosts = 0
        var authorizations = 0
        for field in request.headers {
            if field.name == "host" { hosts += 1 } else if field.name == "authorization" { authorizations += 1 }
        }
        if request.version == "HTTP/1.1", hosts == 0 {
            return .failure(bad("an HTTP/1.1 request needs a Host header field"))
        }
        if hosts > 1 { return .failure(bad("more than one Host header field")) }
        if authorizations > 1 { return .failure(bad("more than one Authorization header field")) }
        // The one expectation there is (RFC 9110 section 10.1.1): any other is answered 417, not ignored.
        if let expect = request.header("expect"), expect.lowercased() != "100-continue" {
            return .failure(
                HTTPFailure(status: 417, message: "the only expectation this server meets is Expect: 100-continue"))
        }
        if request.header("transfer-encoding") != nil {
            return .failure(
                HTTPFailure(status: 501, message: "chunked request bodies are not supported: send Content-Length"))
        }
        let lengths = request.headers.filter { $0.name == "content-length" }.map(\.value)
        var length = 0
        if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
                first.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(first)
            else {
                return .failure(bad("Content-Length must be one whole number"))
            }
            length = n
        }
        if length > limits.bodyBytes {
            return .failure(HTTPFailure(status: 413, message: "the body is larger than \(limits.bodyBytes) bytes"))
        }
        return .head(request, bodyStart: headEnd.next, bodyLength: length)
    }

    /// A failure that the first bytes of a request already show, before its head is whole: a method with a
    /// byte no method has, or (once the first line is in) a malformed request line. Nil when nothing is wrong
    /// yet. Lets a server answer bytes that are not HTTP at once, instead of waiting for an empty line or
    /// its header time. Never a failure for bytes that `parseHead` would accept once more arrive.
    public static func earlyFailure(_ bytes: UnsafeBufferPointer<UInt8>, limits: HTTPLimits = HTTPLimits())
        -> HTTPFailure?
    {
        var start = 0
        while start < bytes.count, bytes[start] == 13 || bytes[start] == 10 {
            start += 1
            if start > leadingEmptyLineBytes { return nil }  // parseHead says so
        }
        var i = start
        while i < bytes.count, bytes[i] != 32 {
            if !isTokenByte(bytes[i]) { return bad("malformed method") }
            i += 1
        }
        guard let lineEnd = (i..<bytes.count).first(where: { bytes[$0] == 10 }) else { return nil }
        var end = lineEnd
        if end > start, bytes[end - 1] == 13 { end -= 1 }
        if case .failure(let f) = parseRequestLine(bytes, start..<end) { return f }
        return nil
    }

    /// Whether the whole header is in `bytes` and asks for `Expect: 100-continue` (curl does for bodies over
    /// 1 KiB) in HTTP/1.1: the server then answers `100 Continue` before the body arrives (never to HTTP/1.0,
    /// which has no interim answers).
    public static func expectsContinue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard case .head(let head, _, _) = parseHead(bytes) else { return false }
        return head.expectsContinue
    }

    // MARK: Pieces

    private static func bad(_ message: String) -> HTTPFailure { HTTPFailure(status: 400, message: message) }

    /// Where the header's content ends (before the empty line) and where the body starts.
    private static func endOfHead(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (contentEnd: Int, next: Int)? {
        var i = start
        while i < b.count {
            if b[i] == 10 {
                // A line ends here; is the next line empty?
                if i + 1 < b.count, b[i + 1] == 10 { return (i, i + 2) }
                if i + 2 < b.count, b[i + 1] == 13, b[i + 2] == 10 { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    /// The lines of the header, each without its CR LF (or LF).
    private static func splitLines(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var lineStart = start
        var i = start
        while i <= end {
            if i == end || b[i] == 10 {
                var lineEnd = i
                if lineEnd > lineStart, b[lineEnd - 1] == 13 { lineEnd -= 1 }
                lines.append(lineStart..<lineEnd)
                lineStart = i + 1
            }
            i += 1
        }
        return lines
    }

    private static func parseRequestLine(_ b: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Result<
        HTTPRequest, HTTPFailure
    > {
        let parts = line.split(separator: 32, in: b)
        guard parts.count == 3 else { return .failure(bad("the request line must be METHOD TARGET HTTP/1.1")) }
        let method = parts[0]
        let target = parts[1]
        let version = parts[2]
        guard !method.isEmpty, method.allSatisfy({ isTokenByte(b[$0]) }) else {
            return .failure(bad("malformed method"))
        }
        let versionText = String(decoding: UnsafeBufferPointer(rebasing: b[version]), as: UTF8.self)
        // A stray carriage return (`HTTP/1.1\r\r\n`) is a malformed version, not an unsupported one.
        guard versionText.hasPrefix("HTTP/"), version.allSatisfy({ b[$0] > 32 && b[$0] < 127 }) else {
            return .failure(bad("malformed HTTP version"))
        }
        guard versionText == "HTTP/1.1" || versionText == "HTTP/1.0" else {
            return .failure(HTTPFailure(status: 505, message: "only HTTP/1.1 and HTTP/1.0 are spoken here"))
        }
        guard !target.isEmpty, b[target.lowerBound] == UInt8(ascii: "/"),
            target.allSatisfy({ b[$0] > 32 && b[$0] < 127 })
        else {
            return .failure(bad("the request target must be a path starting with /"))
        }
        let targetBytes = Array(b[target])
        let q = targetBytes.firstIndex(of: UInt8(ascii: "?"))
        let pathBytes = q.map { Array(targetBytes[..<$0]) } ?? targetBytes
        let queryBytes = q.map { Array(targetBytes[($0 + 1)...]) } ?? []
        // An encoded `/` or `\` would become a separator once decoded: `/v1%2Frulesets` would reach a route that
        // a proxy filtering on the raw path never saw.
        if Self.hasEncodedSeparator(pathBytes) {
            return .failure(bad("an encoded `/` or `\\` (%2F, %5C) in the path is refused"))
        }
        guard let path = percentDecode(pathBytes, plusIsSpace: false) else {
            return .failure(bad("malformed percent-encoding in the path"))
        }
        var query: [(name: String, value: String)] = []
        for pair in queryBytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let eq = pair.firstIndex(of: UInt8(ascii: "="))
            let name = eq.map { Array(pair[..<$0]) } ?? Array(pair)
            let value = eq.map { Array(pair[($0 + 1)...]) } ?? []
            guard let n = percentDecode(name, plusIsSpace: true), let v = percentDecode(value, plusIsSpace: true) else {
                return .failure(bad("malformed percent-encoding in the query"))
            }
            query.append((n, v))
        }
        return .success(
            HTTPRequest(
                method: String(decoding: UnsafeBufferPointer(rebasing: b[method]), as: UTF8.self),
                path: path, query: query, version: versionText))
    }

    private static func parseField(_ b: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Result<
        (name: String, value: String), HTTPFailure
    > {
        guard let colon = line.first(where: { b[$0] == UInt8(ascii: ":") }) else {
            if let first = line.first, b[first] == 32 || b[first] == 9 {
                return .failure(bad("obsolete line folding is not accepted"))
            }
            return .failure(bad("a header field has no colon"))
        }
        let name = line.lowerBound..<colon
        guard !name.isEmpty, name.allSatisfy({ isTokenByte(b[$0]) }) else {
            return .failure(bad("malformed header field name"))
        }
        var vs = colon + 1
        var ve = line.upperBound
        while vs < ve, b[vs] == 32 || b[vs] == 9 { vs += 1 }
        while ve > vs, b[ve - 1] == 32 || b[ve - 1] == 9 { ve -= 1 }
        for i in vs..<ve where (b[i] < 32 && b[i] != 9) || b[i] == 127 {
            return .failure(bad("a control character in a header field"))
        }
        let nameText = String(decoding: UnsafeBufferPointer(rebasing: b[name]), as: UTF8.self).lowercased()
        return .success((nameText, String(decoding: UnsafeBufferPointer(rebasing: b[vs..<ve]), as: UTF8.self)))
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default: return "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }

    /// Whether the raw path holds `%2F` or `%5C` (either case).
    static func hasEncodedSeparator(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                let h = bytes[i + 1]
                let l = bytes[i + 2] | 0x20  // lower case
                if h == UInt8(ascii: "2") && l == UInt8(ascii: "f") || h == UInt8(ascii: "5") && l == UInt8(ascii: "c")
                {
                    return true
                }
            }
            i += 1
        }
        return false
    }

    /// Percent-decoding to UTF-8 text; nil for a bad escape or bytes that are not UTF-8.
    static func percentDecode(_ bytes: [UInt8], plusIsSpace: Bool) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else { return nil }
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(plusIsSpace && c == UInt8(ascii: "+") ? 32 : c)
                i += 1
            }
        }
        let text = String(decoding: out, as: UTF8.self)
        return Array(text.utf8) == out ? text : nil
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - 55
        default: return nil
        }
    }
}

extension Range where Bound == Int {
    /// The parts of this range of `b` between bytes equal to `separator` (empty parts kept).
    fileprivate func split(separator: UInt8, in b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var s = lowerBound
        for i in self where b[i] == separator {
            parts.append(s..<i)
            s = i + 1
        }
        parts.append(s..<upperBound)
        return parts
    }
}
