/// Fact names by the hash of their bytes (open addressing; a bucket keeps the full hash, and names are
/// compared byte for byte). All names sit in one buffer, so a lookup does no reference counting.
///
/// Bounds: `buckets` holds `mask + 1` entries (a power of two at least three times the names, so a probe
/// always meets an empty bucket and ends), and every index is `& mask`. `text` holds every name's bytes;
/// a bucket's `offset + count` is within it (set once, here, from the names copied). A lookup compares
/// `count` bytes only after checking the name given has that same count, and its word loads are at
/// offsets `k` with `k + 8 <= count` (or `count - 8` when `count >= 8`).
final class FactNameTable {
    private struct Bucket {
        var hash: UInt64
        var slot: Int32
        var offset: Int32
        var count: Int32
    }

    private let text: UnsafeMutablePointer<UInt8>
    private let buckets: UnsafeMutablePointer<Bucket>
    private let mask: Int

    init(_ factNames: [String]) {
        let names = factNames.map { Array($0.utf8) }
        var size = 16
        while size < names.count * 3 { size *= 2 }
        mask = size - 1
        let total = names.reduce(0) { $0 + $1.count }
        text = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(1, total))
        buckets = UnsafeMutablePointer<Bucket>.allocate(capacity: size)
        buckets.initialize(repeating: Bucket(hash: 0, slot: -1, offset: 0, count: 0), count: size)
        var offset = 0
        for (slot, name) in names.enumerated() {
            name.withUnsafeBufferPointer { n in
                if let base = n.baseAddress { (text + offset).initialize(from: base, count: n.count) }
                let h = FactNameTable.hash(n)
                var b = Int(truncatingIfNeeded: h) & mask
                while buckets[b].slot >= 0 {
                    // A name declared twice: the first keeps it.
                    if buckets[b].hash == h && equal(buckets[b], n) { return }
                    b = (b + 1) & mask
                }
                buckets[b] = Bucket(hash: h, slot: Int32(slot), offset: Int32(offset), count: Int32(n.count))
            }
            offset += name.count
        }
    }

    deinit {
        text.deallocate()
        buckets.deallocate()
    }

    /// A quick hash of a name: its length and its first and last eight bytes, mixed (names that differ
    /// only in the middle share a bucket chain and are told apart by comparing bytes).
    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8, let p = bytes.baseAddress {
            // In bounds: n >= 8, so bytes 0..<8 and n-8..<n are the name's.
            let first = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            let last = UnsafeRawPointer(p + (n - 8)).loadUnaligned(as: UInt64.self)
            h ^= first
            h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
            h ^= last
        } else {
            for b in bytes { h = (h << 8) | UInt64(b) }
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    @inline(__always) private func equal(_ bucket: Bucket, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = name.count
        guard Int(bucket.count) == n, let p = name.baseAddress else { return n == 0 && bucket.count == 0 }
        let a = UnsafeRawPointer(text + Int(bucket.offset))
        let b = UnsafeRawPointer(p)
        if n >= 8 {
            // Eight bytes at a time, the last eight overlapping the ones before (no byte-by-byte tail).
            var k = 0
            while k + 8 <= n {
                if a.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                {
                    return false
                }
                k += 8
            }
            return k == n
                || a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        for k in 0..<n where a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) {
            return false
        }
        return true
    }

    func slot(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = FactNameTable.hash(name)
        var b = Int(truncatingIfNeeded: h) & mask
        while true {
            let bucket = buckets[b]
            if bucket.slot < 0 { return nil }
            if bucket.hash == h && equal(bucket, name) { return Int(bucket.slot) }
            b = (b + 1) & mask
        }
    }
}
