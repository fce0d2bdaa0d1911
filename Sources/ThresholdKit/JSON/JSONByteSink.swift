/// Compact JSON written straight into memory it owns: the fast core behind `JSONResultRenderer` and
/// `threshold batch`. The same calls give the same bytes as `JSONWriter` (same escapes, same number
/// forms), without the per-append cost of a Swift array. Not copyable; grows as needed.
///
/// Bounds: `count <= capacity`, the memory allocated, always. Every public writer first reserves room
/// for the most it can write (a string: 6 bytes a byte, `\u00XX`, plus quotes, comma and colon; a number:
/// `JSONEscaping.maxNumberLength`; a date-time: 64), and `reserve` grows the memory before anything is
/// written; only then does it store through `base + count`. Not copyable, so the memory has one owner,
/// freed once in `deinit`.
struct JSONByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    /// How many bytes are written.
    private(set) var count = 0
    private var capacity: Int
    /// True when the next value or key needs a comma before it.
    private var needsComma = false

    init(capacity: Int = 1 << 16) {
        self.capacity = Swift.max(64, capacity)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Forgets what was written, keeping the memory.
    mutating func removeAll() {
        count = 0
        needsComma = false
    }

    // MARK: Room

    @inline(__always) mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    @inline(never) private mutating func grow(_ n: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < n { newCapacity *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        p.update(from: base, count: count)
        base.deallocate()
        base = p
        capacity = newCapacity
    }

    /// Appends one byte (room already reserved).
    @inline(__always) private mutating func put(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always) private mutating func comma() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    // MARK: Containers and lines

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// `{` or `[`, after the comma due; the first value inside needs none.
    @inline(__always) private mutating func open(_ bracket: UInt8) {
        reserve(2)
        comma()
        put(bracket)
        needsComma = false
    }

    /// `}` or `]`; the next value needs a comma.
    @inline(__always) private mutating func close(_ bracket: UInt8) {
        reserve(1)
        put(bracket)
        needsComma = true
    }

    /// Writes the comma due before the next value or member, if one is due, so that what follows starts at
    /// `count` (to keep a copy of it, see `fragment(encoded:)`).
    mutating func separate() {
        reserve(1)
        comma()
        needsComma = false
    }

    /// Ends a line of JSON Lines: `\n`, and the next value starts a new document.
    mutating func endLine() {
        reserve(1)
        put(0x0A)
        needsComma = false
    }

    // MARK: Keys and values

    /// A member name and its colon.
    mutating func key(_ name: String) {
        var name = name
        name.withUTF8 { u in
            emit(room: u.count * 6 + 3, then: false) { p in
                let n = JSONEscaping.quote(u, into: p)
                p[n] = UInt8(ascii: ":")
                return n + 1
            }
        }
    }

    /// A member name already encoded as `"name":`.
    @inline(__always) mutating func key(encoded: UnsafeBufferPointer<UInt8>) {
        reserve(encoded.count + 1)
        comma()
        copy(encoded)
        needsComma = false
    }

    /// Already encoded text that opens something and ends where a member name or value follows with no comma
    /// (`{"rule":"r",…,"facts":{`, `"cce":{"total":`); a comma goes before it when one is due.
    @inline(__always) mutating func prefix(encoded: UnsafeBufferPointer<UInt8>) {
        key(encoded: encoded)
    }

    /// Already encoded text that continues and closes the current value (`,"required":true}`): written as it
    /// is, with no comma before it; a comma is due after it.
    @inline(__always) mutating func suffix(encoded: UnsafeBufferPointer<UInt8>) {
        reserve(encoded.count)
        copy(encoded)
        needsComma = true
    }

    /// A value, or object members, already encoded (nothing for an empty fragment).
    @inline(__always) mutating func fragment(encoded: UnsafeBufferPointer<UInt8>) {
        guard !encoded.isEmpty else { return }
        reserve(encoded.count + 1)
        comma()
        copy(encoded)
        needsComma = true
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { u in emit(room: u.count * 6 + 2) { JSONEscaping.quote(u, into: $0) } }
    }

    /// A string whose bytes need no escaping (printable ASCII without `"` or `\`, as a batch line's plain
    /// strings are), copied between quotes.
    mutating func plainString(_ bytes: UnsafeBufferPointer<UInt8>) {
        assert(bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }, "not a plain string")
        reserve(bytes.count + 3)
        comma()
        base[count] = UInt8(ascii: "\"")
        count += 1
        copy(bytes)
        base[count] = UInt8(ascii: "\"")
        count += 1
        needsComma = true
    }

    /// A whole value from parts already encoded, written as they are: `head`, the `plain` bytes (printable ASCII
    /// without `"` or `\`, as a batch line's plain id) and `tail`, with the comma due before them
    /// (`JSONResultRenderer.writeOutcomeOnly` writes the commonest outcome-only line so).
    @inline(__always) mutating func value(
        _ head: UnsafeBufferPointer<UInt8>, _ plain: UnsafeBufferPointer<UInt8>, _ tail: UnsafeBufferPointer<UInt8>
    ) {
        assert(plain.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }, "not a plain string")
        reserve(head.count + plain.count + tail.count + 1)
        comma()
        copySmall(head)
        copySmall(plain)
        copy(tail)
        needsComma = true
    }

    /// As `copy`, without a call for a few bytes: at most sixteen are copied as two words or fewer (overlapping
    /// when shorter); more by `copy`. In bounds: every load and store is within the `n` bytes of `b` and of the
    /// room at `count` (reserved by the caller).
    @inline(__always) private mutating func copySmall(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        guard n <= 16, let p = b.baseAddress else { return copy(b) }
        let from = UnsafeRawPointer(p)
        let to = UnsafeMutableRawPointer(base + count)
        if n >= 8 {
            let first = from.loadUnaligned(as: UInt64.self)
            let last = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            to.storeBytes(of: first, as: UInt64.self)
            to.storeBytes(of: last, toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            let first = from.loadUnaligned(as: UInt32.self)
            let last = from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            to.storeBytes(of: first, as: UInt32.self)
            to.storeBytes(of: last, toByteOffset: n - 4, as: UInt32.self)
        } else {
            for k in 0..<n {
                to.storeBytes(of: from.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self)
            }
        }
        count += n
    }

    /// A date-time as a string in its JSON form, `"2019-04-01T16:00"` (as `CivilDateTime.isoDescription`).
    mutating func dateTime(_ value: CivilDateTime) {
        emit(room: 63) { p in
            let date = value.date
            p[0] = UInt8(ascii: "\"")
            var o = 1 + JSONEscaping.padded(Int64(date.year), 4, into: p + 1)
            o += JSONEscaping.padded(Int64(date.month), 2, after: UInt8(ascii: "-"), into: p + o)
            o += JSONEscaping.padded(Int64(date.day), 2, after: UInt8(ascii: "-"), into: p + o)
            o += JSONEscaping.padded(Int64(value.hour), 2, after: UInt8(ascii: "T"), into: p + o)
            o += JSONEscaping.padded(Int64(value.minute), 2, after: UInt8(ascii: ":"), into: p + o)
            p[o] = UInt8(ascii: "\"")
            return o + 1
        }
    }

    mutating func number(_ value: ExactNumber) {
        emit(room: JSONEscaping.maxNumberLength) { JSONEscaping.exact(value, into: $0) }
    }

    mutating func int(_ value: Int) {
        emit(room: JSONEscaping.maxNumberLength) { JSONEscaping.int(value, into: $0) }
    }

    mutating func bool(_ value: Bool) { emit(room: 5) { JSONEscaping.word(value ? "true" : "false", into: $0) } }

    mutating func null() { emit(room: 4) { JSONEscaping.word("null", into: $0) } }

    /// The comma due, then what `write` writes into room for `room` bytes (it returns how many it wrote); after
    /// it a comma is due before the next value (`then: true`) or not (a member name's colon: `false`).
    @inline(__always) private mutating func emit(
        room: Int, then next: Bool = true, _ write: (UnsafeMutablePointer<UInt8>) -> Int
    ) {
        reserve(room + 1)
        comma()
        count += write(base + count)
        needsComma = next
    }

    @inline(__always) private mutating func copy(_ b: UnsafeBufferPointer<UInt8>) {
        if let p = b.baseAddress { (base + count).update(from: p, count: b.count) }
        count += b.count
    }
}

