/// Reads the rows of one decisions file, JSON Lines or CSV (told apart by the first line that is not blank:
/// `{` starts JSON Lines). A JSON line is `{"id", "facts": {…}, "recorded", "by", "team", "received",
/// "decided_at"}`; a CSV file has a header row of fact names and the columns `recorded`, `id`, `by`,
/// `team`, `received` and `decided_at`, with values in the fact's own syntax (`yes`, `14`, `police`,
/// `(neglect, physical)`, `2024-04-08T09:15`) and an empty cell for unknown.
struct DecisionReader {
    enum Format { case undecided, jsonLines, csv }

    let ruleSet: RuleSet
    let decoder: JSONScenarioDecoder
    private(set) var format = Format.undecided
    private var csv: CSVDecisionColumns?
    /// A CSV row left a quoted cell open at the end of its line (it was skipped): if the next line closes it,
    /// that line is the rest of the row, not a row of its own.
    private var inOpenQuote = false

    init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        decoder = JSONScenarioDecoder(ruleSet: ruleSet)
    }

    /// The decision on one line; nil for a blank line or the CSV header. A bad header is a failure of the
    /// whole file (`fatal`), a bad row of that row alone.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Result<AuditDecision?, AuditRowFailure> {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return .success(nil) }
        if format == .undecided {
            if first == UInt8(ascii: "{") {
                format = .jsonLines
            } else {
                format = .csv
                switch CSVDecisionColumns.header(String(decoding: bytes, as: UTF8.self), ruleSet) {
                case .success(let c):
                    csv = c
                    return .success(nil)
                case .failure(let f): return .failure(.init(message: f.message, fatal: true))
                }
            }
        }
        let result: Result<AuditDecision, AuditReadFailure>
        if format == .jsonLines {
            result = json(bytes, line: line)
        } else if inOpenQuote && !CSVFields.staysQuoted(bytes) {
            // The line that closes a cell left open on the line before is the rest of that (skipped) row. Any
            // other line is a row of its own: an unclosed quote does not swallow the rest of the file.
            inOpenQuote = false
            return .success(nil)
        } else if let r = csv?.row(String(decoding: bytes, as: UTF8.self), line: line, ruleSet) {
            result = r
            inOpenQuote = false
            if case .failure(let f) = r, f.openQuote { inOpenQuote = true }
        } else {
            result = .failure(.init("no header row"))
        }
        switch result {
        case .success(let d): return .success(d)
        case .failure(let f): return .failure(.init(message: f.message, fatal: false))
        }
    }

    private func json(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Result<AuditDecision, AuditReadFailure> {
        let value: JSONValue
        do { value = try JSONReader.parse(bytes: bytes) } catch {
            return .failure(.init("invalid JSON at column \(error.column): \(error.message)"))
        }
        guard case .object(let members) = value else { return .failure(.init("expected a JSON object")) }
        guard members.contains(where: { $0.0 == "facts" }) else {
            return .failure(.init("expected an object with \"facts\" and \"recorded\""))
        }
        var strings: [String: String] = [:]
        var scenarioMembers: [(String, JSONValue)] = []
        for (k, v) in members {
            switch k {
            case AuditField.id:
                if let s = v.stringValue { strings[k] = s }
                scenarioMembers.append((k, v))
            case "facts", "title", "source": scenarioMembers.append((k, v))
            case AuditField.recorded, AuditField.by, AuditField.team, AuditField.received, AuditField.decidedAt:
                if case .null = v { continue }
                guard let s = v.stringValue else { return .failure(.init("\"\(k)\" must be a string")) }
                if strings[k] != nil { return .failure(.init("the key \"\(k)\" appears twice")) }
                strings[k] = s
            default:
                return .failure(
                    .init(
                        "unknown key \"\(Limits.shown(k))\" (expected id, facts, recorded, by, team, received, decided_at)"
                    ))
            }
        }
        let scenario: Scenario
        switch decoder.decode(.object(scenarioMembers), defaultID: "line-\(line)") {
        case .success(let s): scenario = s
        case .failure(let f): return .failure(.init(f.message))
        }
        return AuditDecision.make(scenario, strings, ruleSet)
    }
}

extension AuditDecision {
    /// A decision from its scenario and its other fields as text.
    static func make(_ scenario: Scenario, _ fields: [String: String], _ ruleSet: RuleSet) -> Result<
        AuditDecision, AuditReadFailure
    > {
        let recorded: Int
        switch AuditField.level(fields[AuditField.recorded], ruleSet) {
        case .success(let l): recorded = l
        case .failure(let f): return .failure(f)
        }
        var times: [CivilDateTime?] = []
        for name in [AuditField.received, AuditField.decidedAt] {
            switch AuditField.time(fields[name], name) {
            case .success(let t): times.append(t)
            case .failure(let f): return .failure(f)
            }
        }
        let nonEmpty: (String?) -> String? = { s in s.flatMap { $0.isEmpty ? nil : $0 } }
        let received = times[0] ?? AuditField.clock(scenario.facts, ruleSet)
        if let received, let decided = times[1], decided < received {
            return .failure(
                .init(
                    "`\(AuditField.decidedAt)` (\(decided.description)) is before the contact was received (\(received.description))"
                ))
        }
        return .success(
            AuditDecision(
                scenario: scenario, recorded: recorded, by: nonEmpty(fields[AuditField.by]),
                team: nonEmpty(fields[AuditField.team]), received: received, decidedAt: times[1],
                idGiven: nonEmpty(fields[AuditField.id]) != nil))
    }
}

/// A row that could not be read; `fatal` when the whole file cannot be (a bad CSV header).
struct AuditRowFailure: Error, Sendable {
    var message: String
    var fatal: Bool
}
