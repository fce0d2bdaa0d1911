/// An exact decimal number, stored as fixed point with six decimal places.
///
/// The value is `units / 1_000_000`, so `2.5` is stored as `2_500_000` units.
/// Arithmetic never goes through binary floating point: `0.1 + 0.2` is exactly
/// `0.3`. Every operation that could overflow returns `nil` instead of trapping.
/// The representable range is about ±9_223_372_036_854.775807.
public struct ExactNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value in millionths.
    var units: Int64

    /// Units per whole number: six decimal places.
    static let scale: Int64 = 1_000_000

    /// The number of decimal places kept.
    static let decimalPlaces = 6

    static let zero = ExactNumber(units: 0)
    static let one = ExactNumber(units: scale)

    /// The largest and smallest representable values.
    static let max = ExactNumber(units: .max)
    static let min = ExactNumber(units: .min)

    /// A number from its raw fixed-point units (millionths).
    init(units: Int64) {
        self.units = units
    }

    /// A whole number. Values beyond the representable range (about ±9.2e12)
    /// saturate to `ExactNumber.max` / `ExactNumber.min`; use `init?(exactly:)`
    /// to detect that instead.
    public init(_ int: Int) {
        self = ExactNumber(exactly: int) ?? (int < 0 ? .min : .max)
    }

    /// A whole number, or `nil` if it is outside the representable range.
    init?(exactly int: Int) {
        let (product, overflow) = Int64(int).multipliedReportingOverflow(by: Self.scale)
        if overflow { return nil }
        self.units = product
    }

    // MARK: Parsing

    /// Parses a decimal literal: an optional `-`, one or more digits, and
    /// optionally `.` followed by one to six digits (`12`, `-3`, `2.5`,
    /// `0.000001`).
    ///
    /// Returns `nil` for malformed text (empty, `+1`, `1.`, `.5`, `1e3`,
    /// spaces), for more than six decimal places (even trailing zeros), and
    /// for values outside the representable range.
    static func parse(_ text: Substring) -> ExactNumber? {
        var bytes = text.utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var magnitude: UInt64 = 0
        var integerDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if seenPoint || integerDigits == 0 { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if seenPoint {
                fractionDigits += 1
                if fractionDigits > decimalPlaces { return nil }
            } else {
                integerDigits += 1
            }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            magnitude = sum
        }
        if integerDigits == 0 || (seenPoint && fractionDigits == 0) { return nil }
        // Scale up to millionths.
        for _ in fractionDigits..<decimalPlaces {
            let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            magnitude = times10
        }
        return fromMagnitude(magnitude, negative: negative)
    }

    /// Parses a `String`; see `parse(_: Substring)`.
    static func parse(_ text: String) -> ExactNumber? {
        parse(text[...])
    }

    private static func fromMagnitude(_ magnitude: UInt64, negative: Bool) -> ExactNumber? {
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return ExactNumber(units: .min) }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            return ExactNumber(units: -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return ExactNumber(units: Int64(magnitude))
    }

    // MARK: Arithmetic

    /// `self + other`, or `nil` on overflow.
    func adding(_ other: ExactNumber) -> ExactNumber? {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        return overflow ? nil : ExactNumber(units: sum)
    }

    /// `self - other`, or `nil` on overflow.
    func subtracting(_ other: ExactNumber) -> ExactNumber? {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        return overflow ? nil : ExactNumber(units: difference)
    }

    /// `self × other`, rounded half-to-even to six places, or `nil` on overflow.
    func multiplied(by other: ExactNumber) -> ExactNumber? {
        let product = Int128(units) * Int128(other.units)
        return Self.fromWide(Self.divideRoundingHalfEven(product, Int128(Self.scale)))
    }

    /// `self ÷ other`, rounded half-to-even to six places, or `nil` on
    /// overflow or division by zero.
    func divided(by other: ExactNumber) -> ExactNumber? {
        if other.units == 0 { return nil }
        let numerator = Int128(units) * Int128(Self.scale)
        return Self.fromWide(Self.divideRoundingHalfEven(numerator, Int128(other.units)))
    }

    /// `-self`, or `nil` for `ExactNumber.min` (whose negation overflows).
    func negated() -> ExactNumber? {
        units == .min ? nil : ExactNumber(units: -units)
    }

    /// `n / d` rounded to the nearest integer, ties to even. `d` must not be 0.
    static func divideRoundingHalfEven(_ n: Int128, _ d: Int128) -> Int128 {
        let quotient = n / d
        let remainder = n % d  // same sign as n
        if remainder == 0 { return quotient }
        let twiceRemainder = remainder.magnitude * 2
        let divisor = d.magnitude
        let awayFromZero: Int128 = (n < 0) != (d < 0) ? -1 : 1
        if twiceRemainder > divisor || (twiceRemainder == divisor && quotient % 2 != 0) {
            return quotient + awayFromZero
        }
        return quotient
    }

    private static func fromWide(_ value: Int128) -> ExactNumber? {
        guard value >= Int128(Int64.min), value <= Int128(Int64.max) else { return nil }
        return ExactNumber(units: Int64(value))
    }

    // MARK: Inspection

    /// True when the value has no fractional part.
    var isWhole: Bool { units % Self.scale == 0 }

    /// True when the value is below zero.
    var isNegative: Bool { units < 0 }

    /// The value as an `Int` when it is whole, else `nil`.
    public var intValue: Int? {
        isWhole ? Int(units / Self.scale) : nil
    }

    /// The nearest `Double` (for display or statistics only, never for logic).
    var doubleValue: Double { Double(units) / Double(Self.scale) }

    /// Canonical shortest text: `3`, `-2.5`, `0.3`, `0.000001`; no trailing
    /// zeros, no exponent, `0` for zero. `parse(description)` gives back `self`.
    public var description: String {
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.scale)
        var fraction = magnitude % UInt64(Self.scale)
        var text = units < 0 ? "-" : ""
        text += String(whole)
        if fraction != 0 {
            var places = Self.decimalPlaces
            while fraction % 10 == 0 {
                fraction /= 10
                places -= 1
            }
            let digits = String(fraction)
            text += "."
            text += String(repeating: "0", count: places - digits.count)
            text += digits
        }
        return text
    }

    public static func < (lhs: ExactNumber, rhs: ExactNumber) -> Bool {
        lhs.units < rhs.units
    }
}