/// The encodings shared by `JSONWriter` and `JSONByteSink`, written into memory with room enough.
///
/// Bounds: each function states the room it needs (`quote`: `utf8.count * 6 + 2`; `padded`: 21, 22 with a mark
/// before; `word`: 5; `exact` and `int`: `maxNumberLength`), and every caller reserves at least that before calling. The scratch digits
/// are written from the end of their buffer and never more than the buffer holds (20 digits and a sign).
enum JSONEscaping {
    /// The longest text `exact` or `int` writes.
    static let maxNumberLength = 48

    /// A byte that cannot be copied as it is inside a string: a control, `"`, `\`, or 0xE2 (the first byte of
    /// U+2028 and U+2029, checked further when seen).
    @inline(__always) private static func needsCare(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0xE2
    }

    @inline(__always) private static func hexDigit(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 + d : 0x57 + d }

    /// Writes `"text"` with JSON escapes: `"` `\` as `\"` `\\`, newline, return and tab as `\n` `\r` `\t`,
    /// other controls as `\u00XX`, U+2028/U+2029 as `\u2028`/`\u2029`, everything else as it is. `out`
    /// has room for `utf8.count * 6 + 2` bytes. Returns the number of bytes written.
    static func quote(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var o = 0
        out[o] = UInt8(ascii: "\"")
        o += 1
        guard let src = utf8.baseAddress else {
            out[o] = UInt8(ascii: "\"")
            return o + 1
        }
        let n = utf8.count
        var runStart = 0
        var k = 0
        while k < n {
            let byte = src[k]
            if !needsCare(byte) {
                k += 1
                continue
            }
            if byte == 0xE2 {
                let isSeparator = k + 2 < n && src[k + 1] == 0x80 && (src[k + 2] == 0xA8 || src[k + 2] == 0xA9)
                if !isSeparator {
                    k += 1
                    continue
                }
                (out + o).update(from: src + runStart, count: k - runStart)
                o += k - runStart
                out[o] = UInt8(ascii: "\\")
                out[o + 1] = UInt8(ascii: "u")
                out[o + 2] = UInt8(ascii: "2")
                out[o + 3] = UInt8(ascii: "0")
                out[o + 4] = UInt8(ascii: "2")
                out[o + 5] = src[k + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")
                o += 6
                k += 3
                runStart = k
                continue
            }
            (out + o).update(from: src + runStart, count: k - runStart)
            o += k - runStart
            out[o] = UInt8(ascii: "\\")
            o += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out[o] = byte
                o += 1
            case 0x0A:
                out[o] = UInt8(ascii: "n")
                o += 1
            case 0x0D:
                out[o] = UInt8(ascii: "r")
                o += 1
            case 0x09:
                out[o] = UInt8(ascii: "t")
                o += 1
            default:
                out[o] = UInt8(ascii: "u")
                out[o + 1] = UInt8(ascii: "0")
                out[o + 2] = UInt8(ascii: "0")
                out[o + 3] = hexDigit(byte >> 4)
                out[o + 4] = hexDigit(byte & 0xF)
                o += 5
            }
            k += 1
            runStart = k
        }
        (out + o).update(from: src + runStart, count: n - runStart)
        o += n - runStart
        out[o] = UInt8(ascii: "\"")
        o += 1
        return o
    }

