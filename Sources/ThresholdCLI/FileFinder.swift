import Foundation

/// Expands the paths given on the command line: files as given, folders searched recursively for
/// files with the given extensions, in a sorted (deterministic) order.
enum FileFinder {
    struct Missing: Error { var path: String }

    static func expand(_ paths: [String], extensions: Set<String>) throws(Missing) -> [String] {
        var result: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw Missing(path: path) }
            if !isDir.boolValue {
                result.append(path)
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let rel = walker.nextObject() as? String {
                let ext = (rel as NSString).pathExtension
                if extensions.contains(ext), !rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    found.append(path.hasSuffix("/") ? path + rel : path + "/" + rel)
                }
            }
            result += found.sorted()
        }
        return result
    }

    /// The paths expanded, or nil after saying which one is missing (`threshold NAME: PATH: no such file or
    /// folder`).
    static func expand(_ paths: [String], extensions: Set<String>, for a: Arguments) -> [String]? {
        do { return try expand(paths, extensions: extensions) } catch {
            _ = a.fail("\(error.path): no such file or folder")
            return nil
        }
    }
}
