/// The API described in OpenAPI 3.1, built from the route table (`APIService.routes`): each route's
/// operation, parameters, request body, answers and errors (the codes `APIErrorCode` gives each status), and
/// the schemas of what is sent and answered. Served at `GET /v1/openapi.json` and kept as
/// `docs/openapi.json` (a test holds them to the same bytes). Deterministic: members in a fixed order, two
/// spaces of indentation, a newline at the end.
enum OpenAPIDocument {
    /// The document's bytes, built once.
    static let bytes: [UInt8] = {
        var out = ""
        pretty(document(), indent: "", into: &out)
        return Array((out + "\n").utf8)
    }()

    static func document() -> JSONValue {
        var paths: [(String, JSONValue)] = []
        for route in APIService.routes where route.described {
            let op = operation(route)
            if let i = paths.firstIndex(where: { $0.0 == route.path }), case .object(var ops) = paths[i].1 {
                ops.append((route.method.lowercased(), op))
                paths[i].1 = .object(ops)
            } else {
                paths.append((route.path, .object([(route.method.lowercased(), op)])))
            }
        }
        return object([
            ("openapi", .string("3.1.0")),
            (
                "info",
                object([
                    ("title", .string("threshold serve")),
                    ("version", .string("1")),
                    (
                        "description",
                        .string(
                            "The decision API of `threshold serve`: rule sets of children's safeguarding front-door "
                                + "thresholds, scored over HTTP. See docs/api.md."
                        )
                    ),
                ])
            ),
            ("servers", .array([object([("url", .string("/"))])])),
            ("paths", .object(paths)),
            (
                "components",
                object([
                    ("schemas", .object(schemas())),
                    (
                        "securitySchemes",
                        object([
                            (
                                "bearer",
                                object([
                                    ("type", .string("http")), ("scheme", .string("bearer")),
                                    (
                                        "description",
                                        .string("The server's token (`--token`), when it has one")
                                    ),
                                ])
                            ),
                            (
                                "joinCode",
                                object([
                                    ("type", .string("apiKey")), ("in", .string("query")), ("name", .string("code")),
                                    ("description", .string("The exercise's join code (or `X-Join-Code`)")),
                                ])
                            ),
                            (
                                "joinCodeHeader",
                                object([
                                    ("type", .string("apiKey")), ("in", .string("header")),
                                    ("name", .string("X-Join-Code")),
                                ])
                            ),
                        ])
                    ),
                ])
            ),
        ])
    }

    /// The result object, as `POST /v1/score`, `threshold score --format json` and each line of `batch` give it:
    /// the result's own description (`ResultDescription`), the objects inside it among the components.
    static func resultSchema() -> JSONValue {
        ResultDescription.resultSchema(refPrefix: "#/components/schemas/")
    }

    // MARK: Operations

