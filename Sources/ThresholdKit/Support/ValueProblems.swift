/// The one voice for a written value that the language cannot hold: a number too large or too precise,
/// a date that is not on the calendar, a time that is not on the clock.
///
/// Every route a value comes in by says the same thing for the same text: the lexer (rules files,
/// `.scenario` files, `--set`, the REPL) and the JSON scenario decoder (JSON files, `batch`, `serve`).
/// Each function is called only once a value has failed to read, so it costs nothing on the way in.
enum ValueProblems {
    /// What a number can be, for hints.
    static let numberHint = "numbers have at most 6 decimal places and at most 12 digits before the point"

    /// Why `written`, as a number (an optional `-`, digits, an optional fraction and exponent), is not
    /// a number the language holds exactly.
    static func number(_ written: String) -> String {
        let text = Limits.shown(written)  // quoted cut, as names are: a value may be megabytes long
        guard let shape = NumberShape(written) else { return "`\(text)` is not a number" }
        if shape.wholeDigits > 12 { return "`\(text)` is too large: a number has at most 12 digits before the point" }
        if shape.decimalPlaces > ExactNumber.decimalPlaces {
            return "`\(text)` has more decimal places than the language holds (at most \(ExactNumber.decimalPlaces))"
        }
        if shape.exponent { return "`\(text)` has an exponent: write the number out in digits" }
        return "`\(text)` is too large: a number has at most 12 digits before the point"
    }

    /// Why `text` is not a date (`YYYY-MM-DD`), or nil when it is one.
    static func date(_ text: String) -> String? {
        if CivilDate.parse(text) != nil { return nil }
        return "`\(Limits.shown(text))` is not a date: " + dateReason(Array(text.utf8))
    }

    /// Why `text` is not a date-time (`YYYY-MM-DD HH:MM` or `YYYY-MM-DDTHH:MM`), or nil when it is one.
    /// A date-time is named with a space before its time however it was written (as the lexer reads it).
    static func dateTime(_ text: String) -> String? {
        if CivilDateTime.parse(text) != nil { return nil }
        var b = Array(text.utf8)
        if b.count == 16, b[10] == UInt8(ascii: "T") { b[10] = UInt8(ascii: " ") }
        let text = Limits.shown(String(decoding: b, as: UTF8.self))
        let shape = "write YYYY-MM-DD HH:MM, e.g. 2019-04-12 16:00"
        guard b.count == 16, b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
            let hour = digits(b, 11, 2), let minute = digits(b, 14, 2)
        else {
            return "`\(text)` is not a date-time: \(shape)"
        }
        if CivilDate.parse(bytes: Array(b[0..<10])) == nil {
            return "`\(text)` is not a date-time: " + dateReason(Array(b[0..<10]))
        }
        if hour > 23 { return "`\(text)` is not a date-time: there is no hour \(hour) (hours go from 00 to 23)" }
        if minute > 59 {
            return "`\(text)` is not a date-time: there is no minute \(minute) (minutes go from 00 to 59)"
        }
        return "`\(text)` is not a date-time: \(shape)"
    }

    /// `count` ASCII digits at `at` as a number, or nil.
    private static func digits(_ b: [UInt8], _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var v = 0
        for k in at..<(at + count) {
            guard b[k] >= UInt8(ascii: "0"), b[k] <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + Int(b[k] - UInt8(ascii: "0"))
        }
        return v
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ]

    /// Why ten bytes are not a date: their shape, the month, or the day.
    private static func dateReason(_ b: [UInt8]) -> String {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2)
        else {
            return "write YYYY-MM-DD, e.g. 2019-04-12"
        }
        guard (1...12).contains(month) else { return "there is no month \(month) (months go from 01 to 12)" }
        if day == 0 { return "there is no day 0" }
        return "\(year) has no \(day) \(monthNames[month - 1])"
    }

    /// The parts of a number as written: how many digits before the point and after it it needs.
    private struct NumberShape {
        var wholeDigits = 0
        var decimalPlaces = 0
        var exponent = false

        /// nil when `text` is not written as a number at all.
        init?(_ text: String) {
            var b = Substring(text).utf8[...]
            if b.first == UInt8(ascii: "-") { b = b.dropFirst() }
            func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
            let whole = b.prefix(while: isDigit)
            guard !whole.isEmpty else { return nil }
            b = b.dropFirst(whole.count)
            var fraction = b[b.startIndex..<b.startIndex]
            if b.first == UInt8(ascii: ".") {
                fraction = b.dropFirst().prefix(while: isDigit)
                guard !fraction.isEmpty else { return nil }
                b = b.dropFirst(1 + fraction.count)
            }
            var power = 0
            if b.first == UInt8(ascii: "e") || b.first == UInt8(ascii: "E") {
                exponent = true
                b = b.dropFirst()
                var negative = false
                if b.first == UInt8(ascii: "-") || b.first == UInt8(ascii: "+") {
                    negative = b.first == UInt8(ascii: "-")
                    b = b.dropFirst()
                }
                let digits = b.prefix(while: isDigit)
                guard !digits.isEmpty else { return nil }
                b = b.dropFirst(digits.count)
                for d in digits { power = Swift.min(power * 10 + Int(d - UInt8(ascii: "0")), 1 << 40) }
                if negative { power = -power }
            }
            guard b.isEmpty else { return nil }
            if !exponent {
                // As written: ExactNumber counts every decimal place, trailing zeros too.
                wholeDigits = whole.drop { $0 == UInt8(ascii: "0") }.count
                decimalPlaces = fraction.count
                return
            }
            // digits × 10^power with the point after `point` digits: count from the first and last significant digit.
            let digits = Array(whole) + Array(fraction)
            guard let first = digits.firstIndex(where: { $0 != UInt8(ascii: "0") }),
                let last = digits.lastIndex(where: { $0 != UInt8(ascii: "0") })
            else { return }  // zero
            let point = whole.count + power
            wholeDigits = Swift.max(0, point - first)
            decimalPlaces = Swift.max(0, last + 1 - point)
        }
    }
}
