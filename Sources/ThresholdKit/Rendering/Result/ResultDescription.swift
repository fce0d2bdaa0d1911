/// The result object, described once: every member of it and of the objects inside it, in order, with its JSON
/// shape, whether it is always there, a line saying what it is, and how its value is read from a `ScoredResult`.
///
/// `score --format json`, `batch`, `serve` (`/v1/score`, and `now`/`whatif` of `/v1/whatif`) and the test
/// report's results all write this object through `JSONResultRenderer`, which walks the top-level members in
/// this order (`ResultField`) and copies the parts that depend only on the rule set (`ResultFragments`, encoded
/// from the members below that read only the rule set). Everything else it writes by hand, fast, and
/// `ResultDescriptionTests` holds those bytes to `ResultDescription.text(of:)` (this description, written
/// plainly) on the shipped rules and the interpreter corpus. `jsonSchema()` is the same description as a JSON
/// Schema (`docs/result.schema.json`).
///
/// To add a member: a case of `ResultField` where it goes (or a member of a nested object below, named in
/// `ResultMemberNames.swift`), its entry in `member(_:)`, its bytes in `JSONResultRenderer`, and its place on the
/// HTML case sheet in `CaseSheetContent` (the compiler asks for the case and the place; the tests for the bytes,
/// the name and that the sheet shows it where it says).
enum ResultDescription {
    /// The result object.
    static let result = ResultObject<ScoredResult>(
        "Result", "A scored scenario with its explanation (`threshold score --format json`, a line of `batch`).",
        ResultField.allCases.map(member))

    /// A line of `threshold batch --outcome-only` (and `/v1/batch?outcome_only=true`): the result object's
    /// `ResultField.outcomeOnly` members, the same bytes in the same order (`JSONResultRenderer.writeOutcomeOnly`).
    static let outcomeLine = ResultObject<ScoredResult>(
        "OutcomeLine",
        "A scored scenario's outcome alone, without its explanation (a line of `batch --outcome-only`): the "
            + "result's scenario, rule set, outcome and warnings.",
        ResultField.outcomeOnly.map(member))