    static func operation(_ route: APIRoute) -> JSONValue {
        var op: [(String, JSONValue)] = [
            ("operationId", .string(operationID(route))),
            ("summary", .string(route.summary)),
        ]
        var parameters: [JSONValue] = route.parameters.map { p in
            object([
                ("name", .string(p.name)), ("in", .string("path")), ("required", .bool(true)),
                ("description", .string(p.description)), ("schema", object([("type", .string("string"))])),
                ("example", .string(p.example)),
            ])
        }
        parameters += route.query.map { q in
            object([
                ("name", .string(q.name)), ("in", .string("query")), ("required", .bool(false)),
                ("description", .string(q.description)), ("schema", q.schema),
            ])
        }
        if !parameters.isEmpty { op.append(("parameters", .array(parameters))) }
        if let body = route.body {
            op.append(
                (
                    "requestBody",
                    object([
                        ("required", .bool(true)),
                        ("description", .string(body.description)),
                        (
                            "content",
                            .object(
                                body.types.map { type in
                                    var media: [(String, JSONValue)] = [("schema", ref(body.schema))]
                                    // The example is JSON for a JSON body, text for text.
                                    if let e = body.example, type == body.types[0] { media.append(("example", e)) }
                                    return (type, .object(media))
                                })
                        ),
                    ])
                ))
        }
        var responses: [(String, JSONValue)] = route.answers.map { a in
            var r: [(String, JSONValue)] = [("description", .string(a.description))]
            if !a.headers.isEmpty {
                r.append(
                    (
                        "headers",
                        .object(a.headers.map { ($0, object([("schema", object([("type", .string("string"))]))])) })
                    ))
            }
            r.append(
                ("content", object([(a.type, a.schema.map { object([("schema", ref($0))]) } ?? object([]))])))
            return (String(a.status), .object(r))
        }
        var codes = route.errors
        switch route.access {
        case .open: break
        case .token: codes.append(.unauthorized)
        case .joinCode: codes.append(.badJoinCode)
        }
        if route.method == "POST" { codes.append(.crossOrigin) }
        codes += APIRoute.commonErrors
        let statuses = Set(codes.map(\.status)).sorted()
        for status in statuses {
            let these = APIErrorCode.allCases.filter { c in c.status == status && codes.contains(c) }
            var r: [(String, JSONValue)] = [
                ("description", .string(these.map { "`\($0.rawValue)`" }.joined(separator: ", ")))
            ]
            if status == 401 {
                r.append(
                    (
                        "headers",
                        object([("WWW-Authenticate", object([("schema", object([("type", .string("string"))]))]))])
                    ))
            }
            r.append(("content", object([("application/json", object([("schema", ref("Error"))]))])))
            responses.append((String(status), .object(r)))
        }
        op.append(("responses", .object(responses)))
        switch route.access {
        case .open: op.append(("security", .array([])))
        case .token: op.append(("security", .array([object([]), object([("bearer", .array([]))])])))
        case .joinCode:
            op.append(
                (
                    "security",
                    .array([object([("joinCode", .array([]))]), object([("joinCodeHeader", .array([]))])])
                ))
        }
        return .object(op)
    }

    /// `POST /v1/rulesets/{name}/parse` → `postRulesetsNameParse`.
    static func operationID(_ route: APIRoute) -> String {
        var id = route.method.lowercased()
        let words = route.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter { $0 != "v1" }
        for w in words { id += w.prefix(1).uppercased() + w.dropFirst() }
        return words.isEmpty ? id + "Workbench" : id
    }

    // MARK: Schemas

