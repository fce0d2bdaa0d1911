/// One recorded decision read from a decisions file: the referral's facts, the level the front door
/// recorded, and who decided, in which team and when.
struct AuditDecision: Sendable {
    var scenario: Scenario
    /// Index into the rule set's levels.
    var recorded: Int
    var by: String?
    var team: String?
    /// When the contact came (the `received` column or key, else the rule set's clock fact).
    var received: CivilDateTime?
    var decidedAt: CivilDateTime?
    /// The row named its `id` (else the scenario is named after its line, and is not looked for twice).
    var idGiven = false
}

/// Why a row of a decisions file was skipped: its file, its line and the reason.
public struct AuditSkip: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    /// `decisions.csv:12: recorded level "purple" is not a level of this rule set`.
    public var description: String { "\(file):\(line): \(message)" }
}

/// The keys and columns of a decision besides the facts.
enum AuditField {
    static let recorded = "recorded"
    static let id = "id"
    static let by = "by"
    static let team = "team"
    static let received = "received"
    static let decidedAt = "decided_at"
    static let all: Set<String> = [recorded, id, by, team, received, decidedAt]

    /// The level named `text`, or the message for a bad one.
    static func level(_ text: String?, _ ruleSet: RuleSet) -> Result<Int, AuditReadFailure> {
        guard let text, !text.isEmpty else { return .failure(.init("no recorded level (`recorded`)")) }
        if let i = ruleSet.levels.firstIndex(where: { $0.name == text }) { return .success(i) }
        // A level's label, or its name in other letters (`Amber`): said, not guessed.
        let lower = text.lowercased()
        let near = ruleSet.levels.first { $0.name.lowercased() == lower || $0.label.lowercased() == lower }
        return .failure(
            .init(
                "recorded level \"\(Limits.shown(text))\" is not a level of this rule set (\(ruleSet.levels.map(\.name).joined(separator: ", ")))"
                    + (near.map { " (did you mean \"\($0.name)\"?)" } ?? "")))
    }

    /// A date-time such as `2024-04-08T09:15` or `2024-04-08 09:15` (a date alone is its midnight). Seconds, as
    /// case-management systems export them (`2024-04-08T09:15:30`, `…:30.250`), are dropped: timeliness is
    /// counted in minutes. A time zone (`Z`, `+01:00`) is refused: the rule set's calendar counts local time.
    static func time(_ text: String?, _ name: String) -> Result<CivilDateTime?, AuditReadFailure> {
        guard let text, !text.isEmpty else { return .success(nil) }
        if let t = CivilDateTime.parse(text) { return .success(t) }
        if let d = CivilDate.parse(text) { return .success(CivilDateTime(date: d)) }
        if let minutes = withoutSeconds(text), let t = CivilDateTime.parse(minutes) { return .success(t) }
        // A date-time (perhaps with seconds) and then `Z`, `+01:00` or `-05:00`: a time zone.
        let u = Array(text.utf8)
        let zoneStart = u.lastIndex { $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        if let z = zoneStart, z >= 16 {
            let base = String(decoding: u[..<z], as: UTF8.self)
            if CivilDateTime.parse(base) != nil || withoutSeconds(base).flatMap(CivilDateTime.parse) != nil {
                return .failure(
                    .init(
                        "`\(name)` has a time zone (\"\(Limits.shown(text))\"): give the local time, as the rule set's calendar counts it, such as 2024-04-08T09:15"
                    ))
            }
        }
        return .failure(.init("`\(name)` must be a date-time such as 2024-04-08T09:15, not \"\(Limits.shown(text))\""))
    }

    /// `2024-04-08T09:15` for `2024-04-08T09:15:30` or `2024-04-08T09:15:30.250` (an export's seconds, dropped);
    /// nil for any other text.
    static func withoutSeconds(_ text: String) -> String? {
        let u = Array(text.utf8)
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        // Seconds from 00 to 59.
        guard u.count >= 19, u[16] == UInt8(ascii: ":"), u[17] >= 48, u[17] <= 53, isDigit(u[18]) else { return nil }
        let rest = u[19...]
        guard rest.isEmpty || rest.first == UInt8(ascii: ".") && rest.count > 1 && rest.dropFirst().allSatisfy(isDigit)
        else { return nil }
        return String(decoding: u[..<16], as: UTF8.self)
    }

    /// The clock fact's value when no `received` was given.
    static func clock(_ facts: FactVector, _ ruleSet: RuleSet) -> CivilDateTime? {
        guard let slot = ruleSet.clockFact, facts.indices.contains(slot) else { return nil }
        switch facts[slot] {
        case .dateTime(let t): return t
        case .date(let d): return CivilDateTime(date: d)
        default: return nil
        }
    }
}

struct AuditReadFailure: Error, Sendable {
    var message: String
    /// A CSV row whose quoted cell is still open at the end of its line (`CSVFields.split`).
    var openQuote = false
    init(_ message: String, openQuote: Bool = false) {
        self.message = message
        self.openQuote = openQuote
    }
}
