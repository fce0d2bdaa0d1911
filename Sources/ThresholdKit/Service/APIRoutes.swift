/// Every route the server answers, one declaration each: method, path, summary, who may call it, what it
/// takes and answers, and its handler (named for its path: `/v1/whatif` is `whatIf`, in
/// `APIService+WhatIf.swift`). `APIService` dispatches from this table, its metrics are labelled from it,
/// and `GET /v1/openapi.json` (`OpenAPIDocument`) describes it.
extension APIService {
    static let routes: [APIRoute] = [
        // The decision API.
        scenarioRoute(
            "/v1/score", "Score one scenario: the result object, as `threshold score --format json`",
            query: [changesQuery(scoring: true)], answer: .json("The result", "Result")
        ) { s, r, w in s.score(r, w) },
        APIRoute(
            "POST", "/v1/batch",
            "Score JSON Lines: one result (or error) line per line, streamed, as `threshold batch`",
            query: [ruleSetQuery, changesQuery(scoring: false), outcomeOnlyQuery],
            body: .init(
                types: ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/json"],
                schema: "BatchInput", description: "One scenario object per line"),
            answers: [
                .lines(
                    "One line per line read: a result (its outcome alone with `outcome_only=true`), "
                        + "`{\"line\", \"error\"}`, and last, when a limit stopped it, `{\"stopped\"}`", "BatchLine")
            ],
            errors: [.badRequest, .unsupportedMediaType, .unknownRuleSet, .ruleSetUnavailable],
            handler: .plain { s, r, _, w in s.batch(r, w) }),
        scenarioRoute(
            "/v1/whatif", "The current and the changed outcome side by side, and what changed",
            body: .init(
                types: ["application/json"], schema: "WhatIfRequest", description: "A scenario and changes",
                example: .object([
                    ("scenario", exampleScenario), ("changes", .object([("imminent_danger", .bool(true))])),
                ])),
            answer: .json("Both results and their differences", "WhatIfAnswer"), errors: [.missingMember]
        ) { s, r, w in s.whatIf(r, w) },
        scenarioRoute(
            "/v1/whynot", "What stops a level or a rule, and the changes that would reach it",
            body: .init(
                types: ["application/json"], schema: "WhyNotRequest", description: "A scenario and a level or rule",
                example: .object([("scenario", exampleScenario), ("target", .string("red_urgent"))])),
            answer: .json("What stops the target", "WhyNotAnswer"), errors: [.missingMember, .unknownTarget]
        ) { s, r, w in s.whyNot(r, w) },
        scenarioRoute(
            "/v1/next-questions", "The questions that could still change the outcome, in `ask` order",
            answer: .json("The questions", "NextQuestionsAnswer")
        ) { s, r, w in s.nextQuestions(r, w) },
        scenarioRoute(
            "/v1/scenario-file", "A scenario object in, `.scenario` text out (passes `threshold test`)",
            answer: .text(
                "The scenario file, its expectations the current result", "text/plain; charset=utf-8",
                headers: ["Content-Disposition"]),
            errors: [.badID]
        ) { s, r, w in s.scenarioFile(r, w) },
        // Rule sets and their worked cases.
        APIRoute(
            "GET", "/v1/rulesets", "The rule sets served", answers: [.json("The rule sets", "RuleSetList")],
            handler: .plain { s, _, _, _ in s.listRuleSets() }),
        ruleSetRoute(
            "GET", "/v1/rulesets/{name}", "A rule set's facts (in `ask` order), levels, scores, rules and advice",
            answer: .json("The rule set", "RuleSetAnswer")
        ) { s, _, _, e in s.describe(e) },
        ruleSetRoute(
            "GET", "/v1/rulesets/{name}/cases", "The worked case files found for a rule set, by number",
            answer: .json("The worked cases", "CaseList")
        ) { s, _, _, e in s.listCases(e) },
        ruleSetRoute(
            "GET", "/v1/rulesets/{name}/cases/{n}", "The scenarios of worked case file number n",
            parameters: [("n", "The case file's number in `/v1/rulesets/{name}/cases` (from 1)", "1")],
            answer: scenariosAnswer, errors: [.unknownCase, .ruleSetUnavailable, .invalidScenarioFile]
        ) { s, _, p, e in s.openCase(e, p[1]) },
        ruleSetRoute(
            "POST", "/v1/rulesets/{name}/parse", "`.scenario` text in, scenario objects out",
            body: .init(
                types: ["text/plain"], schema: "ScenarioText", description: "The text of a `.scenario` file",
                example: .string("scenario x\n  given\n    age = 12\nend\n")),
            answer: scenariosAnswer, errors: [.unsupportedMediaType, .ruleSetUnavailable, .invalidScenarioFile]
        ) { s, r, _, e in s.parseScenarioText(r, e) },
        // The workbench's rules editor: the rule file's text through the language service.
        ruleSetRoute(
            "GET", "/v1/rulesets/{name}/source",
            "One of the rule set's files (the main one by default): its text and SHA-256, the files, whether saves are allowed",
            query: [fileQuery], answer: .json("The rule file", "RuleSource"),
            errors: [.rulesUnwritable, .unknownFile, .rulesInvalid]
        ) { s, r, _, e in s.ruleSource(r, e) },
        editRoute(
            "check", "Edited rule text: its diagnostics and tokens, the worked cases under it, and what it changes",
            answer: .json("The check", "EditCheck")
        ) { s, r, e in s.editCheck(r, e) },
        editRoute(
            "complete", "What fits at a position of edited rule text", position: true,
            answer: .json("The proposals", "EditCompletion")
        ) { s, r, e in s.editComplete(r, e) },
        editRoute(
            "hover", "What the name at a position of edited rule text is", position: true,
            answer: .json("The hover", "EditHover")
        ) { s, r, e in s.editHover(r, e) },
        editRoute(
            "format", "Edited rule text laid out as `threshold fmt` does", answer: .json("The layout", "EditFormat")
        ) { s, r, e in s.editFormat(r, e) },
        APIRoute(
            "POST", "/v1/rulesets/{name}/edit/save",
            "Writes edited text over the rule file (only with `--allow-edit`), keeping FILE.previous, and reloads",
            parameters: [ruleSetName],
            body: .init(
                types: ["application/json"], schema: "EditSave",
                description: "The text and the `sha256` of the file as it was loaded (`GET …/source`)",
                example: .object([("text", .string("ruleset \"x\"\n")), ("sha256", .string("0"))])),
            answers: [.json("Saved", "EditSaved")],
            errors: [.editNotAllowed, .sourceChanged, .rulesUnwritable, .unknownRuleSet] + editErrors,
            handler: .plain { s, r, p, _ in s.editSave(r, p) }),
        // The calibration exercise: trainees' routes take the join code, the presenter's the token.
        APIRoute(
            "GET", "/v1/exercise/case", "The exercise's current case as trainees see it (no answer before the reveal)",
            access: .joinCode,
            query: [
                .init(
                    name: "by", description: "The trainee's pseudonym: says whether they have rated",
                    schema: .object([("type", .string("string"))]))
            ],
            answers: [.json("The case", "ExerciseCase")],
            handler: .exercise { s, r, e in s.exerciseCase(r, e) }),
        APIRoute(
            "POST", "/v1/exercise/rating", "A trainee's rating of the current case", access: .joinCode,
            body: .init(
                types: ["application/json"], schema: "Rating", description: "The rating",
                example: .object([("by", .string("owl")), ("level", .string("amber"))])),
            answers: [.json("Rated", "Rated")],
            errors: [
                .unsupportedMediaType, .badJSON, .notAnObject, .badTrainee, .badLevel, .badRationale, .alreadyRated,
                .revealed, .movedOn, .finished, .full, .ratingsUnwritable,
            ],
            handler: .exercise { s, r, e in s.exerciseRating(r, e) }),
        presenterRoute(
            "GET", "/v1/exercise", "The presenter's view of the exercise: the case, the join link, the ratings",
            answer: exerciseStateAnswer
        ) { s, e in s.exerciseState(e) },
        presenterRoute(
            "POST", "/v1/exercise/reveal", "Reveal the rules' answer to the current case", answer: exerciseStateAnswer,
            errors: [.finished, .ratingsUnwritable]
        ) { s, e in s.exerciseReveal(e) },
        presenterRoute(
            "POST", "/v1/exercise/next", "Move on to the next case (after the last, the exercise is finished)",
            answer: exerciseStateAnswer, errors: [.ratingsUnwritable]
        ) { s, e in s.exerciseNext(e) },
        presenterRoute(
            "GET", "/v1/exercise/export", "The ratings as decisions that `threshold audit` reads (JSON Lines)",
            answer: .lines("One decision per line", "Decision", headers: ["Content-Disposition"])
        ) { s, e in s.exerciseExport(e) },
        presenterRoute(
            "GET", "/v1/exercise/agreement", "Agreement: Fleiss' kappa between trainees, each trainee with the rules",
            answer: .json("The agreement", "Agreement")
        ) { s, e in s.exerciseAgreement(e) },
        // This description.
        APIRoute(
            "GET", "/v1/openapi.json", "This description of the API (OpenAPI 3.1)",
            answers: [.json("The OpenAPI document", "OpenAPI")], handler: .plain { s, _, _, _ in s.openAPI() }),
        // Operations.
        APIRoute(
            "GET", "/health", "Liveness", access: .open, answers: [.json("Alive", "Health")],
            handler: .plain { s, _, _, _ in s.health() }),
        APIRoute(
            "GET", "/metrics", "Prometheus text: requests, errors, latency histograms, reloads",
            answers: [.text("The metrics", "text/plain; version=0.0.4; charset=utf-8")],
            handler: .plain { s, _, _, _ in s.metricsText() }),
        // The workbench: pages and their files, embedded in the binary.
        fileRoute("/", "The workbench", workbenchPage) { $0.workbenchPage() },
        fileRoute("/index.html", label: "/", "The workbench", workbenchPage, described: false) { $0.workbenchPage() },
        fileRoute("/join", "The trainee's page of the exercise", workbenchPage) { $0.workbenchPage() },
        fileRoute("/workbench.css", "The workbench's style sheet", .text("CSS", "text/css; charset=utf-8")) {
            $0.workbenchCSS()
        },
        fileRoute(
            "/workbench-levels.css", "The level colours of every rule set served",
            .text("CSS", "text/css; charset=utf-8")
        ) { $0.workbenchLevelsCSS() },
        fileRoute(
            "/workbench.js", "The workbench's script", .text("JavaScript", "text/javascript; charset=utf-8")
        ) { $0.workbenchScript() },
    ]

