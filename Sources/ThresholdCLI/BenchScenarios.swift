@_spi(Bench) import ThresholdKit

/// Scenarios for `bench-eval`: random but reproducible facts for any rule set, and the fact schema that
/// bench/generate.py uses to write the same kind of scenarios as JSON Lines.
enum BenchScenarios {
    /// The library's SplitMix64 (the same numbers on every machine).
    typealias Random = SplitMix64

    /// `count` scenarios: each fact keeps its default (often unknown) 30% of the time, else gets a random
    /// value of its type (yes/no facts are yes 30% of the time).
    static func random(_ rs: RuleSet, count: Int, seed: UInt64 = 2019) -> [FactVector] {
        var rng = Random(seed: seed)
        var out: [FactVector] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            var facts = rs.defaultFacts()
            for (slot, fact) in rs.facts.enumerated() where !rng.chance(30) {
                facts[slot] = fact.type.randomValue(levels: rs.levels.count, &rng)
            }
            out.append(facts)
        }
        return out
    }

    /// The facts as JSON Lines: `{"name", "type", "min", "max", "options", "has_default", "group"}`.
    static func schema(_ rs: RuleSet) -> String {
        var w = JSONWriter()
        func bound(_ key: String, _ n: ExactNumber?) {
            w.key(key)
            if let n { w.number(n) } else { w.null() }
        }
        func options(_ names: [String]) {
            w.key("options")
            w.beginArray()
            for name in names { w.string(name) }
            w.endArray()
        }
        for f in rs.facts {
            w.beginObject()
            w.key("name")
            w.string(f.name)
            w.key("type")
            switch f.type {
            case .yesNo: w.string("yesno")
            case .number(let lo, let hi):
                w.string("number")
                bound("min", lo)
                bound("max", hi)
            case .count(let hi):
                w.string("count")
                bound("max", hi)
            case .oneOf(let o):
                w.string("one_of")
                options(o)
            case .someOf(let o):
                w.string("some_of")
                options(o)
            case .text: w.string("text")
            case .date: w.string("date")
            case .dateTime: w.string("datetime")
            case .level:
                w.string("level")
                options(rs.levels.map(\.name))
            }
            w.key("has_default")
            w.bool(f.defaultValue != nil)
            // The risk tool the fact belongs to, by this pack's naming (`dash_injury` is DASH's).
            w.key("group")
            if let tool = rs.scores.first(where: { f.name.hasPrefix($0.name + "_") }) {
                w.string(tool.name)
            } else {
                w.null()
            }
            w.endObject()
            w.endLine()
        }
        return w.text
    }
}
