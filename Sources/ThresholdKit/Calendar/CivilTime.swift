/// Calendar dates and date-times in local ("civil") time with no time zone,
/// in the proleptic Gregorian calendar. Arithmetic is pure integer arithmetic
/// (Howard Hinnant's days-from-civil algorithms); Foundation's `Calendar` is
/// never used, so results are the same on every machine.

/// Floor division and modulo (rounding towards negative infinity).
@inline(__always)
private func civilFloorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inline(__always)
private func civilFloorMod(_ a: Int64, _ b: Int64) -> Int64 {
    a - civilFloorDiv(a, b) * b
}

/// Formats `value` with at least `width` digits, zero padded (`-` first if negative).
private func civilPad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let padded = String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    return value < 0 ? "-" + padded : padded
}

/// Reads exactly `count` ASCII digits from `bytes` at `start`, or `nil`.
private func civilDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
    guard start >= 0, start + count <= bytes.count else { return nil }
    var value = 0
    for byte in UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]) {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
}

/// A calendar date (`2019-04-01`), stored as days since 1970-01-01.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (which is day 0); negative before it.
    var daysSinceEpoch: Int32

    /// The years `init(year:month:day:)` and `parse` accept.
    public static let supportedYears: ClosedRange<Int> = 0...9999

    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// A valid date, or `nil` (month 1–12, day within the month, leap years
    /// by the Gregorian rule, year 0–9999).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
            day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.daysSinceEpoch = Int32(CivilDate.daysFromCivil(Int64(year), Int64(month), Int64(day)))
    }

    /// True for Gregorian leap years (divisible by 4, except centuries not divisible by 400).
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in a month (0 for an invalid month).
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days since 1970-01-01 of a (valid) civil date.
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = civilFloorDiv(y, 400)
        let yoe = y - era * 400  // [0, 399]
        let mp = (month + 9) % 12  // March = 0
        let doy = (153 * mp + 2) / 5 + day - 1  // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy  // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    /// Civil (year, month, day) of a day count.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = civilFloorDiv(z, 146_097)
        let doe = z - era * 146_097  // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365  // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)  // [0, 365]
        let mp = (5 * doy + 2) / 153  // [0, 11]
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private var civil: (year: Int64, month: Int64, day: Int64) {
        CivilDate.civilFromDays(Int64(daysSinceEpoch))
    }

    var year: Int { Int(civil.year) }
    var month: Int { Int(civil.month) }
    var day: Int { Int(civil.day) }

    /// ISO weekday: 1 = Monday … 7 = Sunday. (1970-01-01 was a Thursday.)
    var weekday: Int {
        Int(civilFloorMod(Int64(daysSinceEpoch) + 3, 7)) + 1
    }

    /// True on Saturday and Sunday.
    var isWeekend: Bool { weekday >= 6 }

    /// `YYYY-MM-DD`, e.g. `2019-04-01`.
    public var description: String {
        let (y, m, d) = civil
        return "\(civilPad(y, 4))-\(civilPad(m, 2))-\(civilPad(d, 2))"
    }

    /// The date `days` later (earlier if negative), clamped to the representable range.
    public func addingDays(_ days: Int) -> CivilDate {
        let (sum, overflow) = Int64(daysSinceEpoch).addingReportingOverflow(Int64(days))
        if overflow { return CivilDate(daysSinceEpoch: days < 0 ? .min : .max) }
        return CivilDate(daysSinceEpoch: Int32(clamping: sum))
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day),
    /// or returns `nil` if malformed or not a real date.
    static func parse(_ s: Substring) -> CivilDate? {
        parse(bytes: Array(s.utf8))
    }

    static func parse(_ s: String) -> CivilDate? {
        parse(s[...])
    }

    static func parse(bytes: [UInt8]) -> CivilDate? {
        bytes.withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// As `parse(bytes:)`, reading the bytes in place (`threshold batch`: no array made per date).
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = civilDigits(bytes, 0, 4), let month = civilDigits(bytes, 5, 2),
            let day = civilDigits(bytes, 8, 2)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// Whole years from `a` to `b`: an age on date `b` for a date of birth `a`.
    ///
    /// A birthday not yet reached in `b`'s year counts one less; a 29 February
    /// birthday is reached on 1 March in a non-leap year. If `b` is before `a`
    /// the result is `-yearsBetween(b, a)` (negative, truncated towards zero).
    static func yearsBetween(_ a: CivilDate, _ b: CivilDate) -> Int {
        if b < a { return -yearsBetween(b, a) }
        let from = a.civil
        let to = b.civil
        var years = to.year - from.year
        var birthdayMonth = from.month
        var birthdayDay = from.day
        if birthdayMonth == 2 && birthdayDay == 29 && !isLeapYear(Int(to.year)) {
            birthdayMonth = 3
            birthdayDay = 1
        }
        if (to.month, to.day) < (birthdayMonth, birthdayDay) {
            years -= 1
        }
        return Int(years)
    }

    /// Days from `a` to `b` (`b - a`; negative if `b` is earlier).
    static func daysBetween(_ a: CivilDate, _ b: CivilDate) -> Int {
        Int(b.daysSinceEpoch) - Int(a.daysSinceEpoch)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }
}

