/// Upper-case hexadecimal digits, padded with zeros: `U+001B` in a message, `%0A` in a URI, `0xA3` for a byte.
enum Hex {
    static func upper(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
