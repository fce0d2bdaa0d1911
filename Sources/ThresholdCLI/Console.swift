#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ThresholdKit

/// Standard output and error, written as bytes. The library never prints; only the command line does.
enum Console {
    static func out(_ s: String) {
        var s = s
        s.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, stdout) }
    }

    static func err(_ s: String) {
        fflush(stdout)
        var s = s
        s.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, stderr) }
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
        let renderer = DiagnosticRenderer(sources: sources, color: colorAllowed && (toStdout ? stdoutIsTerminal : stderrIsTerminal))
        let text = renderer.render(ds)
        if toStdout { out(text) } else { err(text) }
    }
}
