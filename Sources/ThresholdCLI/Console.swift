import ThresholdKit

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// Standard output and error, written as bytes. The library never prints; only the command line does.
enum Console {
    /// The C library's standard streams. `stdout` and `stderr` are mutable C globals, which Swift 6 will not read
    /// from a nonisolated context; the `FILE` objects themselves lock internally, and the pointers never change
    /// after start-up, so reading them once here is safe.
    nonisolated(unsafe) static let standardOutput: UnsafeMutablePointer<FILE> = stdout
    nonisolated(unsafe) static let standardError: UnsafeMutablePointer<FILE> = stderr

    static func out(_ s: String) {
        var s = s
        s.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, standardOutput) }
    }

    /// A message for people, with its control characters made visible: a message may quote a file or a line of
    /// input, and an escape sequence in it must not reach the terminal.
    static func err(_ s: String) { errPainted(s.withVisibleControls) }

    /// Text whose escapes are the program's own colours, its other text already made visible
    /// (`DiagnosticRenderer` with colour, the REPL's coloured replies).
    static func errPainted(_ s: String) {
        fflush(standardOutput)
        var s = s
        s.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, standardError) }
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }
    static var stdoutIsTerminal: Bool { isatty(1) != 0 }
    static var colorAllowed: Bool { getenv("NO_COLOR") == nil }

    /// The exit codes of the command-line contract.
    enum Exit: Int32 {
        case success = 0
        case problemFound = 1
        case couldNotRun = 2
    }

    static func diagnostics(_ ds: [Diagnostic], sources: [String: SourceFile], toStdout: Bool = false) {
        let renderer = DiagnosticRenderer(
            sources: sources, color: colorAllowed && (toStdout ? stdoutIsTerminal : stderrIsTerminal))
        let text = renderer.render(ds)
        if toStdout { out(text) } else { errPainted(text) }
    }
}
