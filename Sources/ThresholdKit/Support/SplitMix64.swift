/// SplitMix64: a small, fast, seeded generator that gives the same numbers on every machine, so a seed always
/// picks the same audit sample, benchmark scenarios and test corpus. Not for anything secret (the exercise's
/// join code reads /dev/urandom). The one copy: the library, `bench-eval` and the tests all use it.
@_spi(Bench) public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<n` (0 when n < 1).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(Swift.max(1, n))) }

    /// True `percent` times in a hundred.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// One of `xs` (not empty).
    public mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}