    /// The top-level member `field`.
    static func member(_ field: ResultField) -> ResultMember<ScoredResult> {
        switch field {
        case .scenario:
            return .init("scenario", .nullable(.string), "The scenario's id, or null when it has none.") {
                $0.scenarioID.map(JSONValue.string) ?? .null
            }
        case .title:
            return .init("title", .string, optional: true, "The scenario's title; left out when it has none.") {
                $0.title.map(JSONValue.string)
            }
        case .ruleset:
            return .init("ruleset", .object(ruleSet), "The rule set that scored it.") { ruleSet.value($0.ruleSet) }
        case .outcome:
            return .init("outcome", .object(outcome), "The outcome: its level, route and timescale.") {
                outcome.value(OutcomeView(ruleSet: $0.ruleSet, level: $0.outcome, due: $0.evaluation.due))
            }
        case .settled:
            return .init("settled", .boolean, "True when no unanswered question could change the outcome.") {
                .bool($0.settled)
            }
        case .highestPossible:
            return .init(
                "highest_possible", .string, "The most severe level the unanswered questions could still give."
            ) { levelName($0.ruleSet, $0.highestPossible) }
        case .lowestPossible:
            return .init(
                "lowest_possible", .string,
                "The least severe level the unanswered questions could still give (through a cap)."
            ) { levelName($0.ruleSet, $0.lowestPossible) }
        case .capped:
            return .init(
                "capped", .nullable(.object(capped)),
                "The cap that holds the outcome below what the rules give, or null when none does."
            ) { r in
                guard let c = r.evaluation.cap, r.ruleSet.caps.indices.contains(c) else { return .null }
                return capped.value(CapView(result: r, cap: c))
            }
        case .fired:
            return .init("fired", .array(.object(firedRule)), "The rules that fired, in declaration order.") { r in
                .array(r.fired.map { firedRule.value(FiredView(r, $0)) })
            }
        case .undetermined:
            return .init(
                "undetermined", .array(.object(undeterminedRule)),
                "The rules that unknown facts keep open: they could still fire."
            ) { r in
                .array(
                    r.undetermined.map {
                        undeterminedRule.value(UndeterminedView(ruleSet: r.ruleSet, undetermined: $0))
                    }
                )
            }
        case .scores:
            return .init("scores", .map(.object(score)), "Every score, by name, in declaration order.") { r in
                .object(r.ruleSet.scores.indices.map { (r.ruleSet.scores[$0].name, score.value(ScoreView(r, $0))) })
            }
        case .advice:
            return .init("advice", .array(.object(advice)), "The advice that applies, in declaration order.") { r in
                .array(
                    r.evaluation.advice.indices.filter { r.evaluation.advice[$0] }.map { a in
                        advice.value(Indexed(r.ruleSet, a))
                    })
            }
        case .missing:
            return .init(
                "missing", .array(.anyOf([.object(missingFact), .object(missingTool)])),
                "The questions still to ask, most consequential first (a tool not started is one line)."
            ) { r in
                .array(
                    r.missing.map { m in
                        if let t = m.tool, r.ruleSet.scores.indices.contains(t) {
                            return missingTool.value(MissingView(ruleSet: r.ruleSet, missing: m, index: t))
                        }
                        return missingFact.value(MissingView(ruleSet: r.ruleSet, missing: m, index: m.fact))
                    })
            }
        case .changes:
            return .init(
                "changes", .array(.object(change)),
                "The smallest changes of facts found that give another outcome (`score` only: `batch` leaves it empty)."
            ) { r in .array(r.changes.map { change.value(ChangeView(ruleSet: r.ruleSet, change: $0)) }) }
        case .warnings:
            return .init(
                "warnings", .array(.string), optional: true,
                "What the result cannot vouch for (a due time past the holidays the rule set knows); left out when none."
            ) { r in r.ruleSet.dueWarning(r.evaluation).map { .array([.string($0)]) } }
        }
    }

    // MARK: Objects inside the result

    static let ruleSet = ResultObject<RuleSet>(
        "RuleSet", "The rule set that scored the scenario.",
        [
            .init("name", .string, "Its name (`ruleset \"…\"`).") { .string($0.name) },
            .init("version", .nullable(.string), "Its `version`, or null.") {
                $0.version.map(JSONValue.string) ?? .null
            },
            .init("fingerprint", .string, "`sha256:` of the bytes of its files, in load order.") {
                .string($0.fingerprint)
            },
        ])

    /// A level's members that read only the rule set (copied into each result as one piece).
    static let level: [ResultMember<Indexed>] = [
        .init("level", .string, "The level's name.") { .string($0.ruleSet.levels[$0.index].name) },
        .init("label", .string, "The level's label.") { .string($0.ruleSet.levels[$0.index].label) },
        .init("route", .nullable(.string), "Where the case goes (`route`), or null.") {
            $0.ruleSet.levels[$0.index].route.map(JSONValue.string) ?? .null
        },
        .init("within", .nullable(.string), "How soon (`within`, \"24 hours\", \"3 working days\"), or null.") {
            $0.ruleSet.levels[$0.index].within.map { .string($0.description) } ?? .null
        },
    ]

    static let outcome = ResultObject<OutcomeView>(
        "Outcome", "The outcome level, with its route and timescale.",
        level.map { $0.reading { Indexed($0.ruleSet, $0.level) } } + [
            .init(
                "due", .dateTime, optional: true,
                "When the timescale ends, counted from the clock fact; left out when the level or the clock has none."
            ) { $0.due.map { .string($0.isoDescription) } }
        ])

