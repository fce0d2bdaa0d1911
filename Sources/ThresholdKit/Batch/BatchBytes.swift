/// True when `a` and `b` hold the same `n` bytes (both at least `n` long): a rule set's fact name or value
/// against a batch line's bytes (`FactNameTable`, `BatchOptionBytes`). Up to sixteen bytes are compared as two
/// words (overlapping when shorter) with one test; longer names eight bytes at a time, the last eight
/// overlapping the ones before (no byte-by-byte tail).
///
/// Bounds: every load is inside the `n` bytes at `a` and at `b`: eight-byte loads at offsets `k` with
/// `k + 8 <= n`, four-byte loads at `0` and `n - 4` when `4 <= n < 8`, single bytes below `n`.
@inline(__always) func sameBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    if n >= 8 {
        let last = n - 8
        if n <= 16 {
            return (a.loadUnaligned(as: UInt64.self) ^ b.loadUnaligned(as: UInt64.self))
                | (a.loadUnaligned(fromByteOffset: last, as: UInt64.self)
                    ^ b.loadUnaligned(fromByteOffset: last, as: UInt64.self)) == 0
        }
        var k = 0
        while k < last {
            if a.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            {
                return false
            }
            k += 8
        }
        return a.loadUnaligned(fromByteOffset: last, as: UInt64.self)
            == b.loadUnaligned(fromByteOffset: last, as: UInt64.self)
    }
    if n >= 4 {
        let last = n - 4
        return (a.loadUnaligned(as: UInt32.self) ^ b.loadUnaligned(as: UInt32.self))
            | (a.loadUnaligned(fromByteOffset: last, as: UInt32.self)
                ^ b.loadUnaligned(fromByteOffset: last, as: UInt32.self)) == 0
    }
    for k in 0..<n where a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) {
        return false
    }
    return true
}
