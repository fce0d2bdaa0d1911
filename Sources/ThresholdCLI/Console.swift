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

    /// The first error writing standard output (`errno`), 0 while there is none: reported by `finish`.
    nonisolated(unsafe) private static var writeError: Int32 = 0

    static func out(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            if fwrite(buf.baseAddress, 1, buf.count, standardOutput) != buf.count { noteWriteError() }
        }
    }

    /// Keeps the first write error (`errno`, or `EIO` when it says nothing), for `finish` to report.
    static func noteWriteError() {
        if writeError == 0 { writeError = errno != 0 ? errno : EIO }
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

    /// Writes what is left of standard output, and says so when any of it could not be written (a full disk,
    /// a closed descriptor): then the command could not run, whatever it found (exit 2), since its output is
    /// lost. A reader that went away (`EPIPE`, where `SIGPIPE` is ignored) chose to stop reading: not an error.
    static func finish(_ code: Exit) -> Exit {
        if fflush(standardOutput) != 0 { noteWriteError() }
        if writeError == 0 && ferror(standardOutput) != 0 { writeError = EIO }
        guard writeError != 0, writeError != EPIPE else { return code }
        err("threshold: could not write standard output: \(String(cString: strerror(writeError)))\n")
        return .couldNotRun
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