    static let capped = ResultObject<CapView>(
        "Capped", "A cap holding the outcome below the level the rules give.",
        [
            .init("at", .string, "The level the outcome is held at.") {
                levelName($0.result.ruleSet, $0.result.outcome)
            },
            .init("by", .string, "The cap's name.") { .string($0.result.ruleSet.caps[$0.cap].name) },
            .init("uncapped", .string, "The level the rules alone give.") {
                levelName($0.result.ruleSet, $0.result.evaluation.uncapped)
            },
            .init("rules", .array(.string), "The rules that fired above the level held at.") { c in
                .array(c.result.heldRules.map { .string(c.result.ruleSet.rules[$0].name) })
            },
        ] + capReason.map { $0.reading { Indexed($0.result.ruleSet, $0.cap) } })

    /// A cap's members that read only the rule set: why it holds the outcome, and the guidance it follows.
    static let capReason: [ResultMember<Indexed>] = [
        .init("because", .nullable(.string), "The cap's `because`: why it holds the outcome, or null.") {
            $0.ruleSet.caps[$0.index].because.map(JSONValue.string) ?? .null
        },
        .init("source", .nullable(.string), "The cap's `source` (the guidance it follows), or null.") {
            $0.ruleSet.caps[$0.index].source.map(JSONValue.string) ?? .null
        },
    ]

    /// A rule's members that read only the rule set (copied into each result as one piece).
    static let rule: [ResultMember<Indexed>] = [
        .init("rule", .string, "The rule's name.") { .string($0.ruleSet.rules[$0.index].name) },
        .init("label", .nullable(.string), "Its label, or null.") {
            $0.ruleSet.rules[$0.index].label.map(JSONValue.string) ?? .null
        },
        .init("level", .string, "The level it gives.") {
            .string($0.ruleSet.levels[$0.ruleSet.rules[$0.index].level].name)
        },
        .init("because", .nullable(.string), "Its `because`, or null.") {
            $0.ruleSet.rules[$0.index].because.map(JSONValue.string) ?? .null
        },
        .init("source", .nullable(.string), "Its `source` (the guidance it follows), or null.") {
            $0.ruleSet.rules[$0.index].source.map(JSONValue.string) ?? .null
        },
    ]

    static let firedRule = ResultObject<FiredView>(
        "FiredRule", "A rule that fired, with the facts it read.",
        rule.map { $0.reading { Indexed($0.ruleSet, $0.rule) } } + [
            .init("facts", .map(.factValue), "The facts the rule reads, with their values (null: unknown).") { f in
                facts(f.ruleSet, f.facts)
            }
        ])

    /// An undetermined rule's members that read only the rule set.
    static let undeterminedRuleHead: [ResultMember<Indexed>] = [
        .init("rule", .string, "The rule's name.") { .string($0.ruleSet.rules[$0.index].name) },
        .init("level", .string, "The level it gives.") {
            .string($0.ruleSet.levels[$0.ruleSet.rules[$0.index].level].name)
        },
    ]

    static let undeterminedRule = ResultObject<UndeterminedView>(
        "UndeterminedRule", "A rule that unknown facts keep open.",
        undeterminedRuleHead.map { $0.reading { Indexed($0.ruleSet, $0.undetermined.rule) } } + [
            .init("unknown", .array(.string), "The unknown facts that keep it open.") { u in
                .array(u.undetermined.unknown.map { .string(u.ruleSet.facts[$0].name) })
            }
        ])

