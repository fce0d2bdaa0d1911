/// The values of each `one of`, `some of` and `level` fact as bytes, so `BatchLineDecoder` can turn a plain
/// ASCII string into an option index without making a `String`. Only ASCII names are kept: a string that
/// matches none of them is left to the general path, which compares as `String` does.
///
/// Bounds: `starts` has `slotCount + 1` entries and `index` checks `slot < slotCount` first; entries
/// `starts[slot]..<starts[slot + 1]` exist (built together, here); an entry's bytes `offset..<offset + count`
/// are in `text`, and they are compared (`sameBytes`) only when `count` equals the name's length (a non-ASCII
/// name's count is -1, which no length equals).
final class BatchOptionBytes {
    private struct Entry {
        var offset: Int32
        var count: Int32
        /// Printable ASCII without `"` or `\` (what `take` may match between quotes).
        var plain: Bool
    }

    private let text: UnsafeMutablePointer<UInt8>
    private let entries: UnsafeMutablePointer<Entry>
    /// Per slot, where its entries start in `entries` (and, at `slot + 1`, end). Entry k is value k.
    private let starts: UnsafeMutablePointer<Int32>
    private let slotCount: Int

    init(_ ruleSet: RuleSet) {
        let levelNames = ruleSet.levels.map(\.name)
        let names: [[String]] = ruleSet.facts.map { fact in
            switch fact.type {
            case .oneOf(let values), .someOf(let values): return values
            case .level: return levelNames
            default: return []
            }
        }
        var bytes: [UInt8] = []
        var list: [Entry] = []
        var startList: [Int32] = []
        for values in names {
            startList.append(Int32(list.count))
            for v in values {
                // A non-ASCII name gets an entry no plain string can match (count -1).
                let utf8 = Array(v.utf8)
                let ascii = utf8.allSatisfy { $0 < 0x80 }
                list.append(
                    Entry(
                        offset: Int32(bytes.count), count: ascii ? Int32(utf8.count) : -1,
                        plain: utf8.allSatisfy(ByteReader.isPlain)))
                if ascii { bytes += utf8 }
            }
        }
        startList.append(Int32(list.count))
        slotCount = names.count
        text = .allocate(capacity: Swift.max(1, bytes.count))
        text.initialize(from: bytes, count: bytes.count)
        entries = .allocate(capacity: Swift.max(1, list.count))
        entries.initialize(from: list, count: list.count)
        starts = .allocate(capacity: startList.count)
        starts.initialize(from: startList, count: startList.count)
    }

    deinit {
        text.deallocate()
        entries.deallocate()
        starts.deallocate()
    }

    /// Takes `"name"`, a value of fact `slot` between quotes, when the reader is at exactly that (the string
    /// `ByteReader.plainString` would read and `index` would find); its index, or nil, taking nothing.
    /// In bounds: the quotes and the name are read only after `r.i + count + 2 <= r.bytes.count`.
    @inline(__always) func take(_ slot: Int, _ r: inout ByteReader) -> Int? {
        guard slot >= 0, slot < slotCount, let p = r.bytes.baseAddress else { return nil }
        let first = Int(starts[slot])
        let end = Int(starts[slot + 1])
        let at = p + r.i
        let room = r.bytes.count - r.i
        for e in first..<end {
            let entry = entries[e]
            let n = Int(entry.count)
            guard entry.plain, n >= 0, n + 2 <= room, at[n + 1] == 0x22, at[0] == 0x22 else { continue }
            if sameBytes(UnsafeRawPointer(text + Int(entry.offset)), UnsafeRawPointer(at + 1), n) {
                r.i += n + 2
                return e - first
            }
        }
        return nil
    }

    /// The index of the value of fact `slot` spelt by `name`, or nil.
    func index(_ slot: Int, _ name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard slot >= 0, slot < slotCount, let p = name.baseAddress else { return nil }
        let first = Int(starts[slot])
        let end = Int(starts[slot + 1])
        for e in first..<end {
            let entry = entries[e]
            guard Int(entry.count) == name.count else { continue }
            if sameBytes(UnsafeRawPointer(text + Int(entry.offset)), UnsafeRawPointer(p), name.count) {
                return e - first
            }
        }
        return nil
    }
}