    // MARK: What several routes share

    /// `POST PATH?ruleset=NAME` with a scenario in its body (`scenarioBody` unless said): it answers the errors of
    /// reading a scenario (`scenarioErrors`) and `errors`.
    static func scenarioRoute(
        _ path: String, _ summary: String, query: [APIRoute.Query] = [], body: APIRoute.Body = scenarioBody,
        answer: APIRoute.Answer, errors: [APIErrorCode] = [],
        _ handler: @escaping @Sendable (APIService, HTTPRequest, ServiceWorker) -> HTTPResponse
    ) -> APIRoute {
        APIRoute(
            "POST", path, summary, query: [ruleSetQuery] + query, body: body, answers: [answer],
            errors: scenarioErrors + errors, handler: .plain { s, r, _, w in handler(s, r, w) })
    }

    /// A route under `/v1/rulesets/{name}`: the rule set the path names is given to `handler` (with the request
    /// and the path's parameters), or `unknown_ruleset` (404) answered.
    static func ruleSetRoute(
        _ method: String, _ path: String, _ summary: String,
        parameters: [(name: String, description: String, example: String)] = [], query: [APIRoute.Query] = [],
        body: APIRoute.Body? = nil, answer: APIRoute.Answer, errors: [APIErrorCode] = [],
        _ handler: @escaping @Sendable (APIService, HTTPRequest, [String], ServiceRuleSets.Entry) -> HTTPResponse
    ) -> APIRoute {
        APIRoute(
            method, path, summary, parameters: [ruleSetName] + parameters, query: query, body: body, answers: [answer],
            errors: [.unknownRuleSet] + errors,
            handler: .plain { s, r, p, _ in s.withEntry(p) { handler(s, r, p, $0) } })
    }