    /// Writes `mark` (`-`, `T`, `:`) and then `value` as `padded(_:_:into:)` does: the next part of a date or
    /// time. Returns the number of bytes written (at most 22).
    static func padded(_ value: Int64, _ width: Int, after mark: UInt8, into out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = mark
        return 1 + padded(value, width, into: out + 1)
    }

    /// Writes `true`, `false` or `null`. Returns the number of bytes written (at most 5).
    static func word(_ word: StaticString, into out: UnsafeMutablePointer<UInt8>) -> Int {
        word.withUTF8Buffer { letters in
            if let from = letters.baseAddress { out.update(from: from, count: letters.count) }
            return letters.count
        }
    }

    /// Writes a whole number with at least `width` digits (zeros before), `-` first when negative, as the
    /// civil date and time forms do. Returns the number of bytes written (at most 21).
    static func padded(_ value: Int64, _ width: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits, filled from the end
        return withUnsafeMutableBytes(of: &digits) { raw in
            let buf = raw.bindMemory(to: UInt8.self)
            var m = value.magnitude
            var n = 0
            repeat {
                buf[23 - n] = UInt8(truncatingIfNeeded: m % 10) + 0x30
                m /= 10
                n += 1
            } while m > 0
            while n < Swift.min(width, 20) {
                buf[23 - n] = 0x30
                n += 1
            }
            var o = 0
            if value < 0 {
                out[0] = UInt8(ascii: "-")
                o = 1
            }
            for k in 0..<n { out[o + k] = buf[24 - n + k] }
            return o + n
        }
    }

    /// Writes an exact decimal in canonical form (`ExactNumber.description`): `3`, `-2.5`, `0.000001`.
    static func exact(_ value: ExactNumber, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = value.units.magnitude
        let scale = UInt64(ExactNumber.scale)
        var fraction = magnitude % scale
        var places = ExactNumber.decimalPlaces
        if fraction != 0 {
            while fraction % 10 == 0 {
                fraction /= 10
                places -= 1
            }
        } else if value.units >= 0 && magnitude < 100 * scale {
            // The common case (totals, domains, ages): a whole number below 100, written in place.
            let whole = UInt8(truncatingIfNeeded: magnitude / scale)
            if whole < 10 {
                out[0] = UInt8(ascii: "0") &+ whole
                return 1
            }
            out[0] = UInt8(ascii: "0") &+ whole / 10
            out[1] = UInt8(ascii: "0") &+ whole % 10
            return 2
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxNumberLength) { buf in
            var end = buf.count
            if fraction != 0 {
                for _ in 0..<places {
                    end -= 1
                    buf[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
                    fraction /= 10
                }
                end -= 1
                buf[end] = UInt8(ascii: ".")
            }
            var whole = magnitude / scale
            repeat {
                end -= 1
                buf[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: whole % 10)
                whole /= 10
            } while whole != 0
            if value.units < 0 {
                end -= 1
                buf[end] = UInt8(ascii: "-")
            }
            let n = buf.count - end
            if let p = buf.baseAddress { out.update(from: p + end, count: n) }
            return n
        }
    }

    /// Writes a whole number.
    static func int(_ value: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxNumberLength) { buf in
            var end = buf.count
            var m = value.magnitude
            repeat {
                end -= 1
                buf[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
                m /= 10
            } while m != 0
            if value < 0 {
                end -= 1
                buf[end] = UInt8(ascii: "-")
            }
            let n = buf.count - end
            if let p = buf.baseAddress { out.update(from: p + end, count: n) }
            return n
        }
    }
}
