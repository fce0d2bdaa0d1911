/// The protocol's base layer: `Content-Length: N\r\n\r\n` then N bytes of JSON, over a byte stream. Bytes go in
/// as they arrive; whole message bodies come out. Pure: no reading, no writing.
struct MessageFramer {
    enum Next: Equatable {
        case message([UInt8])
        /// More bytes are needed.
        case incomplete
        /// The header could not be read, or bytes that are not a message came before one: they were dropped, and
        /// reading goes on at the next `Content-Length` (so one bad frame does not spoil every frame after it).
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
        // Bytes before the header's `Content-Length` (the rest of a frame whose length was wrong, or a body sent
        // without a header) are dropped, and the header is read from there.
        guard let at = MessageFramer.contentLength(in: buffer, from: start, to: end) else {
            start = end + 4
            return .badHeader("no valid Content-Length header")
        }
        if at > start {
            let dropped = at - start
            start = at
            return .badHeader("\(dropped) byte\(dropped == 1 ? "" : "s") that are not a message")
        }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        var value: String?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
            if name == "content-length" { value = line[line.index(after: colon)...].trimmingCharacters(in: " \t") }
        }
        let digits = value.map { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } } ?? false
        guard digits, let text = value, text.utf8.count <= 12, let n = Int(text), n <= Limits.lspMessageBytes else {
            start = end + 4
            return .badHeader(
                digits ? "a Content-Length over the limit" : "a Content-Length that is not a whole number of bytes")
        }
        guard buffer.count - (end + 4) >= n else { return .incomplete }
        let body = Array(buffer[(end + 4)..<(end + 4 + n)])
        start = end + 4 + n
        return .message(body)
    }

    /// Where `content-length:` (in any case) first starts in `buffer[from..<to]`, or nil.
    static func contentLength(in buffer: [UInt8], from: Int, to: Int) -> Int? {
        let name = Array("content-length:".utf8)
        var i = from
        while i + name.count <= to {
            var k = 0
            // ASCII letters in either case (`| 0x20` lowers a capital; the name's other bytes are `-` and `:`).
            while k < name.count, buffer[i + k] | (name[k] >= 97 ? 0x20 : 0) == name[k] { k += 1 }
            if k == name.count { return i }
            i += 1
        }
        return nil
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
