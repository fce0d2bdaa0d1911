import Foundation

/// The decision API and the workbench, without sockets: an `HTTPRequest` in, an `HTTPResponse` out.
/// Dispatches from the route table (`APIService.routes`, `APIRoutes.swift`): the path, the method, the token
/// or join code, then the route's handler (each in a file named for its endpoint); answers errors as JSON
/// with a status (`APIError`, `APIErrorCode`).
/// The server (sockets, threads, timeouts) is elsewhere; it gives each thread its own `ServiceWorker`.
///
/// ```swift
/// let service = APIService(ruleSets: ServiceRuleSets(paths: ["rules/mash.rules"], caseFolders: []))
/// let worker = ServiceWorker()                          // one per thread
/// if case .request(let request, _) = HTTPRequestParser.parse(bytes) {
///     let response = service.handle(request, worker: worker)   // status, headers, body
/// }
/// ```
public final class APIService: Sendable {
    public struct Configuration: Sendable {
        /// When set, every `/v1` call and `/metrics` needs `Authorization: Bearer TOKEN`.
        var token: String?
        /// The one origin allowed to call from a browser (CORS); nil: none.
        var corsOrigin: String?
        /// The most lines one `/v1/batch` request scores (blank lines count); the rest is not read.
        var batchLines: Int
        /// The most seconds one `/v1/batch` request scores for (writing included); then it stops at a line.
        var batchSeconds: Double
        /// Whether the workbench's rules editor may save (`--allow-edit`): `POST …/edit/save` writes the rule file.
        var allowEdit: Bool
        public init(
            token: String? = nil, corsOrigin: String? = nil, batchLines: Int = 10_000, batchSeconds: Double = 10,
            allowEdit: Bool = false
        ) {
            self.allowEdit = allowEdit
            self.token = token
            self.corsOrigin = corsOrigin
            self.batchLines = Swift.max(1, batchLines)
            self.batchSeconds = batchSeconds
        }
    }

    let ruleSets: ServiceRuleSets
    public let metrics: ServiceMetrics
    let configuration: Configuration
    /// The calibration exercise served under `/v1/exercise/…` and `/join`, if any.
    let exercise: Exercise?

    /// The Content-Security-Policy of every response: nothing from elsewhere, scripts and styles only from
    /// this server's own files.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

    public init(
        ruleSets: ServiceRuleSets, configuration: Configuration = Configuration(),
        metrics: ServiceMetrics = ServiceMetrics(), exercise: Exercise? = nil
    ) {
        self.ruleSets = ruleSets
        self.exercise = exercise
        self.configuration = configuration
        self.metrics = metrics
    }

    /// How a request is taken, judged from its head alone: refused with an answer (wrong host, unknown
    /// path, method or token), or accepted, with the route's name and what answers it once the body is in.
    enum Resolution {
        case refused(HTTPResponse)
        case accepted(route: String, answer: (HTTPRequest, ServiceWorker) -> HTTPResponse)
    }

    /// Judges a request from its head (request line and header fields, no body): nil when it may go on (the
    /// server then reads its body, sending `100 Continue` if asked, and calls `handle`); otherwise the answer
    /// to send at once, without reading the body. The `Host` is checked first, against `hosts` (nil: not
    /// checked), then the route, the method and the token.
    public func judge(_ head: HTTPRequest, hosts: HostPolicy? = nil) -> HTTPResponse? {
        if let hosts, !hosts.admits(head) {
            var r = error(
                APIError(
                    .misdirectedRequest,
                    head.header("host") == nil
                        ? "an HTTP/1.1 request needs a Host header field"
                        : "this server does not answer as the host named in the Host header field; "
                            + "start it with --allowed-host NAME to add a name",
                    field: "Host"))
            r.route = APIRoute.Label.misdirected
            return finish(r, head)
        }
        if case .refused(let r) = resolve(head) { return finish(r, head) }
        return nil
    }

    /// Answers one request.
    public func handle(_ request: HTTPRequest, worker: ServiceWorker) -> HTTPResponse {
        switch resolve(request) {
        case .refused(let r): return finish(r, request)
        case .accepted(let route, let answer): return finish(routed(answer(request, worker), route), request)
        }
    }

