/// Fact values in JSON: yes/no as booleans, sets as arrays, dates as strings, unknown as null.
enum JSONFactValue {
    static func write(_ v: FactValue?, _ type: FactType, levels: [RuleSet.Level], to w: inout JSONWriter) {
        guard let v else {
            w.null()
            return
        }
        switch v {
        case .bool(let b): w.bool(b)
        case .number(let n): w.number(n)
        case .option(let i): w.string(type.options.indices.contains(i) ? type.options[i] : "")
        case .options(let mask):
            w.beginArray()
            for (i, name) in type.options.enumerated() where mask & (1 << UInt64(i)) != 0 { w.string(name) }
            w.endArray()
        case .text(let s): w.string(s)
        case .date(let d): w.string(d.description)
        case .dateTime(let d): w.string(d.isoDescription)
        case .level(let l): w.string(levels.indices.contains(l) ? levels[l].name : "")
        }
    }
}

extension JSONFactValue {
    /// The value as `write` writes it, as a `JSONValue`.
    static func value(_ v: FactValue?, _ type: FactType, levels: [RuleSet.Level]) -> JSONValue {
        guard let v else { return .null }
        switch v {
        case .bool(let b): return .bool(b)
        case .number(let n): return .exact(n)
        case .option(let i): return .string(type.options.indices.contains(i) ? type.options[i] : "")
        case .options(let mask):
            return .array(
                type.options.enumerated().filter { mask & (1 << UInt64($0.offset)) != 0 }.map { .string($0.element) })
        case .text(let s): return .string(s)
        case .date(let d): return .string(d.description)
        case .dateTime(let d): return .string(d.isoDescription)
        case .level(let l): return .string(levels.indices.contains(l) ? levels[l].name : "")
        }
    }
}
