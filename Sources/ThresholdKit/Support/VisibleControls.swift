extension String {
    /// The text with its control characters made visible, one character for one (so columns stay where they
    /// were): C0 controls other than line feed and tab as their control pictures (`␛` for escape, `␀` for
    /// NUL), DEL as `␡`, C1 controls as `�`. Text from a file or a request goes to a terminal this way: an
    /// escape sequence in a rules file would otherwise clear the screen or retitle the window of whoever runs
    /// `threshold check` on it.
    public var withVisibleControls: String {
        guard utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 }) else {
            return self
        }
        var out = String.UnicodeScalarView()
        for u in unicodeScalars {
            switch u.value {
            case 0x0A, 0x09: out.append(u)
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + u.value) ?? "\u{FFFD}")
            case 0x7F: out.append("\u{2421}")
            case 0x80..<0xA0: out.append("\u{FFFD}")
            default: out.append(u)
            }
        }
        return String(out)
    }
}
