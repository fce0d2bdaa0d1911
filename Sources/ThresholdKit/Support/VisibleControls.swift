extension String {
    /// The text with its control characters made visible, one character for one (so columns stay where they
    /// were): C0 controls other than line feed and tab as their control pictures (`␛` for escape, `␀` for
    /// NUL), DEL as `␡`, C1 controls as `�`. Text from a file or a request goes to a terminal this way: an
    /// escape sequence in a rules file would otherwise clear the screen or retitle the window of whoever runs
    /// `threshold check` on it.
    public var withVisibleControls: String { visibleControls(keepingColours: false) }

    /// `withVisibleControls`, except the colour escapes (`ESC [ digits and semicolons m`, "select graphic
    /// rendition") that a coloured answer is painted with (`ReplStyle`): every other escape, and every other
    /// control, is made visible. Text quoted in a coloured answer can at most change a colour, never move the
    /// cursor, clear the screen or retitle the window.
    public var withVisibleControlsKeepingColours: String { visibleControls(keepingColours: true) }

    private func visibleControls(keepingColours: Bool) -> String {
        guard utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 }) else {
            return self
        }
        let scalars = Array(unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if keepingColours, scalars[i] == "\u{1B}", let end = Self.colourEscapeEnd(scalars, from: i) {
                out.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            out.append(Self.visible(scalars[i]))
            i += 1
        }
        return String(out)
    }

    /// One scalar as `withVisibleControls` shows it.
    private static func visible(_ u: Unicode.Scalar) -> Unicode.Scalar {
        switch u.value {
        case 0x0A, 0x09: return u
        case 0x00..<0x20: return Unicode.Scalar(0x2400 + u.value) ?? "\u{FFFD}"
        case 0x7F: return "\u{2421}"
        case 0x80..<0xA0: return "\u{FFFD}"
        default: return u
        }
    }

    /// The index of the `m` that ends a colour escape starting at `start` (an escape), or nil.
    private static func colourEscapeEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < s.count, s[start + 1] == "[" else { return nil }
        var j = start + 2
        while j < s.count, j - start < 16 {
            let v = s[j].value
            if v == 0x6D { return j }  // m
            guard (0x30...0x39).contains(v) || v == 0x3B else { return nil }
            j += 1
        }
        return nil
    }
}
