/// One route of the API: what `APIService` dispatches on (method and path pattern), who may call it, the
/// label its metrics carry, the handler that answers it, and what the OpenAPI description says of it
/// (`OpenAPIDocument`). The routes are declared once, in `APIService.routes` (`APIRoutes.swift`).
struct APIRoute: Sendable {
    /// Who may call a route.
    enum Access: Sendable, Equatable {
        /// Anyone (the workbench's files, `/health`).
        case open
        /// The server's token, when it has one (`Authorization: Bearer TOKEN`).
        case token
        /// The exercise's join code (`?code=` or `X-Join-Code`) and nothing else: the token does not stand in.
        case joinCode
    }

    /// A query parameter, as OpenAPI describes it.
    struct Query: Sendable {
        var name: String
        var description: String
        /// A JSON Schema of the value (`{"type": "string"}`).
        var schema: JSONValue
    }

    /// The request's body: the content types accepted and the schema of each (a component's name).
    struct Body: Sendable {
        var types: [String]
        var schema: String
        var description: String
        /// An example for the shipped Camden rules (the first rule set `scripts/api-check.sh` serves).
        var example: JSONValue? = nil
    }

    /// A success answer: its status, content type and schema (a component's name; nil for text).
    struct Answer: Sendable {
        var status: Int
        var description: String
        var type: String
        var schema: String?
        /// Header fields it carries beyond those of every answer (`Content-Disposition`).
        var headers: [String] = []

        /// 200 with a JSON document of the schema named.
        static func json(_ description: String, _ schema: String) -> Answer {
            Answer(status: 200, description: description, type: "application/json", schema: schema)
        }

        /// 200 with JSON Lines, each line of the schema named.
        static func lines(_ description: String, _ schema: String, headers: [String] = []) -> Answer {
            Answer(
                status: 200, description: description, type: "application/x-ndjson", schema: schema, headers: headers)
        }

        /// 200 with text of the content type given (no schema).
        static func text(_ description: String, _ type: String, headers: [String] = []) -> Answer {
            Answer(status: 200, description: description, type: type, schema: nil, headers: headers)
        }
    }

    /// What answers a route once its head has been judged: the path's parameters (the segments that stand for
    /// `{…}`, in order) are given.
    enum Handler: Sendable {
        case plain(@Sendable (APIService, HTTPRequest, [String], ServiceWorker) -> HTTPResponse)
        /// A route of the calibration exercise: answered `no_exercise` (404) when the server runs none.
        case exercise(@Sendable (APIService, HTTPRequest, Exercise) -> HTTPResponse)
    }

    var method: String
    /// The path, with `{name}` for a segment that is a parameter (`/v1/rulesets/{name}/cases/{n}`).
    var path: String
    /// The `route` label of its metrics: the path pattern unless said otherwise (never a name or an id
    /// from the request).
    var label: String
    var summary: String
    var access: Access
    var query: [Query]
    var body: Body?
    var answers: [Answer]
    /// The error codes its handler answers (beyond those any request may get: `APIRoute.commonErrors`).
    var errors: [APIErrorCode]
    /// The path parameters' descriptions, in order, each with an example for the shipped rules.
    var parameters: [(name: String, description: String, example: String)]
    /// Whether the OpenAPI description lists it (the workbench's second name for `/`, `/index.html`, is not).
    var described: Bool
    var handler: Handler

    init(
        _ method: String, _ path: String, label: String? = nil, _ summary: String, access: Access = .token,
        parameters: [(name: String, description: String, example: String)] = [], query: [Query] = [], body: Body? = nil,
        answers: [Answer], errors: [APIErrorCode] = [], described: Bool = true, handler: Handler
    ) {
        self.method = method
        self.path = path
        self.label = label ?? path
        self.summary = summary
        self.access = access
        self.parameters = parameters
        self.query = query
        self.body = body
        self.answers = answers
        self.errors = errors
        self.described = described
        self.handler = handler
    }

    /// The segments of the pattern, without the leading empty one: `["v1", "rulesets", "{name}"]`.
    var segments: [Substring] { path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 } }

    /// The path's parameters when `segments` (a request's path, split the same way) fits the pattern; a
    /// parameter stands for one segment that is not empty.
    func match(_ segments: [Substring]) -> [String]? {
        let pattern = self.segments
        guard pattern.count == segments.count else { return nil }
        var parameters: [String] = []
        for (p, s) in zip(pattern, segments) {
            if p.hasPrefix("{") {
                guard !s.isEmpty else { return nil }
                parameters.append(String(s))
            } else if p != s {
                return nil
            }
        }
        return parameters
    }

    /// Whether a request's method is this route's (`HEAD` goes with `GET`).
    func accepts(_ method: String) -> Bool { method == self.method || (self.method == "GET" && method == "HEAD") }

    /// The metric labels of answers given before any route is found.
    enum Label {
        static let unknown = "unknown"
        static let misdirected = "misdirected"
        static let malformed = "malformed"
        static let preflight = "preflight"
    }

    /// The errors any request may be answered with, before or whatever its route: a request that cannot be
    /// read (400, 408, 413, 417, 431, 501, 505), a wrong `Host` (421), a full server (503).
    static let commonErrors: [APIErrorCode] = [
        .badRequest, .timeout, .tooLarge, .expectationFailed, .misdirectedRequest, .headerTooLarge, .notImplemented,
        .unavailable, .httpVersion,
    ]
}