    /// `POST /v1/rulesets/{name}/edit/NAME`: an action of the rules editor on its edited text (`editBody`), with a
    /// position in it when `position`.
    static func editRoute(
        _ name: String, _ summary: String, position: Bool = false, answer: APIRoute.Answer,
        _ handler: @escaping @Sendable (APIService, HTTPRequest, ServiceRuleSets.Entry) -> HTTPResponse
    ) -> APIRoute {
        ruleSetRoute(
            "POST", "/v1/rulesets/{name}/edit/" + name, summary, body: editBody(position: position), answer: answer,
            errors: editErrors
        ) { s, r, _, e in handler(s, r, e) }
    }

    /// A presenter's route of the calibration exercise (`/v1/exercise…`): the server's token, and `no_exercise`
    /// (404) when the server runs none.
    static func presenterRoute(
        _ method: String, _ path: String, _ summary: String, answer: APIRoute.Answer, errors: [APIErrorCode] = [],
        _ handler: @escaping @Sendable (APIService, Exercise) -> HTTPResponse
    ) -> APIRoute {
        APIRoute(
            method, path, summary, answers: [answer], errors: [.noExercise] + errors,
            handler: .exercise { s, _, e in handler(s, e) })
    }

    /// `GET PATH`, open to all: one of the workbench's pages or files.
    static func fileRoute(
        _ path: String, label: String? = nil, _ summary: String, _ answer: APIRoute.Answer, described: Bool = true,
        _ file: @escaping @Sendable (APIService) -> HTTPResponse
    ) -> APIRoute {
        APIRoute(
            "GET", path, label: label, summary, access: .open, answers: [answer], described: described,
            handler: .plain { s, _, _, _ in file(s) })
    }

