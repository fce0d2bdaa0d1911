#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many columns the terminal on standard output has, for wrapping the REPL's answers: nil when standard
/// output is not a terminal (piped output is never wrapped). Asked again for each answer, so a resized
/// window wraps at its new width.
enum TerminalWidth {
    static func current() -> Int? {
        guard isatty(1) != 0 else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
        return nil
    }
}
