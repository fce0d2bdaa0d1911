import Foundation

/// The decision API and the workbench, without sockets: an `HTTPRequest` in, an `HTTPResponse` out.
/// Routes, checks the token, the method and the content type, and answers errors as JSON with a status.
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
        public init(token: String? = nil, corsOrigin: String? = nil) {
            self.token = token
            self.corsOrigin = corsOrigin
        }
    }

    let ruleSets: ServiceRuleSets
    public let metrics: ServiceMetrics
    let configuration: Configuration

    /// The Content-Security-Policy of every response: nothing from elsewhere, scripts and styles only from
    /// this server's own files.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

    public init(
        ruleSets: ServiceRuleSets, configuration: Configuration = Configuration(),
        metrics: ServiceMetrics = ServiceMetrics()
    ) {
        self.ruleSets = ruleSets
        self.configuration = configuration
        self.metrics = metrics
    }

    /// Answers one request.
    public func handle(_ request: HTTPRequest, worker: ServiceWorker) -> HTTPResponse {
        var response = route(request, worker)
        response.headers.append(("Content-Security-Policy", APIService.contentSecurityPolicy))
        response.headers.append(("X-Content-Type-Options", "nosniff"))
        response.headers.append(("Referrer-Policy", "no-referrer"))
        response.headers.append(("Cache-Control", "no-store"))
        if let origin = configuration.corsOrigin, request.header("origin") == origin {
            response.headers.append(("Access-Control-Allow-Origin", origin))
            response.headers.append(("Vary", "Origin"))
        }
        return response
    }

    /// The response to a request that could not be read (the parser's failure, or a timeout: 408).
    public func failure(_ f: HTTPFailure) -> HTTPResponse {
        let code: String
        switch f.status {
        case 408: code = "timeout"
        case 413: code = "too_large"
        case 431: code = "header_too_large"
        case 501: code = "not_implemented"
        case 505: code = "http_version"
        default: code = "bad_request"
        }
        var r = error(APIError(f.status, code, f.message))
        r.route = "malformed"
        r.headers.append(("Content-Security-Policy", APIService.contentSecurityPolicy))
        return r
    }

    private func route(_ request: HTTPRequest, _ worker: ServiceWorker) -> HTTPResponse {
        let path = request.path
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        if request.method == "OPTIONS", configuration.corsOrigin != nil, path.hasPrefix("/v1/") {
            return HTTPResponse(
                status: 204,
                headers: [
                    ("Access-Control-Allow-Methods", "GET, POST"),
                    ("Access-Control-Allow-Headers", "Authorization, Content-Type"),
                    ("Access-Control-Max-Age", "600"),
                ], route: "preflight")
        }
        switch path {
        case "/", "/index.html":
            return page(request, Workbench.html, "text/html; charset=utf-8", "/")
        case "/workbench.css":
            return page(request, Workbench.css, "text/css; charset=utf-8", "/workbench.css")
        case "/workbench-levels.css":
            return page(request, levelCSS(), "text/css; charset=utf-8", "/workbench-levels.css")
        case "/workbench.js":
            return page(request, Workbench.javascript, "text/javascript; charset=utf-8", "/workbench.js")
        case "/health":
            guard request.method == "GET" || request.method == "HEAD" else { return methodNotAllowed("GET", "/health") }
            return json(Array("{}\n".utf8), route: "/health")
        case "/metrics":
            guard request.method == "GET" else { return methodNotAllowed("GET", "/metrics") }
            if let denied = authorize(request, "/metrics") { return denied }
            return HTTPResponse(
                status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                body: .bytes(Array(metrics.render().utf8)), route: "/metrics")
        default:
            break
        }
        guard segments.first == "v1" else {
            return routed(error(APIError(404, "not_found", "no such path: \(path)")), "unknown")
        }
        let name = "/" + segments.joined(separator: "/")
        // Fixed routes, then /v1/rulesets/{name}[/cases[/{n}] | /parse].
        let handler: ((HTTPRequest, ServiceWorker) -> HTTPResponse)?
        switch name {
        case "/v1/score": handler = score
        case "/v1/batch": handler = batch
        case "/v1/whatif": handler = whatIf
        case "/v1/whynot": handler = whyNot
        case "/v1/next-questions": handler = nextQuestions
        case "/v1/scenario-file": handler = scenarioFile
        default: handler = nil
        }
        if let handler {
            guard request.method == "POST" else { return methodNotAllowed("POST", name) }
            if let denied = authorize(request, name) { return denied }
            return routed(handler(request, worker), name)
        }
        if segments.count >= 2, segments[1] == "rulesets" {
            let routeName =
                segments.count == 2
                ? "/v1/rulesets"
                : segments.count == 3
                    ? "/v1/rulesets/{name}"
                    : segments.count == 4
                        ? "/v1/rulesets/{name}/\(segments[3])" : "/v1/rulesets/{name}/\(segments[3])/{n}"
            let method = segments.count == 4 && segments[3] == "parse" ? "POST" : "GET"
            guard segments.count <= 5, !segments.dropFirst(2).contains(""),
                segments.count < 4 || ["cases", "parse"].contains(segments[3]),
                segments.count < 5 || segments[3] == "cases"
            else {
                return routed(error(APIError(404, "not_found", "no such path: \(path)")), "unknown")
            }
            guard request.method == method || (method == "GET" && request.method == "HEAD") else {
                return methodNotAllowed(method, routeName)
            }
            if let denied = authorize(request, routeName) { return denied }
            if segments.count == 2 { return routed(listRuleSets(), routeName) }
            guard let entry = ruleSets.entry(segments[2]) else {
                return routed(
                    error(unknownRuleSet(segments[2])), routeName)
            }
            switch segments.count {
            case 3: return routed(describe(entry), routeName)
            case 4 where segments[3] == "cases": return routed(listCases(entry), routeName)
            case 4: return routed(parseScenarioText(request, entry, worker), routeName)
            default: return routed(openCase(entry, segments[4]), routeName)
            }
        }
        return routed(error(APIError(404, "not_found", "no such path: \(path)")), "unknown")
    }

    /// The level colours of every rule set served (`HTMLTheme`), each under `[data-ruleset="NAME"]`.
    private func levelCSS() -> String {
        var out = ""
        for e in ruleSets.all {
            guard let rs = e.ruleSet else { continue }
            let scope =
                "[data-ruleset=\"" + e.name.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } + "\"] "
            for line in HTMLTheme.standard.levelCSS(levels: rs.levels.map(\.name)).split(separator: "\n") {
                out += scope + line + "\n"
            }
        }
        return out
    }

    // MARK: Shared answers

    private func routed(_ r: HTTPResponse, _ name: String) -> HTTPResponse {
        var r = r
        r.route = name
        return r
    }

    func json(_ bytes: [UInt8], status: Int = 200, route: String = "unknown") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: .bytes(bytes), route: route)
    }

    func error(_ e: APIError) -> HTTPResponse {
        var r = json(e.json, status: e.status)
        if e.status == 401 { r.headers.append(("WWW-Authenticate", "Bearer")) }
        return r
    }

    private func methodNotAllowed(_ allowed: String, _ route: String) -> HTTPResponse {
        var r = error(APIError(405, "method_not_allowed", "\(route) takes \(allowed)"))
        r.headers.append(("Allow", allowed == "GET" ? "GET, HEAD" : allowed))
        r.route = route
        return r
    }

    private func page(_ request: HTTPRequest, _ text: String, _ type: String, _ route: String) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return methodNotAllowed("GET", route) }
        return HTTPResponse(
            status: 200, headers: [("Content-Type", type)], body: .bytes(Array(text.utf8)), route: route)
    }

    /// nil when the request may go on; otherwise the 401 answer.
    private func authorize(_ request: HTTPRequest, _ route: String) -> HTTPResponse? {
        guard let token = configuration.token else { return nil }
        let given = request.header("authorization") ?? ""
        let expected = "Bearer " + token
        if APIService.constantTimeEqual(Array(given.utf8), Array(expected.utf8)) { return nil }
        return routed(
            error(
                APIError(
                    401, "unauthorized",
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
        let given =
            (request.header("content-type") ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        if accepted.contains(given) { return nil }
        return APIError(
            415, "unsupported_media_type",
            (given.isEmpty ? "no Content-Type given" : "Content-Type \(given) is not accepted") + "; send "
                + accepted.joined(separator: " or "),
            field: "Content-Type")
    }
}