    static let score = ResultObject<ScoreView>(
        "Score", "A score: its total, the range the unknown answers leave, its band and how complete it is.",
        [
            .init("total", .number, "The total of the known answers.") { .exact($0.state.total) },
            .init("range", .pair(.nullable(.number)), "The lowest and highest total possible (null: unbounded).") {
                .array([
                    $0.state.range.lo.finite.map(JSONValue.exact) ?? .null,
                    $0.state.range.hi.finite.map(JSONValue.exact) ?? .null,
                ])
            },
            .init("band", .nullable(.string), "The band reported (for a tool, null until it is settled).") { s in
                s.shown.band >= 0 ? .string(s.ruleSet.bandName(s.index, s.shown.band)) : .null
            },
            .init(
                "could_reach", .nullable(.array(.string)), "Every band still possible, lowest first; null when settled."
            ) { s in
                guard s.shown.couldReach != 0 else { return .null }
                return .array(
                    (0..<64).filter { s.shown.couldReach & (1 << UInt64($0)) != 0 }.map { b in
                        .string(s.ruleSet.bandName(s.index, b))
                    })
            },
            .init("floor", .nullable(.object(floor)), "The floor that raised the band, or null.") { s in
                guard let f = s.state.floor, s.ruleSet.scores[s.index].floors.indices.contains(f) else { return .null }
                return floor.value(FloorView(score: s, floor: f))
            },
            .init("domains", .map(.number), "Each domain's total, by name.") { s in
                .object(
                    s.state.domainTotals.indices.map { d in
                        let domains = s.ruleSet.scores[s.index].domains
                        return (domains.indices.contains(d) ? domains[d].name : "", .exact(s.state.domainTotals[d]))
                    })
            },
            .init(
                "status", .enumeration(ScoreStatus.all.map(\.name)),
                "How far its questions are answered (`not_applicable`: a tool not for this child)."
            ) { .string($0.shown.status.name) },
            .init("answered", .integer, "How many of its questions have a value.") { .int($0.shown.answered) },
            .init("questions", .integer, "How many questions it has.") {
                .int($0.ruleSet.scores[$0.index].questions.count)
            },
        ])

    static let floor = ResultObject<FloorView>(
        "Floor", "A floor that raised a score's band.",
        [
            .init("band", .string, "The band the floor gives.") { f in
                .string(
                    f.score.ruleSet.bandName(f.score.index, f.score.ruleSet.scores[f.score.index].floors[f.floor].band))
            },
            .init("from", .nullable(.string), "The band before the floors, or null.") { f in
                let before = f.score.state.bandBeforeFloors
                return before >= 0 ? .string(f.score.ruleSet.bandName(f.score.index, before)) : .null
            },
            .init("reason", .nullable(.string), "The floor's reason, or null.") { f in
                f.score.ruleSet.scores[f.score.index].floors[f.floor].reason.map(JSONValue.string) ?? .null
            },
        ])

    static let advice = ResultObject<Indexed>(
        "Advice", "Advice that applies.",
        [
            .init("id", .string, "The advice's name.") { .string($0.ruleSet.advice[$0.index].name) },
            .init("text", .string, "What it advises.") { .string($0.ruleSet.advice[$0.index].text) },
        ])

    /// A missing fact's members before `could_change`, which read only the rule set.
    static let missingFactHead: [ResultMember<Indexed>] = [
        .init("fact", .string, "The fact to ask about.") { .string($0.ruleSet.facts[$0.index].name) },
        .init("question", .nullable(.string), "Its question, or null.") {
            $0.ruleSet.facts[$0.index].question.map(JSONValue.string) ?? .null
        },
    ]

    /// What a missing line could change, in words ("outcome to red", "dash band to high"), or null.
    static let couldChange = ResultMember<MissingView>(
        "could_change", .nullable(.string),
        "What answering could change (\"outcome to red\", \"dash band to high\", \"hold the outcome at amber\"), or null."
    ) { $0.ruleSet.consequenceText($0.missing.consequence).map(JSONValue.string) ?? .null }

    /// A missing fact's last member, which reads only the rule set.
    static let missingFactTail = ResultMember<Indexed>("required", .boolean, "Whether the fact is `required`.") {
        .bool($0.ruleSet.facts[$0.index].required)
    }

    static let missingFact = ResultObject<MissingView>(
        "MissingFact", "A question still to ask.",
        missingFactHead.map { $0.reading { Indexed($0.ruleSet, $0.index) } } + [
            couldChange, missingFactTail.reading { Indexed($0.ruleSet, $0.index) },
        ])

