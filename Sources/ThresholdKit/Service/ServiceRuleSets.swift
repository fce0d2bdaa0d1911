import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The rule sets a service answers for, by name, with the worked cases found for each. Reloading one keeps
/// its old rules when the new text has errors, and keeps the errors to show. Safe to use from many threads.
public final class ServiceRuleSets: @unchecked Sendable {
    /// One rule set as the service holds it.
    public struct Entry: Sendable {
        /// The name in URLs: the rule file's name without `.rules` (`camden-mash`).
        public var name: String
        /// The rule file's path as given.
        public var path: String
        /// The rules in use (the last that compiled), or nil if they never did.
        public var ruleSet: RuleSet?
        /// The errors of the last load, if it failed (the rules in use are then the older ones).
        public var errors: [Diagnostic]
        /// `.scenario` files in the rules' folder tree whose `rules` line names this rule file: the path
        /// shown (`shownPath`) and the path read.
        public var cases: [(id: String, path: String)]
        /// The files the rules were read from and their modification times, for `--watch`.
        var stamps: [String: Double]
        /// How many times the rules were loaded successfully.
        var generation: Int
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    /// Folders searched for worked cases.
    let caseFolders: [String]

    /// Loads each rule file. Files that fail to load are kept with their errors (and no rules).
    public init(paths: [String], caseFolders: [String]) {
        self.caseFolders = caseFolders
        var used = Set<String>()
        for path in paths {
            var base = String(path.split(separator: "/").last ?? Substring(path))
            if base.hasSuffix(".rules") { base.removeLast(6) }
            var name = base
            var k = 2
            while used.contains(name) {
                name = "\(base)-\(k)"
                k += 1
            }
            used.insert(name)
            var entry = Entry(name: name, path: path, ruleSet: nil, errors: [], cases: [], stamps: [:], generation: 0)
            ServiceRuleSets.load(&entry)
            entry.cases = ServiceRuleSets.findCases(for: path, in: caseFolders)
            entries.append(entry)
        }
    }

    public var all: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }

    /// The entry named `name`, or the first when `name` is nil.
    public func entry(_ name: String?) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        guard let name else { return entries.first }
        return entries.first { $0.name == name }
    }

    /// Reloads the rule sets whose files changed since they were loaded; returns the names reloaded.
    @discardableResult
    public func reloadChanged() -> [(name: String, errors: Int)] {
        let snapshot = all
        var reloaded: [(String, Int)] = []
        for old in snapshot where ServiceRuleSets.changed(old.stamps) || old.stamps.isEmpty {
            var e = old
            ServiceRuleSets.load(&e)
            if old.stamps.isEmpty && e.stamps.isEmpty { continue }
            lock.lock()
            if let i = entries.firstIndex(where: { $0.name == e.name }) { entries[i] = e }
            lock.unlock()
            reloaded.append((e.name, e.errors.count))
        }
        return reloaded
    }

    /// Reloads one rule set now (after the rules editor saved it); returns its entry as reloaded.
    @discardableResult
    public func reload(_ name: String) -> Entry? {
        guard var e = entry(name) else { return nil }
        ServiceRuleSets.load(&e)
        lock.lock()
        if let i = entries.firstIndex(where: { $0.name == e.name }) { entries[i] = e }
        lock.unlock()
        return e
    }

    /// Compiles the entry's file: on success the new rules replace the old; on errors the old stay.
    static func load(_ e: inout Entry) {
        let out = RuleSetCompiler.load(e.path)
        var stamps: [String: Double] = [:]
        for file in out.sources.keys { stamps[file] = modified(file) ?? -1 }
        if stamps[e.path] == nil { stamps[e.path] = modified(e.path) ?? -1 }
        e.stamps = stamps
        if let rs = out.ruleSet, !out.hasErrors {
            e.ruleSet = rs
            e.errors = []
            e.generation += 1
        } else {
            e.errors = out.diagnostics.filter { $0.severity == .error }
            if e.errors.isEmpty {
                e.errors = [.error(.notARuleSet, "\(e.path) is a fragment (no `ruleset` header)", at: nil)]
            }
        }
    }

    static func changed(_ stamps: [String: Double]) -> Bool {
        stamps.contains { modified($0.key) ?? -1 != $0.value }
    }

    /// The file's modification time (milliseconds) and size, as one number: of the file a symbolic link
    /// points to, not of the link (`stat`, not `lstat`), so that an edit behind a link is seen.
    static func modified(_ path: String) -> Double? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
            let t = st.st_mtimespec
        #else
            let t = st.st_mtim
        #endif
        return (Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6) + Double(st.st_size) / 1e9
    }

    /// A worked case's path as the API shows it: as found (from a folder given relative to where the server
    /// runs: `scenarios/camden/caps.scenario`), but from a folder given as an absolute path, only from that
    /// folder's name on, so that the answer does not tell where on the server the files are.
    static func shownPath(_ path: String, folder: String, relative: String) -> String {
        let normalized = Paths.normalize(folder)
        guard normalized.hasPrefix("/") else { return Paths.normalize(path) }
        let name = normalized.split(separator: "/").last.map(String.init) ?? ""
        return Paths.normalize(name.isEmpty ? relative : name + "/" + relative)
    }

    /// `.scenario` files under `folders` whose `rules` line resolves to `rulesPath`, sorted.
    static func findCases(for rulesPath: String, in folders: [String]) -> [(id: String, path: String)] {
        let reader = FileSystemReader()
        let target = reader.identity(of: rulesPath)
        var found: [(String, String)] = []
        var seen = Set<String>()
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { continue }
            var names: [String] = []
            while let rel = walker.nextObject() as? String {
                if rel.hasSuffix(".scenario"), !rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    names.append(rel)
                }
            }
            for rel in names.sorted() {
                let path = folder.hasSuffix("/") ? folder + rel : folder + "/" + rel
                guard case .success(let text) = reader.read(path) else { continue }
                guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("rules ") }) else { continue }
                let quoted = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
                guard quoted.hasPrefix("\""), quoted.hasSuffix("\""), quoted.count >= 2 else { continue }
                let named = String(quoted.dropFirst().dropLast())
                let resolved = Paths.join(Paths.directory(of: path), named)
                let identity = reader.identity(of: resolved)
                if identity == target, seen.insert(reader.identity(of: path)).inserted {
                    found.append((shownPath(path, folder: folder, relative: rel), path))
                }
            }
        }
        return found
    }
}