    static func schemas() -> [(String, JSONValue)] {
        let diagnostic = shape([
            ("code", string), ("message", string), ("file", nullable("string")), ("line", nullable("integer")),
            ("column", nullable("integer")),
        ])
        let change = shape([("set", object([("type", .string("object"))])), ("outcome", string)])
        let position = shape([("line", integer), ("character", integer)])
        let range = shape([("start", position), ("end", position)])
        let caseFields: [(String, JSONValue)] = [
            ("case", integer), ("cases", integer), ("finished", boolean), ("revealed", boolean),
            ("levels", array(shape([("id", string), ("label", string)]))),
            ("id", string), ("title", string), ("story", string), ("facts", anyObject),
        ]
        let caseRequired = ["case", "cases", "finished", "revealed", "levels"]
        return [("Result", resultSchema())] + ResultDescription.definitions(refPrefix: "#/components/schemas/") + [
            ("OutcomeLine", ResultDescription.outcomeLineSchema(refPrefix: "#/components/schemas/")),
            (
                "Error",
                shape([
                    (
                        "error",
                        shape(
                            [
                                (
                                    "code",
                                    object([("enum", .array(APIErrorCode.allCases.map { .string($0.rawValue) }))])
                                ),
                                ("message", string), ("field", nullable("string")),
                                ("diagnostics", array(ref("Diagnostic"))),
                            ], required: ["code", "message", "field"])
                    )
                ])
            ),
            ("Diagnostic", diagnostic),
            (
                "Scenario",
                object([
                    ("type", .string("object")),
                    (
                        "description",
                        .string(
                            "A scenario (`id`, `title`, `facts`: fact name to value, `null` unknown) or a bare "
                                + "facts object")
                    ),
                ])
            ),
            (
                "BatchInput",
                object([
                    (
                        "description",
                        .string(
                            "JSON Lines: one scenario object per line; a line that is not one is answered in "
                                + "the output as `{\"line\", \"error\"}`, so any bytes are taken")
                    )
                ])
            ),
            (
                "BatchLine",
                object([
                    (
                        "description",
                        .string(
                            "A result (its outcome alone with `outcome_only=true`), an error line or the line saying "
                                + "where a limit stopped")
                    ),
                    (
                        "oneOf",
                        .array([
                            ref("Result"), ref("OutcomeLine"), shape([("line", integer), ("error", string)]),
                            shape([
                                (
                                    "stopped",
                                    shape([
                                        ("at_line", integer),
                                        (
                                            "reason",
                                            object([("enum", .array([.string("line_limit"), .string("time_limit")]))])
                                        ),
                                        ("message", string),
                                    ])
                                )
                            ]),
                        ])
                    ),
                ])
            ),
            ("WhatIfRequest", shape([("scenario", ref("Scenario")), ("changes", anyObject)])),
            (
                "WhatIfAnswer",
                shape([
                    (
                        "result",
                        shape([
                            ("changes", anyObject), ("now", ref("Result")), ("whatif", ref("Result")),
                            ("differences", ref("Differences")),
                        ])
                    )
                ])
            ),
            (
                "Differences",
                shape([
                    ("outcome", pair(string)), ("started_firing", array(string)), ("stopped_firing", array(string)),
                    (
                        "scores",
                        array(shape([("score", string), ("total", pair(number)), ("band", pair(string))]))
                    ),
                    ("advice_added", array(string)), ("advice_removed", array(string)),
                    ("due", pair(nullable("string"))),
                ])
            ),
            ("WhyNotRequest", shape([("scenario", ref("Scenario")), ("target", string)])),
            (
                "WhyNotAnswer",
                shape([
                    (
                        "result",
                        shape([
                            ("target", string), ("outcome", string),
                            ("kind", object([("enum", .array([.string("level"), .string("rule")]))])),
                            ("reached", boolean),
                            (
                                "rules",
                                array(
                                    shape([
                                        ("rule", string), ("level", string), ("condition", string), ("when", string),
                                        (
                                            "failing",
                                            array(
                                                shape([
                                                    ("part", string), ("value", string),
                                                    ("unknown_facts", array(string)),
                                                ])
                                            )
                                        ),
                                    ]))
                            ),
                            ("open_facts", array(string)), ("changes", array(change)),
                        ])
                    )
                ])
            ),
            (
                "NextQuestionsAnswer",
                shape([
                    (
                        "result",
                        array(
                            shape([
                                ("fact", string), ("question", string), ("type", string),
                                ("could_change", nullable("string")), ("required", boolean),
                            ]))
                    )
                ])
            ),
            (
                "RuleSetList",
                shape([
                    (
                        "result",
                        array(
                            shape([
                                ("name", string), ("title", nullable("string")), ("version", nullable("string")),
                                ("fingerprint", nullable("string")), ("errors", integer),
                            ]))
                    )
                ])
            ),
            (
                "RuleSetAnswer",
                shape([
                    (
                        "result",
                        shape(
                            [
                                ("name", string), ("generation", integer), ("errors", array(diagnostic)),
                                ("title", string), ("version", nullable("string")), ("source", nullable("string")),
                                ("fingerprint", string),
                                (
                                    "facts",
                                    array(
                                        shape([
                                            ("name", string), ("group", string), ("question", nullable("string")),
                                            (
                                                "type",
                                                shape(
                                                    [
                                                        ("kind", string), ("phrase", string),
                                                        ("min", nullable("number")),
                                                        ("max", nullable("number")), ("options", array(string)),
                                                    ], required: ["kind", "phrase"])
                                            ),
                                            ("required", boolean), ("default", object([])),
                                            ("source", nullable("string")),
                                        ]))
                                ),
                                (
                                    "levels",
                                    array(
                                        shape([
                                            ("name", string), ("label", string), ("route", nullable("string")),
                                            ("within", nullable("string")),
                                        ]))
                                ),
                                ("default_level", string),
                                (
                                    "scores",
                                    array(
                                        shape([
                                            ("name", string), ("label", nullable("string")),
                                            ("source", nullable("string")),
                                            ("min", nullable("number")), ("max", nullable("number")),
                                            ("facts", array(string)),
                                            (
                                                "bands",
                                                array(
                                                    shape([
                                                        ("name", string), ("label", string), ("low", number),
                                                        ("high", nullable("number")),
                                                    ]))
                                            ),
                                        ]))
                                ),
                                (
                                    "rules",
                                    array(
                                        shape([
                                            ("name", string), ("label", nullable("string")), ("level", string),
                                            ("because", nullable("string")), ("source", nullable("string")),
                                        ]))
                                ),
                                (
                                    "advice",
                                    array(shape([("name", string), ("text", string), ("source", nullable("string"))]))
                                ),
                            ], required: ["name", "generation", "errors"])
                    )
                ])
            ),
            ("CaseList", shape([("result", array(shape([("number", integer), ("file", string)])))])),
            (
                "ScenariosAnswer",
                shape([
                    (
                        "result",
                        shape([
                            ("file", string),
                            (
                                "scenarios",
                                array(
                                    shape(
                                        [("id", string), ("title", string), ("facts", anyObject)],
                                        required: ["id", "facts"]))
                            ),
                        ])
                    )
                ])
            ),
            ("ScenarioText", object([("type", .string("string"))])),
            (
                "RuleSource",
                shape([
                    (
                        "result",
                        shape([
                            ("name", string), ("file", string), ("text", string), ("sha256", string),
                            ("editable", boolean), ("files", array(string)),
                        ])
                    )
                ])
            ),
            ("EditText", shape([("text", string), ("file", nullable("string"))], required: ["text"])),
            (
                "EditPosition",
                shape(
                    [("text", string), ("line", integer), ("character", integer), ("file", nullable("string"))],
                    required: ["text", "line", "character"])
            ),
            (
                "EditSave",
                shape(
                    [("text", string), ("sha256", string), ("file", nullable("string"))], required: ["text", "sha256"])
            ),
            (
                "EditCheck",
                shape([
                    (
                        "result",
                        shape([
                            (
                                "diagnostics",
                                array(
                                    shape([
                                        ("severity", string), ("code", string), ("message", string), ("range", range),
                                    ]))
                            ),
                            (
                                "tokens",
                                array(
                                    shape([
                                        ("line", integer), ("character", integer), ("length", integer),
                                        ("type", string),
                                    ]))
                            ),
                            ("compiles", boolean),
                            (
                                "cases",
                                array(
                                    shape(
                                        [
                                            ("file", string), ("line", nullable("integer")), ("id", string),
                                            ("title", nullable("string")), ("passed", boolean), ("why", array(string)),
                                        ], required: ["file", "id", "passed", "why"]))
                            ),
                            (
                                "diff",
                                object([
                                    ("type", .array([.string("object"), .string("null")])),
                                    (
                                        "properties",
                                        .object([
                                            ("scenarios", integer), ("outcome_changes", integer),
                                            ("old_levels", array(string)), ("new_levels", array(string)),
                                            ("outcomes", array(array(integer))),
                                            (
                                                "changed",
                                                array(
                                                    shape(
                                                        [
                                                            ("id", string), ("file", nullable("string")),
                                                            ("old", string), ("new", string),
                                                            ("started", array(string)), ("stopped", array(string)),
                                                        ]))
                                            ),
                                        ])
                                    ),
                                ])
                            ),
                        ])
                    )
                ])
            ),
            (
                "EditCompletion",
                shape([
                    (
                        "result",
                        array(
                            shape(
                                [
                                    ("label", string), ("detail", nullable("string")),
                                    ("documentation", nullable("string")),
                                ], required: ["label"]))
                    )
                ])
            ),
            (
                "EditHover",
                shape([
                    (
                        "result",
                        object([
                            ("type", .array([.string("object"), .string("null")])),
                            ("properties", .object([("markdown", string), ("range", range)])),
                        ])
                    )
                ])
            ),
            (
                "EditFormat",
                shape([("result", shape([("text", nullable("string")), ("errors", array(diagnostic))]))])
            ),
            (
                "EditSaved",
                shape([
                    (
                        "result",
                        shape([
                            ("sha256", string), ("file", string), ("previous", string), ("generation", integer),
                            ("errors", array(diagnostic)),
                        ])
                    )
                ])
            ),
            (
                "ExerciseCase",
                shape([
                    (
                        "exercise",
                        shape(
                            caseFields + [
                                ("answer", string),
                                (
                                    "rated",
                                    object([
                                        ("description", .string("`true` before the reveal, then the trainee's level")),
                                        ("type", .array([.string("boolean"), .string("string")])),
                                    ])
                                ),
                            ], required: caseRequired)
                    )
                ])
            ),
            (
                "ExerciseState",
                shape([
                    (
                        "exercise",
                        shape(
                            [("join", string), ("code", string)] + caseFields + [
                                ("rated", integer), ("answer", string), ("result", ref("Result")),
                                ("spread", object([("type", .string("object")), ("additionalProperties", integer)])),
                                ("rationales", array(shape([("level", string), ("rationale", string)]))),
                            ], required: ["join", "code", "rated"] + caseRequired)
                    )
                ])
            ),
            (
                "Rating",
                shape(
                    [
                        (
                            "by",
                            object([
                                ("type", .string("string")), ("pattern", .string("^[A-Za-z0-9._-]{1,40}$")),
                                ("description", .string("The trainee's pseudonym")),
                            ])
                        ),
                        ("level", string),
                        ("rationale", object([("type", .string("string")), ("maxLength", .number("2000"))])),
                        ("case", string),
                    ], required: ["by", "level"])
            ),
            ("Rated", shape([("rated", object([("const", .bool(true))]))])),
            ("Decision", shape([("id", string), ("facts", anyObject), ("recorded", string), ("by", string)])),
            (
                "Agreement",
                shape([
                    ("cases", integer), ("ratings", integer), ("levels", array(string)),
                    ("fleiss_kappa", nullable("number")), ("cases_rated_twice", integer),
                    (
                        "trainees",
                        object([
                            ("type", .string("object")),
                            (
                                "additionalProperties",
                                shape([("ratings", integer), ("agreement", number), ("kappa", nullable("number"))])
                            ),
                        ])
                    ),
                    (
                        "per_case",
                        array(
                            shape([
                                ("id", string), ("rules", string),
                                ("ratings", object([("type", .string("object")), ("additionalProperties", integer)])),
                            ]))
                    ),
                ])
            ),
            ("Health", object([("type", .string("object"))])),
            (
                "OpenAPI",
                object([("type", .string("object")), ("required", .array([.string("openapi"), .string("paths")]))])
            ),
        ]
    }

