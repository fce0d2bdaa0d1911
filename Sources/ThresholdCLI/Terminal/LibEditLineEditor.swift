#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Line editing on a terminal through libedit: arrows and editing keys, history kept in a file, tab
/// completion from the session, Ctrl-C dropping the line being typed, Ctrl-D ending the session.
final class LibEditLineEditor: LineEditor {
    private let edit: LibEdit
    private let historyPath: String?
    private var lastRemembered: String?

    /// The state the C callbacks reach (they cannot capture context). One editor per process.
    nonisolated(unsafe) static var completion: ((String) -> LineEditors.Completion)?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var nextMatch = 0
    nonisolated(unsafe) static var library: LibEdit?
    /// Ctrl-C was pressed while a line was being typed: the line readline returns is to be dropped.
    nonisolated(unsafe) static var dropLine = false
    /// The word-break characters, kept alive for the library.
    /// Written once at start-up and only read by libedit afterwards.
    nonisolated(unsafe) static let breaks: UnsafeMutablePointer<CChar>? = strdup(" \t\n\"=(),")

    init?(history: String?, completion: @escaping (String) -> LineEditors.Completion) {
        guard let edit = LibEdit.load() else { return nil }
        self.edit = edit
        self.historyPath = history
        Self.completion = completion
        Self.library = edit
        // Before the library initializes itself (on the first history or readline call).
        edit.readlineName?.pointee = UnsafePointer(strdup("threshold"))
        edit.catchSignals?.pointee = 0
        edit.getcFunction?.pointee = LibEditLineEditor.getc
        edit.attemptedCompletionFunction?.pointee = LibEditLineEditor.attemptCompletion
        edit.basicWordBreakCharacters?.pointee = UnsafePointer(Self.breaks)
        edit.completerWordBreakCharacters?.pointee = UnsafePointer(Self.breaks)
        edit.usingHistory?()
        edit.stifleHistory?(1000)
        if let history { _ = edit.readHistory?(history) }
    }

    func readLine(prompt: String) -> LineInput {
        Self.dropLine = false
        _ = Interrupts.take()
        guard let raw = edit.readline(prompt) else { return .end }
        let line = String(cString: raw)
        free(raw)
        if Self.dropLine { return .interrupted }
        return .line(line)
    }

    func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: [" ", "\t"])
        guard !trimmed.isEmpty, trimmed != lastRemembered else { return }
        lastRemembered = trimmed
        _ = edit.addHistory?(trimmed)
        if let historyPath { _ = edit.writeHistory?(historyPath) }
    }

    func close() {
        if let historyPath { _ = edit.writeHistory?(historyPath) }
    }

    /// Reads one character for libedit: UTF-8 decoded to a code point. Ctrl-C (a read interrupted by SIGINT)
    /// shows `^C` and ends the line, which `readLine` then drops.
    static let getc: LibEdit.GetC = { _ in
        var bytes: [UInt8] = []
        var needed = 1
        while bytes.count < needed {
            var byte: UInt8 = 0
            let n = read(0, &byte, 1)
            if n == 1 {
                if bytes.isEmpty {
                    needed = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                } else if byte & 0xC0 != 0x80 {
                    return 0xFFFD
                }
                bytes.append(byte)
            } else if n < 0 && errno == EINTR {
                if Interrupts.take() {
                    LibEditLineEditor.dropLine = true
                    _ = write(1, "^C", 2)
                    return 10  // newline: readline returns, and the line is dropped
                }
            } else {
                return -1
            }
        }
        let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD
        return Int32(bitPattern: scalar)
    }

    /// Tab: the session's candidates for the word before the cursor, or libedit's own file-name completion.
    static let attemptCompletion: LibEdit.AttemptedCompletion = { text, start, end in
        guard let edit = LibEditLineEditor.library, let completion = LibEditLineEditor.completion else { return nil }
        let word = text.map { String(cString: $0) } ?? ""
        var line = word
        if let buffer = edit.lineBuffer?.pointee {
            let whole = Array(String(cString: buffer))
            let cut = max(0, min(Int(end), whole.count))
            line = String(whole[..<cut])
        }
        switch completion(line) {
        case .fileNames:
            edit.attemptedCompletionOver?.pointee = 0
            return nil
        case .words(let words):
            edit.attemptedCompletionOver?.pointee = 1
            LibEditLineEditor.matches = words
            LibEditLineEditor.nextMatch = 0
            guard !words.isEmpty, let matches = edit.completionMatches else { return nil }
            return matches(text, LibEditLineEditor.generate)
        }
    }

    /// readline's generator protocol: called with state 0, then again, until it returns NULL.
    static let generate: LibEdit.Generator = { _, state in
        if state == 0 { LibEditLineEditor.nextMatch = 0 }
        guard LibEditLineEditor.nextMatch < LibEditLineEditor.matches.count else { return nil }
        let word = LibEditLineEditor.matches[LibEditLineEditor.nextMatch]
        LibEditLineEditor.nextMatch += 1
        return strdup(word)
    }
}

extension String {
    /// The string without leading and trailing characters in `set`.
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
