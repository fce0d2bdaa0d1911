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
