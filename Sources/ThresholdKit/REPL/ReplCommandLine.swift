/// Reading the words of a REPL command: plain words, `"quoted strings"` (with the language's escapes
/// `\"`, `\\`, `\n`), fact assignments and lists of assignments.
enum ReplCommandLine {
    struct Word: Equatable {
        var text: String
        var quoted: Bool
    }

    struct Problem: Error { var message: String }

    /// Splits on white space, keeping quoted strings whole.
    static func words(_ line: String) -> Result<[Word], Problem> {
        var out: [Word] = []
        var chars = Array(line)[...]
        while let c = chars.first {
            if c == " " || c == "\t" {
                chars = chars.dropFirst()
                continue
            }
            if c == "\"" {
                chars = chars.dropFirst()
                var text = ""
                var closed = false
                while let d = chars.first {
                    chars = chars.dropFirst()
                    if d == "\"" {
                        closed = true
                        break
                    }
                    if d == "\\", let e = chars.first {
                        chars = chars.dropFirst()
                        text.append(e == "n" ? "\n" : e)
                    } else {
                        text.append(d)
                    }
                }
                guard closed else {
                    return .failure(Problem(message: "a quoted string is not closed (add the closing `\"`)"))
                }
                out.append(Word(text: text, quoted: true))
            } else {
                var text = ""
                while let d = chars.first, d != " ", d != "\t" {
                    text.append(d)
                    chars = chars.dropFirst()
                }
                out.append(Word(text: text, quoted: false))
            }
        }
        return .success(out)
    }

    /// `NAME = …` (or `NAME=…`): a line that sets a fact. Returns the name.
    static func assignedName(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let eq = trimmed.firstIndex(of: "=") else { return nil }
        let name = trimmed[..<eq].trimmingCharacters(in: " \t")
        let after = trimmed[trimmed.index(after: eq)...]
        if after.first == "=" { return nil }
        return NameSyntax.isName(Substring(name)) ? name : nil
    }

    /// Splits `a = 1, b = (x, y) and c = "p and q"` into its assignments: at commas and the word `and`
    /// outside parentheses and quotes.
    static func assignments(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        var escaped = false
        let chars = Array(text)
        var i = 0
        func flush() {
            let t = current.trimmingCharacters(in: " \t")
            if !t.isEmpty { parts.append(t) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            if inString {
                current.append(c)
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
                i += 1
                continue
            }
            switch c {
            case "\"":
                inString = true
                current.append(c)
            case "(":
                depth += 1
                current.append(c)
            case ")":
                depth = max(0, depth - 1)
                current.append(c)
            case "," where depth == 0: flush()
            default:
                if depth == 0, isAndWord(chars, at: i) {
                    flush()
                    i += 3
                    continue
                }
                current.append(c)
            }
            i += 1
        }
        flush()
        return parts
    }

    /// The word `and` standing alone at `i`.
    private static func isAndWord(_ chars: [Character], at i: Int) -> Bool {
        guard i + 3 <= chars.count, String(chars[i..<(i + 3)]) == "and" else { return false }
        let before = i == 0 ? " " : chars[i - 1]
        let after = i + 3 == chars.count ? " " : chars[i + 3]
        return (before == " " || before == "\t") && (after == " " || after == "\t")
    }
}
