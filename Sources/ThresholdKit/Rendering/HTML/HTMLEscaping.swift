/// Escaping for text put into an HTML page: every piece of text from a rule set, scenario or report
/// goes through here, in element content and in attribute values alike.
///
/// `&`, `<`, `>`, `"` and `'` become entities, so a label such as `</style><script>…` shows as text and
/// runs nothing; control characters that XML forbids (all below U+0020 except tab, line feed and carriage
/// return) become U+FFFD, so the page stays well-formed XHTML-compatible markup whatever the input holds.
enum HTMLEscaping {
    /// `s` escaped for element content or a quoted attribute value.
    static func escape(_ s: String) -> String {
        var out = ""
        append(s, to: &out)
        return out
    }

    /// Appends `s`, escaped, to `out` (copies runs of plain bytes in one go).
    static func append(_ s: String, to out: inout String) {
        var copy = s
        copy.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                guard let replacement = entity(bytes[i]) else { continue }
                if start < i { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self) }
                out += replacement
                start = i + 1
            }
            if start == 0 {
                out += s
                return
            }
            if start < bytes.count {
                out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)
            }
        }
    }

    /// The replacement for one byte, or nil to keep it.
    @inline(__always) static func entity(_ b: UInt8) -> String? {
        switch b {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\""): return "&quot;"
        case UInt8(ascii: "'"): return "&#39;"
        case 0x09, 0x0A, 0x0D: return nil
        case 0x00..<0x20, 0x7F: return "\u{FFFD}"
        default: return nil
        }
    }
}
