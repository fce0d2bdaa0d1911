/// The members of the objects inside the result object, named: one enum per object of `ResultDescription`, each
/// case's raw value the member's key, in the object's order. A renderer that is not the JSON (the HTML case sheet,
/// `CaseSheetContent`) switches over these to say where each member goes, and reads a member's value through its
/// name, the same value the JSON writes. `CaseSheetContentTests` holds the cases to the description's members, so a
/// member added to the description fails that test until it is named here, and then fails to compile until the case
/// sheet says where it goes. (The result's own members are `ResultField`.)
protocol ResultMemberName: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    associatedtype Source
    /// The described object whose members these are.
    static var object: ResultObject<Source> { get }
}

extension ResultMemberName {
    /// The member of the description this names (nil only when the two disagree, which the tests catch).
    var member: ResultMember<Source>? { Self.object.members.first { $0.key == rawValue } }

    /// The member's value for `source`, as the JSON writes it (nil when it is left out).
    func value(_ source: Source) -> JSONValue? { member?.value(source) }

    /// A string member's text for `source`; nil when it is null, left out or not a string.
    func string(_ source: Source) -> String? {
        guard case .string(let s)? = value(source) else { return nil }
        return s
    }
}

/// The members of `ruleset`.
enum RuleSetMember: String, ResultMemberName {
    case name, version, fingerprint
    static var object: ResultObject<RuleSet> { ResultDescription.ruleSet }
}

/// The members of `outcome`.
enum OutcomeMember: String, ResultMemberName {
    case level, label, route, within, due
    static var object: ResultObject<OutcomeView> { ResultDescription.outcome }
}

/// The members of `capped`.
enum CappedMember: String, ResultMemberName {
    case at, by, uncapped, rules, because, source
    static var object: ResultObject<CapView> { ResultDescription.capped }
}

/// The members of a fired rule (an item of `fired`).
enum FiredRuleMember: String, ResultMemberName {
    case rule, label, level, because, source, facts
    static var object: ResultObject<FiredView> { ResultDescription.firedRule }
}

/// The members of an undetermined rule (an item of `undetermined`).
enum UndeterminedRuleMember: String, ResultMemberName {
    case rule, level, unknown
    static var object: ResultObject<UndeterminedView> { ResultDescription.undeterminedRule }
}

/// The members of a score (a value of `scores`).
enum ScoreMember: String, ResultMemberName {
    case total, range, band
    case couldReach = "could_reach"
    case floor, domains, status, answered, questions
    static var object: ResultObject<ScoreView> { ResultDescription.score }
}

/// The members of a score's `floor`.
enum FloorMember: String, ResultMemberName {
    case band, from, reason
    static var object: ResultObject<FloorView> { ResultDescription.floor }
}

/// The members of an item of `advice`.
enum AdviceMember: String, ResultMemberName {
    case id, text
    static var object: ResultObject<Indexed> { ResultDescription.advice }
}

/// The members of a missing fact (an item of `missing`).
enum MissingFactMember: String, ResultMemberName {
    case fact, question
    case couldChange = "could_change"
    case required
    static var object: ResultObject<MissingView> { ResultDescription.missingFact }
}

/// The members of a tool not started (an item of `missing`).
enum MissingToolMember: String, ResultMemberName {
    case tool, question
    case couldChange = "could_change"
    case required
    static var object: ResultObject<MissingView> { ResultDescription.missingTool }
}

/// The members of an item of `changes`.
enum ChangeMember: String, ResultMemberName {
    case set, outcome
    static var object: ResultObject<ChangeView> { ResultDescription.change }
}
