/// Text for a terminal of a given width: each line longer than the width is broken at spaces, and its
/// continuation lines are indented to where the text of its item starts (a hanging indent), so a wrapped
/// item still reads as one:
/// ```
///   exploitation_risk: Are there signs that the child is at risk of sexual or criminal
///                      exploitation (CSE or CCE, including county lines)?
/// ```
/// Where an item's text starts: after the line's leading spaces; after a bullet (`- `, `* `, `• `, `= `);
/// then after a short label ending in `: ` (`because: `, `error: `, `now:     `), or else after a gap of two
/// or more spaces between columns (the `help` table). With none of these, continuation lines are indented
/// two spaces past the line's own indent. A hanging indent of more than half the width is not used (the
/// continuation goes two spaces past the indent instead), and a word longer than a line is never cut.
///
/// Lines that fit are left exactly as they are; terminal colour sequences (`ESC [ … m`) take no width.
/// A pure function: the command line measures the terminal and calls it only when output is a terminal.
///
/// ```swift
/// print(TextWrapper.wrap("because: a long reason …", width: 80), terminator: "")
/// ```
public enum TextWrapper {
    /// `text` with every line wider than `width` columns broken at spaces, with a hanging indent. Widths
    /// under 20 leave the text as it is.
    public static func wrap(_ text: String, width: Int) -> String {
        guard width >= 20 else { return text }
        var out = ""
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { out += "\n" }
            first = false
            out += wrapLine(Array(line), width: width)
        }
        return out
    }

    /// One line (no newline in it), wrapped.
    static func wrapLine(_ line: [Character], width: Int) -> String {
        guard visibleWidth(line[...]) > width else { return String(line) }
        let indent = line.prefix { $0 == " " }.count
        let start = itemStart(line, indent: indent)
        // `start` counts characters (colour sequences too); the hanging indent is in columns.
        var hang = start.map { visibleWidth(line[..<$0]) } ?? indent + 2
        if hang > width / 2 { hang = min(indent + 2, width / 2) }
        // The first line keeps its beginning as written up to where the text starts; the rest is words.
        let textStart = start ?? indent
        var current = String(line[..<textStart])
        var currentWidth = visibleWidth(line[..<textStart])
        var empty = true
        var lines: [String] = []
        for word in words(line[textStart...]) {
            let w = visibleWidth(word)
            if !empty && currentWidth + 1 + w > width {
                lines.append(current)
                current = String(repeating: " ", count: hang)
                currentWidth = hang
                empty = true
            }
            if !empty {
                current += " "
                currentWidth += 1
            }
            current += String(word)
            currentWidth += w
            empty = false
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// The words of `text`, split at spaces, with `=` kept between its neighbours (`concerns = unknown` is
    /// not broken).
    static func words(_ text: ArraySlice<Character>) -> [String] {
        var out: [String] = []
        var glue = false
        for piece in text.split(separator: " ", omittingEmptySubsequences: true) {
            let word = String(piece)
            if word == "=", !out.isEmpty {
                out[out.count - 1] += " ="
                glue = true
            } else if glue, !out.isEmpty {
                out[out.count - 1] += " " + word
                glue = false
            } else {
                out.append(word)
            }
        }
        return out
    }

    /// The character where the item's text starts after a bullet, a label or a gap (see the type's comment);
    /// nil when there is none.
    static func itemStart(_ line: [Character], indent: Int) -> Int? {
        // Colour sequences are looked through: the line as shown, with each shown character's index.
        var shown: [Int] = []
        var inEscape = false
        for (k, c) in line.enumerated() {
            if inEscape {
                if c == "m" { inEscape = false }
            } else if c == "\u{1B}" {
                inEscape = true
            } else {
                shown.append(k)
            }
        }
        let visible = shown.map { line[$0] }
        return start(visible, indent: indent).map { $0 < shown.count ? shown[$0] : line.count }
    }

    /// As `itemStart`, on a line without colour sequences.
    static func start(_ line: [Character], indent: Int) -> Int? {
        var i = indent
        if i + 1 < line.count, ["-", "*", "•", "="].contains(line[i]), line[i + 1] == " " { i += 2 }
        let bulleted = i
        // A label: at most four words and 40 characters, no quotes or brackets, then `: ` and more text.
        var j = i
        var words = 1
        while j < line.count, j - i <= 40 {
            let c = line[j]
            if c == ":" {
                guard j > i, j + 1 < line.count, line[j + 1] == " " else { break }
                var k = j + 1
                while k < line.count, line[k] == " " { k += 1 }
                if k < line.count { return k }
                break
            }
            if c == " " {
                words += 1
                if words > 4 || (j + 1 < line.count && line[j + 1] == " ") { break }
            } else if c == "`" || c == "(" || c == "\"" || c == "[" {
                break
            }
            j += 1
        }
        // A gap of two or more spaces between columns.
        var k = bulleted
        while k + 1 < line.count {
            if line[k] == " ", line[k + 1] == " ", k > bulleted {
                var end = k
                while end < line.count, line[end] == " " { end += 1 }
                if end < line.count { return end }
                break
            }
            k += 1
        }
        return bulleted > indent ? bulleted : nil
    }

    /// Columns taken on a terminal: one per character, none for a colour sequence `ESC [ … m`.
    static func visibleWidth<C: Collection>(_ s: C) -> Int where C.Element == Character {
        var n = 0
        var inEscape = false
        for c in s {
            if inEscape {
                if c == "m" { inEscape = false }
            } else if c == "\u{1B}" {
                inEscape = true
            } else {
                n += 1
            }
        }
        return n
    }
}
