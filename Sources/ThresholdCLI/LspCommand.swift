import Foundation
import ThresholdKit

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// `threshold lsp`: the Language Server Protocol over standard input and output. The library's `LSPServer`
/// does the work; this loop only moves bytes. A thread reads standard input as it arrives, so a
/// `$/cancelRequest` sent while a request waits reaches the server in the same batch.
enum LspCommand {
    static let command = Command(
        name: "lsp", synopsis: "", summary: "the Language Server Protocol on standard input and output, for editors",
        about: """
            Speaks the Language Server Protocol (3.17, JSON-RPC 2.0) over standard input and output, for editors:
            diagnostics as `check --strict` gives them, hover, completion, go to definition, references, rename,
            the outline, folding, semantic highlighting, quick fixes, code lenses and formatting. docs/editing.md
            shows how to set up VS Code and Neovim. Exits 0 after `shutdown` and `exit`, 1 when the input ends
            without them.
            """,
        run: run)

    /// Bytes read from standard input, waiting for the server.
    final class Inbox: @unchecked Sendable {
        private let condition = NSCondition()
        private var bytes: [UInt8] = []
        private var ended = false

        func put(_ chunk: [UInt8]) {
            condition.lock()
            bytes += chunk
            condition.signal()
            condition.unlock()
        }

        func end() {
            condition.lock()
            ended = true
            condition.signal()
            condition.unlock()
        }

        /// Everything read so far, waiting for some; nil once the input has ended and all was taken.
        func take() -> [UInt8]? {
            condition.lock()
            defer { condition.unlock() }
            while bytes.isEmpty, !ended { condition.wait() }
            if bytes.isEmpty { return nil }
            let out = bytes
            bytes = []
            return out
        }
    }

    static func run(_ a: Arguments) -> Console.Exit {
        guard a.positional.isEmpty else {
            return a.usageError("takes no arguments (the editor speaks to it on standard input)")
        }
        signal(SIGPIPE, SIG_IGN)
        let inbox = Inbox()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                inbox.put(Array(buffer[0..<n]))
            }
            inbox.end()
        }
        reader.start()
        let server = LSPServer()
        while let chunk = inbox.take() {
            let reply = server.receive(chunk)
            if !reply.isEmpty {
                reply.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, Console.standardOutput) }
                fflush(Console.standardOutput)
            }
            if let code = server.exitCode { return code == 0 ? .success : .problemFound }
        }
        return .problemFound
    }
}
