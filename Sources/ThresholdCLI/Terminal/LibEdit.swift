#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The readline-compatible API of libedit, loaded at run time with `dlopen` so that the executable has no
/// link-time dependency: where the library is absent, the REPL reads plain lines instead.
struct LibEdit {
    typealias ReadLine = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    typealias TakesPath = @convention(c) (UnsafePointer<CChar>?) -> Int32
    typealias NoArguments = @convention(c) () -> Void
    typealias TakesInt = @convention(c) (Int32) -> Void
    typealias Generator = @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>?
    typealias Matches = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    typealias CompletionMatches = @convention(c) (UnsafePointer<CChar>?, Generator?) -> Matches?
    typealias AttemptedCompletion = @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> Matches?
    typealias GetC = @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32

    let readline: ReadLine
    let addHistory: TakesPath?
    let readHistory: TakesPath?
    let writeHistory: TakesPath?
    let usingHistory: NoArguments?
    let stifleHistory: TakesInt?
    let completionMatches: CompletionMatches?
    /// Addresses of the library's variables (nil where the symbol is missing).
    let attemptedCompletionFunction: UnsafeMutablePointer<AttemptedCompletion?>?
    let attemptedCompletionOver: UnsafeMutablePointer<Int32>?
    let lineBuffer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    let basicWordBreakCharacters: UnsafeMutablePointer<UnsafePointer<CChar>?>?
    let completerWordBreakCharacters: UnsafeMutablePointer<UnsafePointer<CChar>?>?
    let catchSignals: UnsafeMutablePointer<Int32>?
    let getcFunction: UnsafeMutablePointer<GetC?>?
    let readlineName: UnsafeMutablePointer<UnsafePointer<CChar>?>?

    /// Loads libedit; nil when it (or its `readline`) is not there.
    static func load() -> LibEdit? {
        var handle: UnsafeMutableRawPointer?
        for name in ["libedit.so.2", "libedit.so", "libedit.3.dylib", "libedit.dylib"] {
            handle = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if handle != nil { break }
        }
        guard let handle, let readline = dlsym(handle, "readline") else { return nil }
        func function<T>(_ name: String, _ type: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: type) }
        }
        func variable<T>(_ name: String, _ type: T.Type) -> UnsafeMutablePointer<T>? {
            dlsym(handle, name)?.assumingMemoryBound(to: type)
        }
        return LibEdit(
            readline: unsafeBitCast(readline, to: ReadLine.self),
            addHistory: function("add_history", TakesPath.self),
            readHistory: function("read_history", TakesPath.self),
            writeHistory: function("write_history", TakesPath.self),
            usingHistory: function("using_history", NoArguments.self),
            stifleHistory: function("stifle_history", TakesInt.self),
            completionMatches: function("rl_completion_matches", CompletionMatches.self),
            attemptedCompletionFunction: variable("rl_attempted_completion_function", AttemptedCompletion?.self),
            attemptedCompletionOver: variable("rl_attempted_completion_over", Int32.self),
            lineBuffer: variable("rl_line_buffer", UnsafeMutablePointer<CChar>?.self),
            basicWordBreakCharacters: variable("rl_basic_word_break_characters", UnsafePointer<CChar>?.self),
            completerWordBreakCharacters: variable("rl_completer_word_break_characters", UnsafePointer<CChar>?.self),
            catchSignals: variable("rl_catch_signals", Int32.self),
            getcFunction: variable("rl_getc_function", GetC?.self),
            readlineName: variable("rl_readline_name", UnsafePointer<CChar>?.self))
    }
}