    /// The header fields every response carries.
    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", APIService.contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ]

    private func finish(_ r: HTTPResponse, _ request: HTTPRequest) -> HTTPResponse {
        var response = r
        response.headers += APIService.securityHeaders
        if let origin = configuration.corsOrigin, request.header("origin") == origin {
            response.headers.append(("Access-Control-Allow-Origin", origin))
            response.headers.append(("Vary", "Origin"))
        }
        return response
    }

    /// The response to a request that could not be read (the parser's failure, a timeout: 408, too many
    /// connections: 503 with `Retry-After`).
    public func failure(_ f: HTTPFailure) -> HTTPResponse {
        var r = error(APIError(failure: f))
        r.route = APIRoute.Label.malformed
        if f.status == 503 { r.headers.append(("Retry-After", "1")) }
        r.headers += APIService.securityHeaders
        return r
    }

    /// Finds the request's route in `APIService.routes` and judges it from the head: the path (404), the
    /// method (405), then who calls (401, or 403 for the exercise's trainees), then whether the server runs
    /// the exercise a route belongs to (404).
    private func resolve(_ request: HTTPRequest) -> Resolution {
        let path = request.path
        if request.method == "OPTIONS", configuration.corsOrigin != nil, path.hasPrefix("/v1/") {
            return .accepted(route: APIRoute.Label.preflight) { _, _ in
                HTTPResponse(
                    status: 204,
                    headers: [
                        ("Access-Control-Allow-Methods", "GET, POST"),
                        ("Access-Control-Allow-Headers", "Authorization, Content-Type"),
                        ("Access-Control-Max-Age", "600"),
                    ])
            }
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
        var found: (route: APIRoute, parameters: [String])?
        for route in APIService.routes {
            if let parameters = route.match(segments) {
                found = (route, parameters)
                break
            }
        }
        guard let (route, parameters) = found else {
            return .refused(
                routed(error(APIError(.notFound, "no such path: \(Limits.shown(path))")), APIRoute.Label.unknown))
        }
        guard route.accepts(request.method) else { return .refused(methodNotAllowed(route.method, route.label)) }
        // A browser names the site a request comes from (`Origin`). A POST from a page of another site is
        // refused: a form needs no preflight, so without this a page open in the presenter's browser could move
        // the exercise on or reveal its answer on a server with no token (found by an attack test).
        if request.method == "POST", let origin = request.header("origin"), !admits(origin: origin, request) {
            return .refused(
                routed(
                    error(
                        APIError(
                            .crossOrigin, "a request from a page of another site (Origin \(Limits.shown(origin)))",
                            field: "Origin")), route.label))
        }
        switch route.access {
        case .open: break
        case .token:
            if let denied = authorize(request, route.label) { return .refused(denied) }
        case .joinCode:
            // The join code alone: the server's token does not stand in for it, and it opens nothing else.
            guard let exercise, exercise.admits(request.parameter("code") ?? request.header("x-join-code")) else {
                let message =
                    exercise == nil ? "this server runs no exercise" : "this needs the exercise's join code (?code=)"
                return .refused(routed(error(APIError(.badJoinCode, message, field: "code")), route.label))
            }
        }
        switch route.handler {
        case .plain(let handler):
            return .accepted(route: route.label) { [self] request, worker in
                handler(self, request, parameters, worker)
            }
        case .exercise(let handler):
            guard let exercise else {
                let message = "this server runs no exercise; start it with --exercise CASES.scenario"
                return .refused(routed(error(APIError(.noExercise, message)), route.label))
            }
            return .accepted(route: route.label) { [self] request, _ in handler(self, request, exercise) }
        }
    }

    /// Whether a request whose `Origin` is `origin` comes from the server's own pages (the origin names the
    /// host the request was sent to) or from the one other site allowed (`--cors`).
    func admits(origin: String, _ request: HTTPRequest) -> Bool {
        if origin == configuration.corsOrigin { return true }
        guard let host = request.header("host")?.lowercased(), !host.isEmpty else { return false }
        let o = origin.lowercased()
        return o == "http://" + host || o == "https://" + host
    }

    // MARK: Shared answers

    func routed(_ r: HTTPResponse, _ name: String) -> HTTPResponse {
        var r = r
        r.route = name
        return r
    }

    func json(_ bytes: [UInt8], status: Int = 200, route: String = "unknown") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: .bytes(bytes), route: route)
    }

    /// The answer to a request that went well: `{"result": …}` and a newline, the value written by `value`.
    func answer(_ value: (inout JSONWriter) -> Void) -> HTTPResponse {
        json(APIService.line("result", value))
    }

    /// `{"NAME": …}` and a newline, the value written by `value`: the form of the API's JSON answers (`result`,
    /// the exercise's `exercise`, `error`, a batch's last line `stopped`).
    static func line(_ name: String, _ value: (inout JSONWriter) -> Void) -> [UInt8] {
        JSONWriter.document { w in
            w.key(name)
            value(&w)
        }
        .bytes
    }

    /// The answer to an error, with its status; `more` writes members of its own after `field` (see
    /// `APIError.json(_:)`).
    func error(_ e: APIError, _ more: (inout JSONWriter) -> Void = { _ in }) -> HTTPResponse {
        var r = json(e.json(more), status: e.status)
        if e.status == 401 { r.headers.append(("WWW-Authenticate", "Bearer")) }
        return r
    }

    func methodNotAllowed(_ allowed: String, _ route: String) -> HTTPResponse {
        var r = error(APIError(.methodNotAllowed, "\(route) takes \(allowed)"))
        r.headers.append(("Allow", allowed == "GET" ? "GET, HEAD" : allowed))
        r.route = route
        return r
    }

    /// nil when the request may go on; otherwise the 401 answer.
    func authorize(_ request: HTTPRequest, _ route: String) -> HTTPResponse? {
        guard let token = configuration.token else { return nil }
        let given = request.header("authorization") ?? ""
        // The scheme is case-insensitive (RFC 9110 section 11.1): `Bearer`, `bearer`, `BEARER`.
        let scheme = given.prefix { $0 != " " }
        let credentials = given.dropFirst(scheme.count).drop { $0 == " " }
        if scheme.lowercased() == "bearer",
            APIService.constantTimeEqual(Array(credentials.utf8), Array(token.utf8))
        {
            return nil
        }
        return routed(
            error(
                APIError(
                    .unauthorized,
                    given.isEmpty
                        ? "this server needs Authorization: Bearer TOKEN"
                        : "the bearer token is not the server's")), route)
    }

    /// Compares without stopping at the first difference, so the time taken does not tell how much matched.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<Swift.max(a.count, b.count) {
            diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return diff == 0
    }

    /// Checks the request's content type against those accepted (parameters such as charset ignored).
    func requireContentType(_ request: HTTPRequest, _ accepted: [String]) -> APIError? {
        let given = APIService.mediaType(request.header("content-type") ?? "")
        if accepted.contains(given) { return nil }
        return APIError(
            .unsupportedMediaType,
            (given.isEmpty ? "no Content-Type given" : "Content-Type \(given) is not accepted") + "; send "
                + accepted.joined(separator: " or "),
            field: "Content-Type")
    }

    /// A `Content-Type` value's media type: before any `;`, without the whitespace around it, in lower case.
    /// ASCII (every valid value) is read byte by byte; anything else as `String` and Foundation read it (on every
    /// request, `trimmingCharacters` cost about 14,000 instructions).
    static func mediaType(_ value: String) -> String {
        var value = value
        let ascii: String? = value.withUTF8 { u in
            guard u.allSatisfy({ $0 < 0x80 }) else { return nil }
            // The first part `split(separator: ";")` gives: empty parts are skipped.
            var start = 0
            while start < u.count, u[start] == UInt8(ascii: ";") { start += 1 }
            var end = u[start...].firstIndex(of: UInt8(ascii: ";")) ?? u.count
            // `CharacterSet.whitespaces` in ASCII: space and tab.
            while start < end, u[start] == 0x20 || u[start] == 0x09 { start += 1 }
            while end > start, u[end - 1] == 0x20 || u[end - 1] == 0x09 { end -= 1 }
            return String(
                decoding: u[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        if let ascii { return ascii }
        return value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
}
