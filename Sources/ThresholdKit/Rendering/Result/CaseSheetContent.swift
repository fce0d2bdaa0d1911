/// Where the HTML case sheet shows each member of the result object (`ResultDescription`), or why it leaves it
/// out. Every switch here is exhaustive (none ends in `default:`): a top-level member added to the description (a
/// case of `ResultField`) fails to compile here until the sheet says where it goes; a member of an object inside
/// the result fails `CaseSheetContentTests` until it is named (`ResultMemberNames.swift`), and then fails to compile
/// here. `CaseSheetContentTests` also checks, over every shipped worked case, that each member said to be shown is
/// in its part of the sheet whenever the result has it.
enum CaseSheetContent {
    /// Where the result's member `field` is shown.
    static func place(_ field: ResultField) -> CaseSheetPlace {
        switch field {
        // The title block: the title (or the id when there is none), then "Scenario id".
        case .scenario, .title: return .shown(.header)
        case .ruleset: return .shown(.footer)
        // The Outcome, Route, Timescale and Due rows, and the badge.
        case .outcome: return .shown(.header)
        // The Settled row ("yes: …" or "no: provisional. It could be red once 1 question is answered"), and the
        // badge's note ("Provisional: could change"). The levels the outcome could still reach are said in the
        // Settled row when they differ from the outcome; otherwise they are the outcome.
        case .settled, .highestPossible, .lowestPossible: return .shown(.header)
        // The Held row and the cap's source; the badge's note says the cap's label.
        case .capped: return .shown(.held)
        case .fired: return .shown(.section(.fired))
        case .undetermined: return .shown(.section(.couldBe))
        case .scores: return .shown(.section(.scores))
        case .advice: return .shown(.section(.advice))
        case .missing: return .shown(.section(.missing))
        case .changes: return .shown(.section(.changes))
        case .warnings: return .shown(.warnings)
        }
    }

    static func place(_ m: RuleSetMember) -> CaseSheetPlace {
        switch m {
        case .name, .version, .fingerprint: return .shown(.footer)
        }
    }

    static func place(_ m: OutcomeMember) -> CaseSheetPlace {
        switch m {
        // The level's label and name in the Outcome row and on the badge.
        case .level, .label: return .shown(.header)
        case .route, .within, .due: return .shown(.header)
        }
    }

    static func place(_ m: CappedMember) -> CaseSheetPlace {
        switch m {
        // "It is held at amber by … (cap s47_answered_no); the rules alone give red (rule …)."
        case .at, .by, .uncapped, .rules: return .shown(.held)
        // The cap's reason in the Held row, its source in the row after it.
        case .because, .source: return .shown(.held)
        }
    }

    static func place(_ m: FiredRuleMember) -> CaseSheetPlace {
        switch m {
        // The rule's card: name, label and level's badge as its heading, then Because and Source.
        case .rule, .label, .level, .because, .source: return .shown(.section(.fired))
        // "name = value"; a tool's questions as the answers other than no, then how many are no and unanswered.
        case .facts: return .shown(.section(.fired))
        }
    }

    static func place(_ m: UndeterminedRuleMember) -> CaseSheetPlace {
        switch m {
        case .rule, .level, .unknown: return .shown(.section(.couldBe))
        }
    }

    static func place(_ m: ScoreMember) -> CaseSheetPlace {
        switch m {
        // The chart and the line under it: total, range, band, the bands it could reach.
        case .total, .range, .band, .couldReach: return .shown(.section(.scores))
        case .floor, .domains: return .shown(.section(.scores))
        // The Completion line: its status in words (and as `data-status`), answered of questions.
        case .status, .answered, .questions: return .shown(.section(.scores))
        }
    }

    static func place(_ m: FloorMember) -> CaseSheetPlace {
        switch m {
        // "Floor: raised to high from moderate: reason".
        case .band, .from, .reason: return .shown(.section(.scores))
        }
    }

    static func place(_ m: AdviceMember) -> CaseSheetPlace {
        switch m {
        case .id, .text: return .shown(.section(.advice))
        }
    }

    static func place(_ m: MissingFactMember) -> CaseSheetPlace {
        switch m {
        case .fact, .question, .couldChange: return .shown(.section(.missing))
        // "(required)" when it is.
        case .required: return .shown(.section(.missing))
        }
    }

    static func place(_ m: MissingToolMember) -> CaseSheetPlace {
        switch m {
        // "tool: instruction (not started, 22 questions) (could change the …)".
        case .tool, .question, .couldChange: return .shown(.section(.missing))
        case .required: return .leftOut(because: "always false: a tool not started is never required")
        }
    }

    static func place(_ m: ChangeMember) -> CaseSheetPlace {
        switch m {
        // "It would be [badge] if name = value (now …)".
        case .set, .outcome: return .shown(.section(.changes))
        }
    }
}

/// Whether the case sheet shows a member, and where.
enum CaseSheetPlace: Equatable, Sendable {
    /// Shown in this part whenever the result has it.
    case shown(CaseSheetPart)
    /// Not on the sheet, and why.
    case leftOut(because: String)
}

/// The parts of a case sheet that show the result object, top to bottom. (The case's story and the facts given
/// are the scenario's, not members of the result.)
enum CaseSheetPart: Hashable, Sendable {
    /// The title block (title, scenario id), the rows Outcome, Route, Timescale, Due and Settled, and the badge.
    case header
    /// The header's Held row (what the rules alone give, the cap's reason) and the cap's source after it.
    case held
    /// The header's Warning rows.
    case warnings
    /// A section of the sheet, under its heading.
    case section(CaseSheetSection)
    /// The footer: the rule set.
    case footer
}

/// The sections of a case sheet that show the result object, each under its heading (the raw value).
enum CaseSheetSection: String, CaseIterable, Sendable {
    case fired = "Rules that fired"
    case scores = "Scores"
    case couldBe = "Could be higher"
    case missing = "Missing information"
    case advice = "Advice"
    case changes = "What would change the outcome"
}
