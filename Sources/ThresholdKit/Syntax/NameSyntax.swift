/// How the language writes a name, for the stages after the lexer that test a word written elsewhere (the REPL's
/// command line, a scenario id written back as `.scenario` text).
enum NameSyntax {
    /// True when a name is written the way the language writes names: a letter or `_`, then letters,
    /// digits and `_`.
    static func isName(_ s: Substring) -> Bool {
        guard let first = s.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
