#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What reading one line gave.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line typed so far is dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case end
    /// A line longer than `limit` bytes: dropped, up to and with its line feed, unread.
    case tooLong(limit: Int)
}

/// Reads the session's input one line at a time, showing a prompt where there is a terminal.
protocol LineEditor: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// Remembers a command for the up arrow (and the history file), where there is history.
    func remember(_ line: String)
    /// Called once at the end of the session.
    func close()
}

extension LineEditor {
    func remember(_ line: String) {}
    func close() {}
}

/// Chooses how to read: libedit on a terminal when it can be loaded, plain lines otherwise.
enum LineEditors {
    static func make(terminal: Bool, completion: @escaping (String) -> Completion) -> LineEditor {
        guard terminal else { return PlainLineEditor(showPrompt: false) }
        Interrupts.install()
        // THRESHOLD_NO_LIBEDIT=1 tries the plain reader a terminal gets where libedit is not installed.
        if getenv("THRESHOLD_NO_LIBEDIT") == nil,
            let edit = LibEditLineEditor(history: HistoryFile.path(), completion: completion)
        {
            return edit
        }
        return PlainLineEditor(showPrompt: true)
    }

    /// What tab completion offers for a line typed so far.
    enum Completion {
        /// These words (each a full replacement of the word being typed).
        case words([String])
        /// File names: let the line editor complete them.
        case fileNames
    }
}

/// SIGINT (Ctrl-C) on a terminal: noted, so a blocked read returns and the line being typed is dropped,
/// instead of ending the session.
enum Interrupts {
    nonisolated(unsafe) static var pending: sig_atomic_t = 0

    static func install() {
        var action = sigaction()
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in Interrupts.pending = 1 }
        #else
            action.__sigaction_u.__sa_handler = { _ in Interrupts.pending = 1 }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: a blocked read returns EINTR
        sigaction(SIGINT, &action, nil)
    }

    /// True (once) when Ctrl-C was pressed since the last call.
    static func take() -> Bool {
        if pending == 0 { return false }
        pending = 0
        return true
    }
}

/// Lines from standard input, read with `read(2)` so that Ctrl-C (EINTR) can be told from the end of input.
/// Shows the prompt only on a terminal.
final class PlainLineEditor: LineEditor {
    /// The longest line read, in bytes (a command, or a value of at most 64 KiB with its fact's name); a longer
    /// one is dropped as it arrives, so piped input of any size costs a buffer of about this much.
    static let lineLimit = 256 * 1024

    private let showPrompt: Bool
    private var buffer: [UInt8] = []
    /// How much of `buffer` is known to hold no line feed: each read searches only what it added.
    private var scanned = 0
    /// Dropping the rest of a line longer than `lineLimit`.
    private var skipping = false
    private var atEnd = false

    init(showPrompt: Bool) { self.showPrompt = showPrompt }

    func readLine(prompt: String) -> LineInput {
        if showPrompt {
            Console.out(prompt)
            fflush(Console.standardOutput)
        }
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                scanned = 0
                if skipping || newline > Self.lineLimit {
                    buffer.removeFirst(newline + 1)
                    skipping = false
                    return .tooLong(limit: Self.lineLimit)
                }
                var bytes = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                return .line(String(decoding: bytes, as: UTF8.self))
            }
            if buffer.count > Self.lineLimit {
                skipping = true
                buffer.removeAll(keepingCapacity: true)
            }
            scanned = buffer.count
            if atEnd {
                if skipping {
                    skipping = false
                    return .tooLong(limit: Self.lineLimit)
                }
                guard !buffer.isEmpty else { return .end }
                let rest = buffer
                buffer = []
                scanned = 0
                return .line(String(decoding: rest, as: UTF8.self))
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer += chunk[..<n]
            } else if n == 0 {
                atEnd = true
            } else if errno == EINTR {
                if Interrupts.take() {
                    buffer = []
                    scanned = 0
                    skipping = false
                    if showPrompt { Console.out("\n") }
                    return .interrupted
                }
            } else {
                atEnd = true
            }
        }
    }
}
