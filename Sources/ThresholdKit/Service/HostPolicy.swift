/// The names a server answers as, checked against each request's `Host` header field before anything else
/// (`APIService.judge`): the defence against DNS rebinding, where a web page whose name has been made to
/// resolve to 127.0.0.1 reads a local server as if it were its own origin. The browser still sends the
/// page's name in `Host`, so a request naming a host the server does not listen as is refused (421).
///
/// Admitted: the host the server listens on (`--host`), with or without the port it listens on; for a
/// loopback or a wildcard address also `127.0.0.1`, `localhost` and `[::1]`; and each `--allowed-host NAME`
/// (without a port it is admitted alone and with the server's port; `NAME:PORT` exactly; `*` admits any).
/// Names are compared in lower case. An HTTP/1.0 request without `Host` is admitted (browsers always send it).
///
/// ```swift
/// let hosts = HostPolicy(listenHost: "127.0.0.1", port: 8080, loopback: true, allowed: ["mash.example"])
/// hosts.admits("localhost:8080")      // true
/// hosts.admits("attacker.example")    // false
/// ```
public struct HostPolicy: Sendable {
    /// The admitted `Host` values, in lower case.
    let names: Set<String>
    /// `--allowed-host '*'`: every host is admitted.
    let any: Bool

    public init(listenHost: String, port: Int, loopback: Bool, allowed: [String] = []) {
        var bases: [String] = [HostPolicy.bracketed(listenHost)]
        if loopback { bases += ["127.0.0.1", "localhost", "[::1]"] }
        var names = Set<String>()
        for b in bases {
            names.insert(b.lowercased())
            names.insert(b.lowercased() + ":\(port)")
        }
        var any = false
        for a in allowed.map({ $0.lowercased() }) {
            if a == "*" {
                any = true
            } else if HostPolicy.hasPort(a) {
                names.insert(a)
            } else {
                names.insert(HostPolicy.bracketed(a))
                names.insert(HostPolicy.bracketed(a) + ":\(port)")
            }
        }
        self.names = names
        self.any = any
    }

    /// Whether a request whose `Host` field is `host` (nil: none sent) may be answered.
    public func admits(_ host: String?) -> Bool {
        guard let host else { return true }
        return any || names.contains(host.lowercased())
    }

    /// Whether `request` may be answered: its `Host`, or none in HTTP/1.0.
    func admits(_ request: HTTPRequest) -> Bool {
        if request.header("host") == nil { return request.version == "HTTP/1.0" }
        return admits(request.header("host"))
    }

    /// An IPv6 address in brackets, as it appears in `Host` (`::1` → `[::1]`); other names as they are.
    static func bracketed(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[" + host + "]" : host
    }

    /// Whether a name ends in `:PORT` (`name:8080`, `[::1]:8080`; not a bare IPv6 address).
    @_spi(CLI) public static func hasPort(_ name: String) -> Bool {
        guard let colon = name.lastIndex(of: ":") else { return false }
        let after = name[name.index(after: colon)...]
        guard !after.isEmpty, after.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let before = name[..<colon]
        return !before.contains(":") || before.hasSuffix("]")
    }
}
