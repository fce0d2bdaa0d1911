import ThresholdKit

/// The command line as the system gave it, before Swift turns it into strings. An argument that is not UTF-8
/// (a file name saved by a system using another encoding, a value pasted from one) becomes a string with `�`
/// in place of its bad bytes: a file of that name is then "missing", and a value is quietly another value.
/// Such an argument is refused before any command runs, naming it.
enum RawArguments {
    /// The first argument after the command's own name that is not UTF-8 (numbered from 1, as `$1` in a shell),
    /// shown with `�` for its bad bytes; nil when every one is UTF-8.
    static func firstNotUTF8(
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, count: Int32
    ) -> (number: Int, shown: String)? {
        guard count > 1 else { return nil }
        for i in 1..<Int(count) {
            guard let p = argv[i] else { continue }
            if String(validatingCString: p) == nil {
                return (i, Limits.shown(String(cString: p)).withVisibleControls)
            }
        }
        return nil
    }

    /// The message for such an argument.
    static func message(_ bad: (number: Int, shown: String)) -> String {
        "threshold: argument \(bad.number) (`\(bad.shown)`) is not UTF-8 text; threshold reads file names and values "
            + "written in UTF-8 (rename the file, or give the value in UTF-8)\n"
    }
}
