/// Optional values: the value when there is one, else `null`.
extension JSONWriter {
    mutating func string(orNull value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(orNull value: Int?) {
        if let value { int(value) } else { null() }
    }

    mutating func number(orNull value: ExactNumber?) {
        if let value { number(value) } else { null() }
    }
}
