/// Every route the server answers, one declaration each: method, path, summary, who may call it, what it
/// takes and answers, and its handler (named for its path: `/v1/whatif` is `whatIf`, in
/// `APIService+WhatIf.swift`). `APIService` dispatches from this table, its metrics are labelled from it,
/// and `GET /v1/openapi.json` (`OpenAPIDocument`) describes it.
extension APIService {
    static let routes: [APIRoute] = [
        // The decision API.
        APIRoute(
            "POST", "/v1/score", "Score one scenario: the result object, as `threshold score --format json`",
            query: [ruleSetQuery, changesQuery(scoring: true)], body: scenarioBody,
            answers: [.init(status: 200, description: "The result", type: "application/json", schema: "Result")],
            errors: scenarioErrors,
            handler: .plain { s, r, _, w in s.score(r, w) }),
        APIRoute(
            "POST", "/v1/batch",
            "Score JSON Lines: one result (or error) line per line, streamed, as `threshold batch`",
            query: [ruleSetQuery, changesQuery(scoring: false)],
            body: .init(
                types: ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/json"],
                schema: "BatchInput", description: "One scenario object per line"),
            answers: [
                .init(
                    status: 200,
                    description: "One line per line read: a result, `{\"line\", \"error\"}`, and last, when a limit "
                        + "stopped it, `{\"stopped\"}`",
                    type: "application/x-ndjson", schema: "BatchLine")
            ],
            errors: [.unsupportedMediaType, .unknownRuleSet, .ruleSetUnavailable],
            handler: .plain { s, r, _, w in s.batch(r, w) }),
        APIRoute(
            "POST", "/v1/whatif", "The current and the changed outcome side by side, and what changed",
            query: [ruleSetQuery],
            body: .init(
                types: ["application/json"], schema: "WhatIfRequest", description: "A scenario and changes",
                example: .object([
                    ("scenario", exampleScenario), ("changes", .object([("imminent_danger", .bool(true))])),
                ])),
            answers: [
                .init(
                    status: 200, description: "Both results and their differences", type: "application/json",
                    schema: "WhatIfAnswer")
            ],
            errors: scenarioErrors + [.missingMember],
            handler: .plain { s, r, _, w in s.whatIf(r, w) }),
        APIRoute(
            "POST", "/v1/whynot", "What stops a level or a rule, and the changes that would reach it",
            query: [ruleSetQuery],
            body: .init(
                types: ["application/json"], schema: "WhyNotRequest", description: "A scenario and a level or rule",
                example: .object([("scenario", exampleScenario), ("target", .string("red_urgent"))])),
            answers: [
                .init(
                    status: 200, description: "What stops the target", type: "application/json", schema: "WhyNotAnswer")
            ],
            errors: scenarioErrors + [.missingMember, .unknownTarget],
            handler: .plain { s, r, _, w in s.whyNot(r, w) }),
        APIRoute(
            "POST", "/v1/next-questions", "The questions that could still change the outcome, in `ask` order",
            query: [ruleSetQuery], body: scenarioBody,
            answers: [
                .init(
                    status: 200, description: "The questions", type: "application/json", schema: "NextQuestionsAnswer")
            ],
            errors: scenarioErrors,
            handler: .plain { s, r, _, w in s.nextQuestions(r, w) }),
        APIRoute(
            "POST", "/v1/scenario-file", "A scenario object in, `.scenario` text out (passes `threshold test`)",
            query: [ruleSetQuery], body: scenarioBody,
            answers: [
                .init(
                    status: 200, description: "The scenario file, its expectations the current result",
                    type: "text/plain; charset=utf-8", headers: ["Content-Disposition"])
            ],
            errors: scenarioErrors + [.badID],
            handler: .plain { s, r, _, w in s.scenarioFile(r, w) }),
        // Rule sets and their worked cases.
        APIRoute(
            "GET", "/v1/rulesets", "The rule sets served",
            answers: [
                .init(status: 200, description: "The rule sets", type: "application/json", schema: "RuleSetList")
            ],
            handler: .plain { s, _, _, _ in s.listRuleSets() }),
        APIRoute(
            "GET", "/v1/rulesets/{name}", "A rule set's facts (in `ask` order), levels, scores, rules and advice",
            parameters: [ruleSetName],
            answers: [
                .init(status: 200, description: "The rule set", type: "application/json", schema: "RuleSetAnswer")
            ],
            errors: [.unknownRuleSet],
            handler: .plain { s, _, p, _ in s.withEntry(p) { s.describe($0) } }),
        APIRoute(
            "GET", "/v1/rulesets/{name}/cases", "The worked case files found for a rule set, by number",
            parameters: [ruleSetName],
            answers: [
                .init(status: 200, description: "The worked cases", type: "application/json", schema: "CaseList")
            ],
            errors: [.unknownRuleSet],
            handler: .plain { s, _, p, _ in s.withEntry(p) { s.listCases($0) } }),
        APIRoute(
            "GET", "/v1/rulesets/{name}/cases/{n}", "The scenarios of worked case file number n",
            parameters: [ruleSetName, ("n", "The case file's number in `/v1/rulesets/{name}/cases` (from 1)", "1")],
            answers: [
                .init(status: 200, description: "The scenarios", type: "application/json", schema: "ScenariosAnswer")
            ],
            errors: [.unknownRuleSet, .unknownCase, .ruleSetUnavailable, .invalidScenarioFile],
            handler: .plain { s, _, p, _ in s.withEntry(p) { s.openCase($0, p[1]) } }),
        APIRoute(
            "POST", "/v1/rulesets/{name}/parse", "`.scenario` text in, scenario objects out",
            parameters: [ruleSetName],
            body: .init(
                types: ["text/plain"], schema: "ScenarioText", description: "The text of a `.scenario` file",
                example: .string("scenario x\n  given\n    age = 12\nend\n")),
            answers: [
                .init(status: 200, description: "The scenarios", type: "application/json", schema: "ScenariosAnswer")
            ],
            errors: [.unknownRuleSet, .unsupportedMediaType, .ruleSetUnavailable, .invalidScenarioFile],
            handler: .plain { s, r, p, w in s.withEntry(p) { s.parseScenarioText(r, $0, w) } }),
        // The workbench's rules editor: the rule file's text through the language service.
        APIRoute(
            "GET", "/v1/rulesets/{name}/source",
            "The rule set's main file: its text and SHA-256, and whether saves are allowed",
            parameters: [ruleSetName],
            answers: [.init(status: 200, description: "The rule file", type: "application/json", schema: "RuleSource")],
            errors: [.unknownRuleSet, .rulesUnwritable],
            handler: .plain { s, _, p, _ in s.withEntry(p) { s.ruleSource($0) } }),
        APIRoute(
            "POST", "/v1/rulesets/{name}/edit/check",
            "Edited rule text: its diagnostics and tokens, the worked cases under it, and what it changes",
            parameters: [ruleSetName], body: editBody(position: false),
            answers: [.init(status: 200, description: "The check", type: "application/json", schema: "EditCheck")],
            errors: editErrors,
            handler: .plain { s, r, p, _ in s.withEntry(p) { s.editCheck(r, $0) } }),
        APIRoute(
            "POST", "/v1/rulesets/{name}/edit/complete", "What fits at a position of edited rule text",
            parameters: [ruleSetName], body: editBody(position: true),
            answers: [
                .init(status: 200, description: "The proposals", type: "application/json", schema: "EditCompletion")
            ],
            errors: editErrors,
            handler: .plain { s, r, p, _ in s.withEntry(p) { s.editComplete(r, $0) } }),
        APIRoute(
            "POST", "/v1/rulesets/{name}/edit/hover", "What the name at a position of edited rule text is",
            parameters: [ruleSetName], body: editBody(position: true),
            answers: [.init(status: 200, description: "The hover", type: "application/json", schema: "EditHover")],
            errors: editErrors,
            handler: .plain { s, r, p, _ in s.withEntry(p) { s.editHover(r, $0) } }),
        APIRoute(
            "POST", "/v1/rulesets/{name}/edit/format", "Edited rule text laid out as `threshold fmt` does",
            parameters: [ruleSetName], body: editBody(position: false),
            answers: [.init(status: 200, description: "The layout", type: "application/json", schema: "EditFormat")],
            errors: editErrors,
            handler: .plain { s, r, p, _ in s.withEntry(p) { s.editFormat(r, $0) } }),
        APIRoute(
            "POST", "/v1/rulesets/{name}/edit/save",
            "Writes edited text over the rule file (only with `--allow-edit`), keeping FILE.previous, and reloads",
            parameters: [ruleSetName],
            body: .init(
                types: ["application/json"], schema: "EditSave",
                description: "The text and the `sha256` of the file as it was loaded (`GET …/source`)",
                example: .object([("text", .string("ruleset \"x\"\n")), ("sha256", .string("0"))])),
            answers: [.init(status: 200, description: "Saved", type: "application/json", schema: "EditSaved")],
            errors: [.editNotAllowed, .sourceChanged, .rulesUnwritable] + editErrors,
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
            answers: [.init(status: 200, description: "The case", type: "application/json", schema: "ExerciseCase")],
            handler: .exercise { s, r, e in s.exerciseCase(r, e) }),
        APIRoute(
            "POST", "/v1/exercise/rating", "A trainee's rating of the current case", access: .joinCode,
            body: .init(
                types: ["application/json"], schema: "Rating", description: "The rating",
                example: .object([("by", .string("owl")), ("level", .string("amber"))])),
            answers: [.init(status: 200, description: "Rated", type: "application/json", schema: "Rated")],
            errors: [
                .unsupportedMediaType, .badJSON, .notAnObject, .badTrainee, .badLevel, .badRationale, .alreadyRated,
                .revealed, .movedOn, .finished, .full, .ratingsUnwritable,
            ],
            handler: .exercise { s, r, e in s.exerciseRating(r, e) }),
        APIRoute(
            "GET", "/v1/exercise", "The presenter's view of the exercise: the case, the join link, the ratings",
            answers: [
                .init(status: 200, description: "The exercise", type: "application/json", schema: "ExerciseState")
            ],
            errors: [.noExercise],
            handler: .exercise { s, _, e in s.exerciseState(e) }),
        APIRoute(
            "POST", "/v1/exercise/reveal", "Reveal the rules' answer to the current case",
            answers: [
                .init(status: 200, description: "The exercise", type: "application/json", schema: "ExerciseState")
            ],
            errors: [.noExercise, .finished, .ratingsUnwritable],
            handler: .exercise { s, _, e in s.exerciseReveal(e) }),
        APIRoute(
            "POST", "/v1/exercise/next", "Move on to the next case (after the last, the exercise is finished)",
            answers: [
                .init(status: 200, description: "The exercise", type: "application/json", schema: "ExerciseState")
            ],
            errors: [.noExercise, .ratingsUnwritable],
            handler: .exercise { s, _, e in s.exerciseNext(e) }),
        APIRoute(
            "GET", "/v1/exercise/export", "The ratings as decisions that `threshold audit` reads (JSON Lines)",
            answers: [
                .init(
                    status: 200, description: "One decision per line", type: "application/x-ndjson",
                    schema: "Decision", headers: ["Content-Disposition"])
            ],
            errors: [.noExercise],
            handler: .exercise { s, _, e in s.exerciseExport(e) }),
        APIRoute(
            "GET", "/v1/exercise/agreement", "Agreement: Fleiss' kappa between trainees, each trainee with the rules",
            answers: [.init(status: 200, description: "The agreement", type: "application/json", schema: "Agreement")],
            errors: [.noExercise],
            handler: .exercise { s, _, e in s.exerciseAgreement(e) }),
        // This description.
        APIRoute(
            "GET", "/v1/openapi.json", "This description of the API (OpenAPI 3.1)",
            answers: [
                .init(status: 200, description: "The OpenAPI document", type: "application/json", schema: "OpenAPI")
            ],
            handler: .plain { s, _, _, _ in s.openAPI() }),
        // Operations.
        APIRoute(
            "GET", "/health", "Liveness", access: .open,
            answers: [.init(status: 200, description: "Alive", type: "application/json", schema: "Health")],
            handler: .plain { s, _, _, _ in s.health() }),
        APIRoute(
            "GET", "/metrics", "Prometheus text: requests, errors, latency histograms, reloads",
            answers: [.init(status: 200, description: "The metrics", type: "text/plain; version=0.0.4; charset=utf-8")],
            handler: .plain { s, _, _, _ in s.metricsText() }),
        // The workbench: pages and their files, embedded in the binary.
        APIRoute(
            "GET", "/", "The workbench", access: .open,
            answers: [.init(status: 200, description: "The workbench's page", type: "text/html; charset=utf-8")],
            handler: .plain { s, _, _, _ in s.workbenchPage() }),
        APIRoute(
            "GET", "/index.html", label: "/", "The workbench", access: .open,
            answers: [.init(status: 200, description: "The workbench's page", type: "text/html; charset=utf-8")],
            described: false, handler: .plain { s, _, _, _ in s.workbenchPage() }),
        APIRoute(
            "GET", "/join", "The trainee's page of the exercise", access: .open,
            answers: [.init(status: 200, description: "The workbench's page", type: "text/html; charset=utf-8")],
            handler: .plain { s, _, _, _ in s.workbenchPage() }),
        APIRoute(
            "GET", "/workbench.css", "The workbench's style sheet", access: .open,
            answers: [.init(status: 200, description: "CSS", type: "text/css; charset=utf-8")],
            handler: .plain { s, _, _, _ in s.workbenchCSS() }),
        APIRoute(
            "GET", "/workbench-levels.css", "The level colours of every rule set served", access: .open,
            answers: [.init(status: 200, description: "CSS", type: "text/css; charset=utf-8")],
            handler: .plain { s, _, _, _ in s.workbenchLevelsCSS() }),
        APIRoute(
            "GET", "/workbench.js", "The workbench's script", access: .open,
            answers: [.init(status: 200, description: "JavaScript", type: "text/javascript; charset=utf-8")],
            handler: .plain { s, _, _, _ in s.workbenchScript() }),
    ]

    // MARK: What several routes share

    static let ruleSetQuery = APIRoute.Query(
        name: "ruleset",
        description: "The rule set: the rule file's name without `.rules` (`GET /v1/rulesets` lists them); "
            + "without it, the first given to `threshold serve`",
        schema: .object([("type", .string("string")), ("examples", .array([.string("camden-mash")]))]))

    static func changesQuery(scoring: Bool) -> APIRoute.Query {
        APIRoute.Query(
            name: "changes",
            description: scoring
                ? "`false` skips the counterfactual search (`changes` is then `[]`); any other value, or none, "
                    + "searches"
                : "`true` fills each result's `changes` (slower); any other value, or none, leaves them empty",
            schema: .object([("type", .string("string"))]))
    }

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
                ? "The edited text of the rule file, and a position in it (`line` and `character` from 0, in UTF-16 "
                    + "code units)"
                : "The edited text of the rule file",
            example: position
                ? .object([("text", .string("ruleset \"x\"\n")), ("line", .number("0")), ("character", .number("3"))])
                : .object([("text", .string("ruleset \"x\"\n"))]))
    }

    static let editErrors: [APIErrorCode] = [
        .unknownRuleSet, .unsupportedMediaType, .badJSON, .notAnObject, .missingMember,
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