    static let scenariosAnswer = APIRoute.Answer.json("The scenarios", "ScenariosAnswer")

    static let exerciseStateAnswer = APIRoute.Answer.json("The exercise", "ExerciseState")

    static let workbenchPage = APIRoute.Answer.text("The workbench's page", "text/html; charset=utf-8")

    static let ruleSetQuery = APIRoute.Query(
        name: "ruleset",
        description: "The rule set: the rule file's name without `.rules` (`GET /v1/rulesets` lists them); "
            + "without it, the first given to `threshold serve`",
        schema: .object([("type", .string("string")), ("examples", .array([.string("camden-mash")]))]))

    /// The rules editor's file: one of those `…/source` lists in `files`.
    static let fileQuery = APIRoute.Query(
        name: "file",
        description: "One of the rule set's files as `…/source` lists them in `files` (relative to the main rule "
            + "file's folder); without it, the main rule file",
        schema: .object([("type", .string("string")), ("examples", .array([.string("camden/ratings.rules")]))]))

    static func changesQuery(scoring: Bool) -> APIRoute.Query {
        APIRoute.Query(
            name: "changes",
            description: scoring
                ? "`false` skips the counterfactual search (`changes` is then `[]`); any other value, or none, "
                    + "searches"
                : "`true` fills each result's `changes` (slower); any other value, or none, leaves them empty",
            schema: .object([("type", .string("string"))]))
    }

    static let outcomeOnlyQuery = APIRoute.Query(
        name: "outcome_only",
        description: "`true` answers each line with its outcome alone (`scenario`, `ruleset`, `outcome`, `warnings`; "
            + "no explanation: faster), as `threshold batch --outcome-only`; not with `changes=true`",
        schema: .object([("type", .string("string"))]))

    static let scenarioBody = APIRoute.Body(
        types: ["application/json"], schema: "Scenario",
        description: "A scenario object (`{\"id\", \"title\", \"facts\"}`) or a bare facts object",
        example: exampleScenario)

    static let scenarioErrors: [APIErrorCode] = [
        .unsupportedMediaType, .badJSON, .notAnObject, .unknownRuleSet, .ruleSetUnavailable, .unknownFact, .badValue,
        .invalidScenario,
    ]

    static func editBody(position: Bool) -> APIRoute.Body {
        APIRoute.Body(
            types: ["application/json"], schema: position ? "EditPosition" : "EditText",
            description: position
                ? "The edited text of a rule file (`file`, as `…/source` lists them; the main one without it), and a "
                    + "position in it (`line` and `character` from 0, in UTF-16 code units)"
                : "The edited text of a rule file (`file`, as `…/source` lists them; the main one without it)",
            example: position
                ? .object([("text", .string("ruleset \"x\"\n")), ("line", .number("0")), ("character", .number("3"))])
                : .object([("text", .string("ruleset \"x\"\n"))]))
    }

    /// What reading the rules editor's body answers (beyond `unknown_ruleset`).
    static let editErrors: [APIErrorCode] = [
        .unsupportedMediaType, .badJSON, .notAnObject, .missingMember, .unknownFile,
    ]

    static let ruleSetName = (
        name: "name", description: "The rule set's name: the rule file's name without `.rules`", example: "camden-mash"
    )

    /// A scenario of the shipped Camden rules, for the examples.
    static let exampleScenario = JSONValue.object([
        ("id", .string("mathew")),
        (
            "facts",
            .object([
                ("age", .number("12")), ("imminent_danger", .bool(false)), ("risk_of_significant_harm", .bool(true)),
                ("received", .string("2019-04-12T16:00")),
            ])
        ),
    ])
}