/// A date and time of day to the minute (`2019-04-01 16:00`), local time, no zone.
public struct CivilDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since 1970-01-01 00:00 (negative before it).
    var minutesSinceEpoch: Int64

    static let minutesPerDay: Int64 = 1440

    /// The earliest and latest values whose `date` is representable.
    static let min = CivilDateTime(minutesSinceEpoch: Int64(Int32.min) * minutesPerDay)
    static let max = CivilDateTime(minutesSinceEpoch: (Int64(Int32.max) + 1) * minutesPerDay - 1)

    init(minutesSinceEpoch: Int64) {
        self.minutesSinceEpoch = minutesSinceEpoch
    }

    /// A date at a time of day, or `nil` unless hour is 0–23 and minute 0–59.
    init?(date: CivilDate, hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.minutesSinceEpoch =
            Int64(date.daysSinceEpoch) * Self.minutesPerDay
            + Int64(hour * 60 + minute)
    }

    /// Midnight at the start of `date`.
    public init(date: CivilDate) {
        self.minutesSinceEpoch = Int64(date.daysSinceEpoch) * Self.minutesPerDay
    }

    /// The calendar date (clamped to the range of `CivilDate`).
    var date: CivilDate {
        CivilDate(daysSinceEpoch: Int32(clamping: civilFloorDiv(minutesSinceEpoch, Self.minutesPerDay)))
    }

    /// Minutes since midnight, 0–1439.
    var minuteOfDay: Int { Int(civilFloorMod(minutesSinceEpoch, Self.minutesPerDay)) }
    var hour: Int { minuteOfDay / 60 }
    var minute: Int { minuteOfDay % 60 }

    /// `2019-04-01 16:00` (the scenario-file form, with a space).
    public var description: String {
        "\(date.description) \(civilPad(Int64(hour), 2)):\(civilPad(Int64(minute), 2))"
    }

    /// `2019-04-01T16:00` (the JSON form, with a `T`).
    var isoDescription: String {
        "\(date.description)T\(civilPad(Int64(hour), 2)):\(civilPad(Int64(minute), 2))"
    }

    /// The time `minutes` later (earlier if negative), saturating at
    /// `CivilDateTime.min` / `.max` instead of overflowing.
    public func addingMinutes<T: BinaryInteger>(_ minutes: T) -> CivilDateTime {
        let delta = Int64(clamping: minutes)
        let (sum, overflow) = minutesSinceEpoch.addingReportingOverflow(delta)
        let raw = overflow ? (delta < 0 ? Int64.min : Int64.max) : sum
        return CivilDateTime(
            minutesSinceEpoch: Swift.min(
                Swift.max(raw, Self.min.minutesSinceEpoch),
                Self.max.minutesSinceEpoch))
    }

    /// Minutes from `a` to `b` (`b - a`).
    static func minutesBetween(_ a: CivilDateTime, _ b: CivilDateTime) -> Int64 {
        b.minutesSinceEpoch &- a.minutesSinceEpoch
    }

    /// Parses `YYYY-MM-DD HH:MM` or `YYYY-MM-DDTHH:MM` (hour 00–23, minute
    /// 00–59, exactly two digits each), or returns `nil`.
    static func parse(_ s: Substring) -> CivilDateTime? {
        parse(bytes: Array(s.utf8))
    }

    static func parse(bytes: [UInt8]) -> CivilDateTime? {
        bytes.withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// As `parse(bytes:)`, reading the bytes in place (`threshold batch`: no array made per date-time).
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> CivilDateTime? {
        guard bytes.count == 16,
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"),
            let date = CivilDate.parse(bytes: UnsafeBufferPointer(rebasing: bytes[0..<10])),
            let hour = civilDigits(bytes, 11, 2), let minute = civilDigits(bytes, 14, 2)
        else { return nil }
        return CivilDateTime(date: date, hour: hour, minute: minute)
    }

    static func parse(_ s: String) -> CivilDateTime? {
        parse(s[...])
    }

    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        lhs.minutesSinceEpoch < rhs.minutesSinceEpoch
    }
}