    // MARK: Building blocks

    static func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(members) }
    static func ref(_ name: String) -> JSONValue { object([("$ref", .string("#/components/schemas/" + name))]) }
    static let string = object([("type", .string("string"))])
    static let integer = object([("type", .string("integer"))])
    static let number = object([("type", .string("number"))])
    static let boolean = object([("type", .string("boolean"))])
    static let anyObject = object([("type", .string("object"))])
    static func nullable(_ type: String) -> JSONValue {
        object([("type", .array([.string(type), .string("null")]))])
    }
    static func array(_ items: JSONValue) -> JSONValue { object([("type", .string("array")), ("items", items)]) }
    static func pair(_ items: JSONValue) -> JSONValue {
        object([
            ("type", .string("array")), ("items", items), ("minItems", .number("2")), ("maxItems", .number("2")),
        ])
    }
    /// An object with these members, all required unless `required` says which.
    static func shape(_ members: [(String, JSONValue)], required: [String]? = nil) -> JSONValue {
        object([
            ("type", .string("object")), ("properties", .object(members)),
            ("required", .array((required ?? members.map(\.0)).map { .string($0) })),
        ])
    }

    /// JSON with two spaces of indentation; empty objects and arrays as `{}` and `[]`.
    static func pretty(_ v: JSONValue, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch v {
        case .object(let members) where members.isEmpty: out += "{}"
        case .array(let items) where items.isEmpty: out += "[]"
        case .object(let members):
            out += "{\n"
            for (i, (k, value)) in members.enumerated() {
                out += inner + quoted(k) + ": "
                pretty(value, indent: inner, into: &out)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .array(let items):
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                pretty(item, indent: inner, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .string(let s): out += quoted(s)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quoted(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
