import Foundation

/// The files a REPL session reads and writes: rule sets and scenario files in, `save` out.
/// A protocol so that tests can run a session against a folder in memory, or one that fails on purpose.
public protocol ReplFileSystem: SourceReader {
    /// True when something (a file or a folder) exists at `path`.
    func exists(_ path: String) -> Bool
    /// Replaces (or creates) the file at `path` with `text`, atomically: the file is either left as it was
    /// or holds exactly `text`, never a part of it.
    func replaceAtomically(_ path: String, with text: String) -> Result<Void, SourceReadError>
    /// The folder relative paths are relative to (absolute).
    var currentDirectory: String { get }
}

extension ReplFileSystem {
    /// `path` made absolute against the current directory, normalized.
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? Paths.normalize(path) : Paths.join(currentDirectory, path)
    }
}

/// The real file system. Writes go to a temporary file in the same folder, which is then renamed over
/// the target, so a failed write never leaves a half-written file behind.
public struct LocalReplFileSystem: ReplFileSystem {
    private let reader = FileSystemReader()

    public init() {}

    public func read(_ path: String) -> Result<String, SourceReadError> { reader.read(path) }

    public func identity(of path: String) -> String { reader.identity(of: path) }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public var currentDirectory: String { FileManager.default.currentDirectoryPath }

    public func replaceAtomically(_ path: String, with text: String) -> Result<Void, SourceReadError> {
        // Write through a symbolic link to the file it names, at the end of a chain of links, so every link
        // survives (with one step followed, a link to a link was replaced by a file with the link's mode).
        let target =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
            ? (Paths.resolved(path) ?? path) : path
        let folder = Paths.directory(of: target)
        let name = target.split(separator: "/").last.map(String.init) ?? target
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(getpid()).\(UUID().uuidString.prefix(8)).tmp"
        let permissions = (try? FileManager.default.attributesOfItem(atPath: target))?[.posixPermissions] as? NSNumber
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(text.utf8),
                attributes: [.posixPermissions: permissions ?? NSNumber(value: 0o644)])
        else {
            return .failure(
                SourceReadError(
                    "cannot write in \(folder.isEmpty ? "this folder" : folder) (check that it exists and its permissions)"
                ))
        }
        if let handle = FileHandle(forUpdatingAtPath: temporary) {
            try? handle.synchronize()
            try? handle.close()
        }
        if rename(temporary, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return .failure(SourceReadError("cannot replace the file: \(reason)"))
        }
        return .success(())
    }
}
