/// The dip sample: up to `size` decisions chosen at random with a seed, stratified by cell of the matrix
/// (every cell that holds decisions gets its turn, one decision at a time, until the sample is full or the
/// cells are used up), kept as they stream past by reservoir sampling per cell (memory: `size` decisions
/// per cell at most).
struct AuditSample {
    struct Kept: Sendable {
        var id: String
        var recorded: Int
        var rules: Int
        var facts: FactVector
        var given: [Int]
        var place: String
    }

    let size: Int
    private var random: SplitMix64
    private var reservoirs: [[Kept]]
    private var seen: [Int]

    init(size: Int, seed: UInt64, cells: Int) {
        self.size = Swift.max(0, size)
        random = SplitMix64(seed: seed)
        reservoirs = Array(repeating: [], count: cells)
        seen = Array(repeating: 0, count: cells)
    }

    /// Offers one decision of cell `cell` (`make` is called only when it is kept).
    mutating func offer(cell: Int, _ make: () -> Kept) {
        guard size > 0 else { return }
        seen[cell] += 1
        if reservoirs[cell].count < size {
            reservoirs[cell].append(make())
        } else {
            let j = Int(random.next() % UInt64(seen[cell]))
            if j < size { reservoirs[cell][j] = make() }
        }
    }

    /// The sample, cell by cell in row-major order (recorded, then the rules' answer).
    func chosen() -> [Kept] {
        var taken = Array(repeating: 0, count: reservoirs.count)
        var total = 0
        var progress = true
        while total < size && progress {
            progress = false
            for c in reservoirs.indices where taken[c] < reservoirs[c].count && total < size {
                taken[c] += 1
                total += 1
                progress = true
            }
        }
        return reservoirs.indices.flatMap { reservoirs[$0].prefix(taken[$0]) }
    }
}