    static let missingTool = ResultObject<MissingView>(
        "MissingTool", "A tool not started, as one line: the tool and its instruction.",
        [
            .init("tool", .string, "The tool (a score declared a `tool`).") {
                .string($0.ruleSet.scores[$0.index].name)
            },
            .init("question", .string, "Its instruction.") { m in
                let s = m.ruleSet.scores[m.index]
                return .string(s.tool?.instruction ?? s.label ?? s.name)
            },
            couldChange,
            .init("required", .constant(.bool(false)), "Always false.") { _ in .bool(false) },
        ])

    static let change = ResultObject<ChangeView>(
        "Change", "A change of facts and the outcome it would give.",
        [
            .init("set", .map(.factValue), "The facts to set, with their values.") { facts($0.ruleSet, $0.change.set) },
            .init("outcome", .string, "The outcome they would give.") { levelName($0.ruleSet, $0.change.outcome) },
        ])

    // MARK: Reading

    /// The result object as plain JSON, member by member from the description.
    static func value(of r: ScoredResult) -> JSONValue { result.value(r) }

    /// The result object's bytes, written plainly from the description: what `JSONResultRenderer` must write.
    static func text(of r: ScoredResult) -> String { serialize(value(of: r)) }

    /// A level's name, or "" for an index outside the levels.
    static func levelName(_ rs: RuleSet, _ level: Int) -> JSONValue {
        .string(rs.levels.indices.contains(level) ? rs.levels[level].name : "")
    }

    static func facts(_ rs: RuleSet, _ facts: [(slot: Int, value: FactValue?)]) -> JSONValue {
        .object(
            facts.map {
                (rs.facts[$0.slot].name, JSONFactValue.value($0.value, rs.facts[$0.slot].type, levels: rs.levels))
            })
    }
}

/// The result object's top-level members, in their order.
enum ResultField: Int, CaseIterable, Sendable {
    case scenario, title, ruleset, outcome, settled, highestPossible, lowestPossible, capped, fired, undetermined
    case scores, advice, missing, changes, warnings

    /// The members a line of `batch --outcome-only` keeps: who, which rules, what rating, and any warning about it.
    static let outcomeOnly: [ResultField] = [.scenario, .ruleset, .outcome, .warnings]
}

// MARK: - The description's parts

/// The shape of a member's value (for the schema).
indirect enum ResultShape: Sendable {
    case string, boolean, number, integer
    /// A civil date-time string, `"2019-04-01T16:00"`.
    case dateTime
    /// One of these strings.
    case enumeration([String])
    case constant(JSONValue)
    case nullable(ResultShape)
    case array(ResultShape)
    /// `[a, b]`: exactly two.
    case pair(ResultShape)
    /// An object keyed by names from the rule set (facts, scores, domains), in declaration order.
    case map(ResultShape)
    /// A fact's value: yes/no as a boolean, a number, an option, text or a date as a string, a set as an array
    /// of its options, unknown as null.
    case factValue
    /// One of these.
    case anyOf([ResultShape])
    /// One of the described objects (its name and members).
    case object(ResultObjectSchema)
}

/// A member of a described object: its key, shape, whether it may be left out, what it is, and its value.
struct ResultMember<Source>: Sendable {
    let key: String
    let shape: ResultShape
    /// True when the member is left out whenever `value` gives nil; otherwise it is always there.
    let optional: Bool
    let doc: String
    let value: @Sendable (Source) -> JSONValue?

    init(
        _ key: String, _ shape: ResultShape, optional: Bool = false, _ doc: String,
        _ value: @escaping @Sendable (Source) -> JSONValue?
    ) {
        self.key = key
        self.shape = shape
        self.optional = optional
        self.doc = doc
        self.value = value
    }

    /// The same member, read from a `T` through `part` (a level's members inside the outcome).
    func reading<T>(_ part: @escaping @Sendable (T) -> Source) -> ResultMember<T> {
        let value = self.value
        return ResultMember<T>(key, shape, optional: optional, doc) { value(part($0)) }
    }

    /// What the schema needs of it.
    var schema: ResultMemberSchema { ResultMemberSchema(key: key, shape: shape, optional: optional, doc: doc) }
}

