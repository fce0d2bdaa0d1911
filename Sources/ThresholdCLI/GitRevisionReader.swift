import Foundation
@_spi(CLI) import ThresholdKit

/// Reads source files as they were at a git revision, with `git show REV:./path` (paths relative to the
/// current folder, which must be inside the repository's work tree). Includes resolve through the same
/// reader, so they are read at the same revision. Used by `diff` for `git:REV:path`.
struct GitRevisionReader: SourceReader {
    let revision: String

    /// `git:REV:path` split into the revision and the path, or nil for a plain path.
    static func parse(_ argument: String) -> (revision: String, path: String)? {
        guard argument.hasPrefix("git:") else { return nil }
        let rest = argument.dropFirst(4)
        guard let colon = rest.lastIndex(of: ":") else { return nil }
        let revision = String(rest[..<colon])
        let path = String(rest[rest.index(after: colon)...])
        // A revision starting with `-` would reach git as an option: not a revision.
        guard !revision.isEmpty, !revision.hasPrefix("-"), !path.isEmpty else { return nil }
        return (revision, path)
    }

    func read(_ path: String) -> Result<String, SourceReadError> {
        if path.hasPrefix("/") {
            return .failure(SourceReadError("give a path relative to the current folder to read it from git"))
        }
        let normalized = Paths.normalize(path)
        let spec = revision + ":" + (normalized.hasPrefix("../") ? normalized : "./" + normalized)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "show", spec]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            return .failure(SourceReadError("cannot run git: \(error.localizedDescription)"))
        }
        // stdout first, to its end (git writes little or nothing to stderr, so it cannot fill that pipe).
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errorData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(
                SourceReadError(
                    "git show \(spec): " + (message.isEmpty ? "failed (exit \(process.terminationStatus))" : message)))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(SourceReadError("is not valid UTF-8 text at \(revision)"))
        }
        return .success(text)
    }

    func identity(of path: String) -> String { "git:\(revision):" + Paths.normalize(path) }
}
