import Foundation

/// A document the editor has open: its text as edited (saved or not) and the editor's version number.
struct OpenDocument: Sendable {
    var path: String
    var text: String
    var version: Int
    var lines: LineIndex

    init(path: String, text: String, version: Int) {
        self.path = path
        self.text = text
        self.version = version
        self.lines = LineIndex(text)
    }

    /// One edit of `didChange`: `range` nil replaces the whole text.
    mutating func apply(_ range: LSPRange?, _ newText: String) {
        guard let range else {
            text = newText
            lines = LineIndex(text)
            return
        }
        let a = lines.byteOffset(of: range.start)
        let b = max(a, lines.byteOffset(of: range.end))
        var bytes = lines.bytes
        bytes.replaceSubrange(a..<b, with: Array(newText.utf8))
        text = String(decoding: bytes, as: UTF8.self)
        lines = LineIndex(bytes: Array(text.utf8))
    }
}

/// Reads sources from the documents the editor has open (unsaved edits included), and from the file system
/// for the rest: so includes and `rules` lines resolve against what is being edited.
struct OverlayReader: SourceReader {
    var overlay: [String: String]
    var disk = FileSystemReader()
    /// When set, the only folders read from disk (`LanguageService.confinedTo`).
    var confinedTo: [String]? = nil

    func read(_ path: String) -> Result<String, SourceReadError> {
        if let text = overlay[Paths.normalize(path)] { return .success(text) }
        if let roots = confinedTo, !OverlayReader.isWithin(path, roots) {
            // The same words whether or not the file exists: the answer tells nothing of the disk beyond.
            return .failure(SourceReadError("is outside the rule set's folder"))
        }
        return disk.read(path)
    }

    /// Whether `path`, made absolute from the current folder and with `.` and `..` folded, is in one of
    /// `roots` (made absolute the same way). Judged on the words of the paths, before the disk is asked.
    static func isWithin(_ path: String, _ roots: [String]) -> Bool {
        let here = FileManager.default.currentDirectoryPath
        // Symbolic links followed: a link inside the folder to a file outside it is outside (a review read a
        // file through one). A path that does not exist is compared as written (reading it fails anyway).
        func absolute(_ p: String) -> String {
            let written = Paths.normalize(p.hasPrefix("/") ? p : here + "/" + p)
            return Paths.resolved(written) ?? written
        }
        let target = absolute(path)
        return roots.contains { root in
            let r = absolute(root)
            return target == r || target.hasPrefix(r == "/" ? "/" : r + "/")
        }
    }

    func identity(of path: String) -> String {
        if overlay[Paths.normalize(path)] != nil { return Paths.normalize(path) }
        return disk.identity(of: path)
    }
}

/// `file://` URIs ↔ paths (percent-encoding decoded and re-applied for the characters that need it).
enum DocumentURI {
    static func path(_ uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = uri.dropFirst("file://".count)
        // `file://host/path`: only the local host (empty or localhost) is a path here.
        if rest.hasPrefix("localhost/") { rest = rest.dropFirst("localhost".count) }
        guard rest.hasPrefix("/") else { return nil }
        var out: [UInt8] = []
        var bytes = Array(rest.utf8)[...]
        while let b = bytes.first {
            bytes = bytes.dropFirst()
            if b == UInt8(ascii: "%"), bytes.count >= 2, let h = hex(bytes[bytes.startIndex]),
                let l = hex(bytes[bytes.startIndex + 1])
            {
                out.append(h * 16 + l)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return Paths.normalize(String(decoding: out, as: UTF8.self))
    }

    static func uri(_ path: String) -> String {
        var out = "file://"
        for b in path.utf8 {
            let plain =
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || "/-._~".utf8.contains(b)
            if plain {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + Hex.upper(UInt32(b), width: 2)
            }
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
