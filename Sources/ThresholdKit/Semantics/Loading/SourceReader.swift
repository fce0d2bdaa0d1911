import Foundation

/// Reads source files. The loader asks through this protocol so tests can load from memory.
public protocol SourceReader {
    /// The file's text, or a message saying why it could not be read.
    func read(_ path: String) -> Result<String, SourceReadError>
    /// A key that is the same for every path naming the same file (for "loaded once" and cycles).
    func identity(of path: String) -> String
}

public struct SourceReadError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Reads from the file system.
public struct FileSystemReader: SourceReader {
    public init() {}

    public func read(_ path: String) -> Result<String, SourceReadError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(SourceReadError(Self.missing(path)))
        }
        if isDirectory.boolValue { return .failure(SourceReadError("is a folder, not a file")) }
        // The file a link points to (`stat` follows links): its kind and its size. A device or a pipe is not read
        // at all (`/dev/zero` never ends; a pipe with no writer never answers), and a link to a file over the
        // limit is refused as the file itself is.
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(SourceReadError("cannot be read (check its permissions)")) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(SourceReadError("is not a regular file (a device, a pipe or a socket), so it is not read"))
        }
        if Int(info.st_size) > Limits.fileBytes {
            return .failure(SourceReadError("is larger than \(Limits.bytes(Limits.fileBytes)), the limit for one file"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(SourceReadError("cannot be read (check its permissions)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(SourceReadError("is not valid UTF-8 text" + Self.firstInvalidByte(Array(data))))
        }
        return .success(text)
    }

    /// Why a path names no file: none is there, or (a `�` in it) a file's name found in a folder is not UTF-8,
    /// so that the name given back by the system is not the file's.
    static func missing(_ path: String) -> String {
        guard path.unicodeScalars.contains("\u{FFFD}") else { return "no such file" }
        return "cannot be opened: its name is not UTF-8 (`�` stands for the bytes that are not), and files are "
            + "opened by UTF-8 names; rename it"
    }

    /// Where the first byte that is not UTF-8 is, for a message: `: line 3, column 12 has the byte 0xA3 (saved
    /// in another encoding, such as Windows-1252?)`, so that one `£` in a long file can be found.
    static func firstInvalidByte(_ bytes: [UInt8]) -> String {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return ""
            case .error:
                let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
                return ": line \(line), column \(column) has the byte 0x\(Hex.upper(UInt32(bytes[offset]), width: 2)) "
                    + "(saved in another encoding, such as Windows-1252?)"
            }
        }
    }

    public func identity(of path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// Reads from a dictionary of path → text (tests, the REPL's scratch rules).
struct MemoryReader: SourceReader {
    var files: [String: String]
    init(_ files: [String: String]) { self.files = files }

    func read(_ path: String) -> Result<String, SourceReadError> {
        if let t = files[Paths.normalize(path)] { return .success(t) }
        return .failure(SourceReadError("no such file"))
    }

    func identity(of path: String) -> String { Paths.normalize(path) }
}
