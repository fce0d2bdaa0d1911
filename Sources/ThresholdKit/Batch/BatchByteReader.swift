/// A cursor over one line's bytes for `BatchLineDecoder`: each reader returns nil (or false) on anything
/// outside the plain form it accepts.
///
/// Bounds (release builds do not check `UnsafeBufferPointer` subscripts): `bytes` is one line inside the
/// batch buffer (`BatchWorker.score` slices it from `BatchLine.start..<end`, both at most the bytes
/// filled). `i` only grows, and every read of `bytes[k]` is behind a `k < bytes.count` test in the same
/// condition; the word loads (`plainString`, `literal`) are behind `k + 8 <= count` and `i + 4 <= count`.
/// Every slice returned (`bytes[start..<k]`) has `start <= k <= count`. The fuzz target `BatchLine` and
/// the AddressSanitizer step of CI hold this to account.
struct ByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { i >= bytes.count }
    var peek: UInt8 { i < bytes.count ? bytes[i] : 0 }

    /// Skips JSON white space (space, tab, line feed, carriage return): all at or below 0x20, so a byte above it,
    /// as nearly every byte is, ends the skip with one test.
    @inline(__always) mutating func skipSpace() {
        while i < bytes.count, bytes[i] <= 0x20,
            bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D
        {
            i += 1
        }
    }

    /// An object (the reader at its `{`): each member's value read by `member`, given the key and the reader
    /// at the value; false at the first member it refuses or at anything that is not an object of plain keys.
    @inline(__always) mutating func object(
        _ member: (UnsafeBufferPointer<UInt8>, inout ByteReader) -> Bool
    ) -> Bool {
        object({ $0.plainString() }, member)
    }

    /// An object whose keys `key` reads (the reader at the key's opening quote; nil refuses it), each member's
    /// value read by `member`, given what `key` gave; false at the first key or member refused or at anything
    /// that is not an object.
    @inline(__always) mutating func object<Key>(
        _ key: (inout ByteReader) -> Key?, _ member: (Key, inout ByteReader) -> Bool
    ) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipSpace()
            guard let k = key(&self) else { return false }
            // The colon and the comma are tried before any space is skipped: written without spaces, as batch
            // lines usually are, each is then one test.
            if !take(UInt8(ascii: ":")) {
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
            }
            skipSpace()
            guard member(k, &self) else { return false }
            if take(UInt8(ascii: ",")) { continue }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}"))
        }
    }

    @inline(__always) mutating func take(_ b: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == b else { return false }
        i += 1
        return true
    }

    /// Takes `word` (four to eight ASCII bytes) when the reader is at exactly those bytes; false, taking nothing,
    /// otherwise. Two word loads each side (the second overlapping the first when shorter than eight).
    /// In bounds: the line's bytes are loaded only after `i + n <= bytes.count`, and the word's at `0` and `n - 4`.
    @inline(__always) mutating func take(word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard n >= 4, n <= 8, i + n <= bytes.count, let p = bytes.baseAddress else { return false }
        let at = UnsafeRawPointer(p + i)
        let w = UnsafeRawPointer(word.utf8Start)
        guard at.loadUnaligned(as: UInt32.self) == w.loadUnaligned(as: UInt32.self),
            at.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                == w.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        else { return false }
        i += n
        return true
    }

    /// True for a byte a plain string is made of: printable ASCII but `"` and `\`.
    @inline(__always) static func isPlain(_ b: UInt8) -> Bool {
        b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C
    }

    /// A string of printable ASCII without escapes; its bytes without the quotes.
    mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        let n = bytes.count
        var k = i
        // Eight bytes at a time (bit tricks on a word): the first byte that is `"`, `\`, a control or beyond
        // ASCII is the lowest flagged one (the tricks can flag a byte above a true one, never below).
        if let p = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while k + 8 <= n {
                // In bounds: k + 8 <= n, the line's length.
                let x = UInt64(littleEndian: UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self))
                let quote = x ^ (ones &* 0x22)
                let backslash = x ^ (ones &* 0x5C)
                let stop =
                    (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                        | ((x &- ones &* 0x20) & ~x) | ((x &+ ones &* (127 - 0x7E)) | x)) & highs
                if stop != 0 {
                    k += stop.trailingZeroBitCount >> 3  // a byte of this word: k < n
                    i = k
                    guard take(UInt8(ascii: "\"")) else { return nil }
                    return UnsafeBufferPointer(rebasing: bytes[start..<k])
                }
                k += 8
            }
        }
        while k < n, ByteReader.isPlain(bytes[k]) { k += 1 }
        i = k
        guard take(UInt8(ascii: "\"")) else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[start..<k])
    }

    /// `null` 0, `false` 1, `true` 2.
    @inline(__always) mutating func literal() -> Int? {
        guard i + 4 <= bytes.count, let p = bytes.baseAddress else { return nil }
        // In bounds: i + 4 <= count (checked just above); `false` checks its fifth byte the same way.
        let four = UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)
        // The words as little-endian 32-bit loads: "null", "true", "fals".
        switch UInt32(littleEndian: four) {
        case 0x6C6C_756E:
            i += 4
            return 0
        case 0x6575_7274:
            i += 4
            return 2
        case 0x736C_6166:
            guard i + 5 <= bytes.count, bytes[i + 4] == UInt8(ascii: "e") else { return nil }
            i += 5
            return 1
        default: return nil
        }
    }

    /// A whole number written as plain digits (`0`, or up to twelve digits without a leading zero) that the
    /// JSON number grammar ends there (no fraction or exponent follows), taken with its value; nil, taking
    /// nothing, for anything else (`number()` reads it).
    @inline(__always) mutating func plainWholeNumber() -> Int64? {
        let n = bytes.count
        var k = i
        var v: Int64 = 0
        while k < n, bytes[k] &- UInt8(ascii: "0") < 10, k - i < 12 {
            v = v &* 10 &+ Int64(bytes[k] &- UInt8(ascii: "0"))
            k += 1
        }
        let digits = k - i
        guard digits > 0, digits == 1 || bytes[i] != UInt8(ascii: "0") else { return nil }
        if k < n {
            let b = bytes[k]
            guard b &- UInt8(ascii: "0") >= 10, b != UInt8(ascii: "."), b != UInt8(ascii: "e"), b != UInt8(ascii: "E")
            else { return nil }
        }
        i = k
        return v
    }

    /// A JSON number (RFC 8259 grammar); its text.
    mutating func number() -> UnsafeBufferPointer<UInt8>? {
        let start = i
        func digits() -> Int {
            let s = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
            return i - s
        }
        _ = take(UInt8(ascii: "-"))
        if take(UInt8(ascii: "0")) {
            if i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { return nil }
        } else if digits() == 0 {
            return nil
        }
        if take(UInt8(ascii: ".")), digits() == 0 { return nil }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            if digits() == 0 { return nil }
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<i])
    }

    /// `[` plain strings `]`.
    mutating func stringArray() -> [String]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [String] = []
        skipSpace()
        if take(UInt8(ascii: "]")) { return items }
        repeat {
            skipSpace()
            guard let s = plainString() else { return nil }
            items.append(String(decoding: s, as: UTF8.self))
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? items : nil
    }

    /// Skips `null`, `true`, `false` or a number.
    mutating func skipScalar() -> Bool {
        switch peek {
        case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "f"): return literal() != nil
        default: return number() != nil
        }
    }
}
