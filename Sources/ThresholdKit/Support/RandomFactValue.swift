/// A random value of a fact's type, for benchmark scenarios (`bench-eval`) and test corpora: the same value
/// for the same generator state on every machine. Yes/no facts are yes 30% of the time; numbers within their
/// bounds (0 to 100 when open); counts up to 10; dates within 1,000 days of 1 January 2019.
extension FactType {
    @_spi(Bench) public func randomValue(levels: Int, _ rng: inout SplitMix64) -> FactValue {
        let base = CivilDate(year: 2019, month: 1, day: 1) ?? CivilDate(daysSinceEpoch: 17897)
        switch self {
        case .yesNo: return .bool(rng.chance(30))
        case .number(let lo, let hi):
            let l = lo?.intValue ?? 0
            let h = max(l, hi?.intValue ?? l + 100)
            return .number(ExactNumber(l + rng.below(h - l + 1)))
        case .count(let hi): return .number(ExactNumber(rng.below(min(hi?.intValue ?? 10, 10) + 1)))
        case .oneOf(let options): return .option(rng.below(options.count))
        case .someOf(let options):
            var mask: UInt64 = 0
            for i in options.indices where rng.chance(30) { mask |= 1 << UInt64(i) }
            return .options(mask)
        case .text: return .text("note")
        case .date: return .date(base.addingDays(rng.below(1000)))
        case .dateTime:
            let day = CivilDateTime(date: base.addingDays(rng.below(1000)))
            return .dateTime(day.addingMinutes(rng.below(24 * 60)))
        case .level: return .level(rng.below(max(1, levels)))
        }
    }
}
