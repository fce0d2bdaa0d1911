/// The protocol's base layer: `Content-Length: N\r\n\r\n` then N bytes of JSON, over a byte stream. Bytes go in
/// as they arrive; whole message bodies come out. Pure: no reading, no writing.
struct MessageFramer {
    enum Next: Equatable {
        case message([UInt8])
        /// More bytes are needed.
        case incomplete
        /// The header could not be read: the bytes up to the end of that header were dropped.
        case badHeader(String)
    }

    private var buffer: [UInt8] = []
    private var start = 0

    mutating func append(_ bytes: [UInt8]) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer += bytes
    }

    /// Bytes held and not yet read as a message.
    var pending: Int { buffer.count - start }

    mutating func next() -> Next {
        // The header ends at the first empty line.
        var i = start
        var headerEnd: Int?
        while i + 3 < buffer.count {
            if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13, buffer[i + 3] == 10 {
                headerEnd = i
                break
            }
            i += 1
        }
        guard let end = headerEnd else {
            if buffer.count - start > 64 << 10 {
                start = buffer.count
                return .badHeader("a header longer than 64 KiB")
            }
            return .incomplete
        }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        var length: Int?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            if name == "content-length" { length = Int(value) }
        }
        guard let n = length, n >= 0, n <= Limits.lspMessageBytes else {
            start = end + 4
            return .badHeader(length == nil ? "no valid Content-Length header" : "a Content-Length over the limit")
        }
        guard buffer.count - (end + 4) >= n else { return .incomplete }
        let body = Array(buffer[(end + 4)..<(end + 4 + n)])
        start = end + 4 + n
        return .message(body)
    }

    /// One message framed for writing.
    static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
