/// How a session's answers look: plain text, or with ANSI colour on a terminal. The session decides what to
/// highlight; the command line decides whether colour is wanted.
struct ReplStyle: Sendable {
    var color: Bool

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    /// A level's name, coloured after the rating it names where the name is a colour (the RAG ratings),
    /// bold otherwise.
    func level(_ name: String) -> String {
        let lower = name.lowercased()
        let code: String
        if lower.hasPrefix("red") {
            code = "1;31"
        } else if lower.contains("amber") || lower.contains("orange") || lower.contains("yellow") {
            code = "1;33"
        } else if lower.contains("green") {
            code = "1;32"
        } else if lower.contains("blue") {
            code = "1;34"
        } else {
            code = "1"
        }
        return paint(name, code)
    }

    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }
    func error(_ s: String) -> String { paint(s, "1;31") }

    /// `error: message` and, when there is one, `  = help: hint` (as diagnostics are written).
    func problem(_ message: String, hint: String? = nil) -> String {
        "\(error("error")): \(message)\n" + (hint.map { "  = help: \($0)\n" } ?? "")
    }

    /// A tri-state word, coloured.
    func tri(_ t: Tri) -> String {
        switch t {
        case .yes: return paint("yes", "32")
        case .no: return paint("no", "31")
        case .unknown: return paint("unknown", "33")
        }
    }
}