/// A described object: its name (in the schema), what it is, and its members in order.
struct ResultObject<Source>: Sendable {
    let members: [ResultMember<Source>]
    let schema: ResultObjectSchema

    init(_ name: String, _ doc: String, _ members: [ResultMember<Source>]) {
        self.members = members
        schema = ResultObjectSchema(name: name, doc: doc, members: members.map(\.schema))
    }

    /// The object for `source`: each member in order, less the optional ones with no value.
    func value(_ source: Source) -> JSONValue {
        .object(members.compactMap { m in m.value(source).map { (m.key, $0) } })
    }

    /// The members `members` for `source`, encoded as object members (for `ResultFragments`).
    static func fragment(_ members: [ResultMember<Source>], _ source: Source) -> JSONFragment {
        .members { w in
            for m in members {
                guard let v = m.value(source) else { continue }
                w.key(m.key)
                w.value(v)
            }
        }
    }
}

/// A described object without its values: for the schema, and for a shape to name it.
final class ResultObjectSchema: Sendable {
    let name: String
    let doc: String
    let members: [ResultMemberSchema]

    init(name: String, doc: String, members: [ResultMemberSchema]) {
        self.name = name
        self.doc = doc
        self.members = members
    }
}

struct ResultMemberSchema: Sendable {
    let key: String
    let shape: ResultShape
    let optional: Bool
    let doc: String
}

extension ResultShape {
    static func object<S>(_ o: ResultObject<S>) -> ResultShape { .object(o.schema) }
}

// MARK: - What the members read

/// Item `index` (a level, rule, fact, advice…) of a rule set: what the parts copied into every result read.
struct Indexed: Sendable {
    let ruleSet: RuleSet
    let index: Int
    init(_ ruleSet: RuleSet, _ index: Int) {
        self.ruleSet = ruleSet
        self.index = index
    }
}

struct OutcomeView: Sendable {
    let ruleSet: RuleSet
    let level: Int
    let due: CivilDateTime?
}

struct CapView: Sendable {
    let result: ScoredResult
    let cap: Int
}

struct FiredView: Sendable {
    let ruleSet: RuleSet
    let rule: Int
    /// The facts with their values (from the evaluation when the explanation left them out).
    let facts: [(slot: Int, value: FactValue?)]

    init(_ r: ScoredResult, _ finding: ScoredResult.RuleFinding) {
        ruleSet = r.ruleSet
        rule = finding.rule
        let values = r.evaluation.facts
        facts =
            finding.facts.isEmpty
            ? r.ruleSet.rules[finding.rule].factsRead.map { ($0, $0 < values.count ? values[$0] : nil) }
            : finding.facts
    }
}

struct UndeterminedView: Sendable {
    let ruleSet: RuleSet
    let undetermined: ScoredResult.Undetermined
}

struct ScoreView: Sendable {
    let ruleSet: RuleSet
    let index: Int
    let state: Evaluation.ScoreState
    let shown: ShownScore

    init(_ r: ScoredResult, _ i: Int) {
        ruleSet = r.ruleSet
        index = i
        state = r.evaluation.scores[i]
        shown = withUnsafePointer(to: r.ruleSet.scores[i]) { score in
            withUnsafePointer(to: r.evaluation.scores[i]) { state in
                r.evaluation.facts.withUnsafeBufferPointer { ShownScore(score, state, $0) }
            }
        }
    }
}

struct FloorView: Sendable {
    let score: ScoreView
    let floor: Int
}

struct MissingView: Sendable {
    let ruleSet: RuleSet
    let missing: ScoredResult.Missing
    /// The fact asked about, or for a tool's line, the tool (a score).
    let index: Int
}

struct ChangeView: Sendable {
    let ruleSet: RuleSet
    let change: ScoredResult.Change
}

extension ScoreStatus {
    /// Every status, in the order the schema lists them.
    static let all: [ScoreStatus] = [.notStarted, .incomplete, .complete, .notApplicable]
}
