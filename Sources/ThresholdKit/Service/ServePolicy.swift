#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whom `threshold serve` may serve, decided before it listens: the token (from `--token` or
/// `THRESHOLD_TOKEN`: at least 16 printable ASCII characters without spaces; empty is none) and the
/// loopback rule (any address but a loopback one needs a token). Loopback is judged by the address, with no
/// name lookup: `localhost`, or a numeric address all of whose addresses are in 127.0.0.0/8 or are `::1`
/// (`127.invalid` is a name, so it is not loopback).
///
/// ```swift
/// switch ServePolicy.decide(host: "0.0.0.0", token: nil) {
/// case .success(let token): …                 // listen, requiring `token` when there is one
/// case .failure(let refusal): print(refusal.message)   // "refusing to listen on 0.0.0.0 without a token: …"
/// }
/// ```
public enum ServePolicy {
    /// Why the server will not start, in words for its user.
    public struct Refusal: Error, Equatable, Sendable {
        public let message: String
    }

    /// The token to require (nil: none), given the `--host` value and the token given (`--token`, or else
    /// `THRESHOLD_TOKEN`); or why the server must not start.
    public static func decide(host: String, token given: String?) -> Result<String?, Refusal> {
        let token = given?.isEmpty == true ? nil : given
        if let t = token,
            t.count < 16 || t.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 33 || $0 > 126 } ?? true })
        {
            return .failure(Refusal(message: "the token must be at least 16 printable ASCII characters without spaces"))
        }
        if !isLoopback(host) && token == nil {
            return .failure(
                Refusal(
                    message:
                        "refusing to listen on \(host) without a token: only a loopback address (127.x.x.x, ::1 or localhost) is served without one, and \(host) is not one; give --token or THRESHOLD_TOKEN"
                ))
        }
        return .success(token)
    }

    /// Whether `host` is a loopback address, judged by its numbers, not its spelling: `localhost`, or a
    /// numeric address (no name lookup) all of whose addresses are in 127.0.0.0/8 or are ::1.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        return numericAddresses(host).map { !$0.isEmpty && $0.allSatisfy(isLoopback) } ?? false
    }

    /// Whether `host` is the address of every interface (`0.0.0.0`, `::`).
    public static func isWildcard(_ host: String) -> Bool {
        numericAddresses(host).map { !$0.isEmpty && $0.allSatisfy { $0.allSatisfy { $0 == 0 } } } ?? false
    }

    /// An address's bytes (4 or 16) in 127.0.0.0/8, `::1` or `::ffff:127.x.x.x`.
    static func isLoopback(_ bytes: [UInt8]) -> Bool {
        if bytes.count == 4 { return bytes[0] == 127 }
        if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
        return bytes.count == 16 && bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
            && bytes[12] == 127
    }

    /// The addresses (their bytes) a numeric host stands for; nil when it is a name or does not parse.
    /// `getaddrinfo` with `AI_NUMERICHOST` reads the text only: it never looks a name up.
    static func numericAddresses(_ host: String) -> [[UInt8]]? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_NUMERICHOST
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        var out: [[UInt8]] = []
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            guard let sa = a.pointee.ai_addr else { continue }
            if a.pointee.ai_family == AF_INET {
                let v = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                out.append(withUnsafeBytes(of: v) { Array($0) })
            } else if a.pointee.ai_family == AF_INET6 {
                let v = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                out.append(withUnsafeBytes(of: v) { Array($0) })
            }
        }
        return out
    }
}
