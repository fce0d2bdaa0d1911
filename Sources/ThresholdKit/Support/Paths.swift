#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Path arithmetic on plain strings, so that paths print as the user wrote them.
@_spi(CLI) public enum Paths {
    /// The path with every symbolic link in it followed, as the file system resolves it (`realpath`); nil when
    /// it does not exist. Text comparisons of paths (is it inside this folder?) are made on this.
    static func resolved(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The folder part of a path ("" for a bare file name).
    @_spi(CLI) public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `relative` resolved against `directory`; absolute paths are kept.
    @_spi(CLI) public static func join(_ directory: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || directory.isEmpty { return normalize(relative) }
        return normalize(directory + "/" + relative)
    }

    /// Removes `.` parts and folds `x/..`, keeping leading `..` of a relative path.
    @_spi(CLI) public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute, parts.isEmpty { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path` written relative to the folder `from` (both relative to the same place, or both absolute).
    @_spi(CLI) public static func relative(_ path: String, from directory: String) -> String {
        let p = normalize(path).split(separator: "/").map(String.init)
        let d =
            directory.isEmpty ? [] : normalize(directory).split(separator: "/").map(String.init).filter { $0 != "." }
        var common = 0
        while common < p.count, common < d.count, p[common] == d[common] { common += 1 }
        let ups = Array(repeating: "..", count: d.count - common)
        let rest = ups + p[common...]
        return rest.isEmpty ? "." : rest.joined(separator: "/")
    }
}
