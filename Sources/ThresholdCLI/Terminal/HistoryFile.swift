#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the REPL keeps its command history: `$XDG_STATE_HOME/threshold/history` when XDG_STATE_HOME is set,
/// else `~/.threshold_history`. The file holds case facts, so it is created readable only by its owner
/// (mode 0600), and an existing one is narrowed to that.
enum HistoryFile {
    /// The history file's path, created (empty) if absent; nil when there is no safe place for it.
    static func path() -> String? {
        let path: String
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            let folder = state + "/threshold"
            if mkdir(folder, 0o700) != 0 && errno != EEXIST { return nil }
            path = folder + "/history"
        } else if let home = environment("HOME") ?? homeFromPasswd() {
            path = home + "/.threshold_history"
        } else {
            return nil
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { return nil }
        return path
    }

    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }

    static func homeFromPasswd() -> String? {
        guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }
}
