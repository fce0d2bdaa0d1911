/// Turns a written value (scenario `given`, fact `default`, `--set`, the REPL, JSON) into a fact's value.
public enum ValueConverter {
    /// Why a written value is not a value of its fact.
    public struct Failure: Error, Sendable {
        public var message: String
        public var hint: String?
        /// Whether an example value of the fact's type would help (not for a value past the line limit).
        public var exampleHelps = true
    }

    /// nil in the success case means `unknown`.
    static func convert(_ v: ValueSyntax, to type: FactType, levels: [String]) -> Result<FactValue?, Failure> {
        switch v.kind {
        case .unknown: return .success(nil)
        case .bool(let b):
            if case .yesNo = type { return .success(.bool(b)) }
        case .number(let n):
            return number(n, type)
        case .word(let w):
            switch type {
            case .oneOf(let values):
                if let i = values.firstIndex(of: w) { return .success(.option(i)) }
                return .failure(notAValue(w, values))
            case .someOf(let values):
                if let i = values.firstIndex(of: w) { return .success(.options(1 << UInt64(i))) }
                return .failure(notAValue(w, values))
            case .level:
                if let i = levels.firstIndex(of: w) { return .success(.level(i)) }
                return .failure(
                    Failure(
                        message: "`\(Limits.shown(w))` is not a level",
                        hint: Suggestions.nearest(to: w, in: levels).map { "did you mean `\($0)`?" }
                            ?? "the levels are: \(levels.joined(separator: ", "))"))
            default: break
            }
        case .set(let names):
            if case .someOf(let values) = type {
                var mask: UInt64 = 0
                for n in names {
                    guard let i = values.firstIndex(of: n.text) else { return .failure(notAValue(n.text, values)) }
                    mask |= 1 << UInt64(i)
                }
                return .success(.options(mask))
            }
        case .string(let s):
            if case .text = type { return .success(.text(s)) }
        case .date(let d):
            if case .date = type { return .success(.date(d)) }
            if case .dateTime = type {
                return .failure(
                    Failure(message: "expected a date-time, found the date \(d)", hint: "add the time: `\(d) 09:00`"))
            }
        case .dateTime(let d):
            if case .dateTime = type { return .success(.dateTime(d)) }
        }
        return .failure(Failure(message: "expected \(type.phrase), found \(describe(v.kind))", hint: example(type)))
    }

    static func number(_ n: ExactNumber, _ type: FactType) -> Result<FactValue?, Failure> {
        switch type {
        case .number(let lo, let hi):
            if let lo, n < lo {
                return .failure(Failure(message: "\(n) is below the lowest value, \(lo)", hint: "give \(type.phrase)"))
            }
            if let hi, n > hi {
                return .failure(Failure(message: "\(n) is above the highest value, \(hi)", hint: "give \(type.phrase)"))
            }
            return .success(.number(n))
        case .count(let hi):
            guard n.isWhole, n >= .zero else {
                return .failure(
                    Failure(message: "\(n) is not a whole number of 0 or more", hint: "a count is 0, 1, 2, …"))
            }
            if let hi, n > hi {
                return .failure(Failure(message: "\(n) is above the highest count, \(hi)", hint: "give \(type.phrase)"))
            }
            return .success(.number(n))
        default:
            return .failure(Failure(message: "expected \(type.phrase), found the number \(n)", hint: example(type)))
        }
    }

    /// A word, or several (`British Transport Police`), that is none of the values: the values nearest in
    /// spelling or sharing its words are suggested.
    static func notAValue(_ w: String, _ values: [String]) -> Failure {
        Failure(
            message: "`\(Limits.shown(w))` is not one of the values (\(values.joined(separator: ", ")))",
            hint: Suggestions.didYouMean(Suggestions.related(to: w, in: values.map { ($0, "") })))
    }

    static func describe(_ k: ValueSyntax.Kind) -> String {
        switch k {
        case .number(let n): return "the number \(n)"
        case .bool(let b): return b ? "`yes`" : "`no`"
        case .unknown: return "`unknown`"
        case .word(let w): return "`\(w)`"
        case .set: return "a set of values"
        case .string: return "a string"
        case .date(let d): return "the date \(d)"
        case .dateTime(let d): return "the date-time \(d)"
        }
    }

    /// An example value of the type, for hints.
    static func example(_ type: FactType) -> String {
        switch type {
        case .yesNo: return "write `yes`, `no` or `unknown`"
        case .number(let lo, _): return "write a number, e.g. `\(lo ?? ExactNumber(12))`"
        case .count: return "write a whole number, e.g. `2`"
        case .oneOf(let v): return "write one of: \(v.joined(separator: ", "))"
        case .someOf(let v): return "write a set in parentheses, e.g. `(\(v.prefix(2).joined(separator: ", ")))`"
        case .text: return "write text in double quotes"
        case .date: return "write a date, e.g. `2019-04-12`"
        case .dateTime: return "write a date-time, e.g. `2019-04-12 16:00`"
        case .level: return "write a level's name"
        }
    }

    /// A fact value written back in the language's own syntax (for `save`, `facts`, explanations).
    static func format(_ v: FactValue?, _ type: FactType, levels: [String]) -> String {
        guard let v else { return "unknown" }
        switch v {
        case .bool(let b): return b ? "yes" : "no"
        case .number(let n): return n.description
        case .option(let i): return type.options.indices.contains(i) ? type.options[i] : "?"
        case .options(let mask):
            let names = type.options.enumerated().filter { mask & (1 << UInt64($0.offset)) != 0 }.map(\.element)
            return "(" + names.joined(separator: ", ") + ")"
        case .text(let s): return quote(s)
        case .date(let d): return d.description
        case .dateTime(let d): return d.description
        case .level(let i): return levels.indices.contains(i) ? levels[i] : "?"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
