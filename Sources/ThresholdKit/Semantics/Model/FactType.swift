/// A fact's checked type.
public enum FactType: Hashable, Sendable {
    case yesNo
    case number(min: ExactNumber?, max: ExactNumber?)
    case count(max: ExactNumber?)
    case oneOf([String])
    case someOf([String])
    case text, date, dateTime, level

    /// How the type reads in a message: "a number", "one of police, health, …".
    var phrase: String {
        switch self {
        case .yesNo: return "yes/no"
        case .number(let lo?, let hi?): return "a number from \(lo) to \(hi)"
        case .number: return "a number"
        case .count(let hi?): return "a whole number from 0 to \(hi)"
        case .count: return "a whole number of 0 or more"
        case .oneOf(let vs): return "one of \(vs.joined(separator: ", "))"
        case .someOf(let vs): return "some of \(vs.joined(separator: ", "))"
        case .text: return "text"
        case .date: return "a date (YYYY-MM-DD)"
        case .dateTime: return "a date-time (YYYY-MM-DD HH:MM)"
        case .level: return "a level"
        }
    }

    /// The enum values of a `one of` or `some of` fact.
    var options: [String] {
        switch self {
        case .oneOf(let v), .someOf(let v): return v
        default: return []
        }
    }

    /// The smallest and largest values a numeric fact can hold (nil where unbounded).
    var numericBounds: (min: ExactNumber?, max: ExactNumber?)? {
        switch self {
        case .number(let lo, let hi): return (lo, hi)
        case .count(let hi): return (.zero, hi)
        default: return nil
        }
    }

    var isNumeric: Bool { numericBounds != nil }

    /// Whether a value of this type holds a reference (`FactValue.text`'s string). A fact vector whose facts'
    /// values hold none may be copied and overwritten as bytes (`BatchFactReader.plainValues`). Every case is
    /// named, so a new type must say.
    var valuesHoldReferences: Bool {
        switch self {
        case .text: return true
        case .yesNo, .number, .count, .oneOf, .someOf, .date, .dateTime, .level: return false
        }
    }
}
