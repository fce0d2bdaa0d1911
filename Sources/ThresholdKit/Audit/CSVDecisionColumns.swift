/// The columns of a CSV decisions file, from its header row, and the reading of one row: each fact's cell
/// in the fact's own syntax (empty is unknown), converted once per distinct text of a column.
struct CSVDecisionColumns {
    enum Column {
        case fact(slot: Int)
        /// `received` when the rule set also has a fact of that name: both.
        case factAndField(slot: Int, String)
        case field(String)
    }

    var columns: [Column]
    /// Each column's converted values by text (bounded: the commonest texts, yes/no, levels, options).
    private var memo: [[String: FactValue?]]
    private static let memoLimit = 256

    static func header(_ line: String, _ ruleSet: RuleSet) -> Result<CSVDecisionColumns, AuditReadFailure> {
        let names: [String]
        switch CSVFields.split(line) {
        case .success(let n): names = n.map { $0.trimmingCharacters(in: " \t\u{FEFF}") }
        case .failure(let f): return .failure(f)
        }
        var columns: [Column] = []
        var seen: Set<String> = []
        for name in names {
            guard seen.insert(name).inserted else {
                return .failure(.init("the column \"\(Limits.shown(name))\" appears twice"))
            }
            let slot = ruleSet.factIndex[name]
            if AuditField.all.contains(name) {
                if let slot, name == AuditField.received {
                    columns.append(.factAndField(slot: slot, name))
                } else {
                    columns.append(.field(name))
                }
            } else if let slot {
                columns.append(.fact(slot: slot))
            } else {
                // `Recorded`, `ID`: the column names are in lower case.
                let lower = name.lowercased()
                let near =
                    AuditField.all.contains(lower) || ruleSet.factIndex[lower] != nil
                    ? " (did you mean \"\(lower)\"? column names are in lower case)"
                    : Suggestions.didYouMean(ruleSet.suggestedFacts(for: name), quote: "\"").map { " (\($0))" } ?? ""
                return .failure(
                    .init(
                        "the header names \"\(Limits.shown(name))\", which is not a fact of this rule set nor one of recorded, id, by, team, received, decided_at\(near)"
                    ))
            }
        }
        guard seen.contains(AuditField.recorded) else {
            return .failure(.init("the header row has no \"recorded\" column (the level the front door recorded)"))
        }
        return .success(CSVDecisionColumns(columns: columns, memo: Array(repeating: [:], count: columns.count)))
    }

    mutating func row(_ line: String, line number: Int, _ ruleSet: RuleSet) -> Result<AuditDecision, AuditReadFailure> {
        let cells: [String]
        switch CSVFields.split(line) {
        case .success(let c): cells = c
        case .failure(let f): return .failure(f)
        }
        guard cells.count == columns.count else {
            return .failure(
                .init("\(cells.count) cell\(cells.count == 1 ? "" : "s") where the header has \(columns.count)"))
        }
        var facts = ruleSet.defaultFacts()
        var given: [Int] = []
        var fields: [String: String] = [:]
        for (k, column) in columns.enumerated() {
            let text = cells[k].trimmingCharacters(in: " \t")
            switch column {
            case .field(let name): fields[name] = text
            case .fact(let slot), .factAndField(let slot, _):
                var text = text
                var field: String?
                if case .factAndField(_, let name) = column {
                    fields[name] = text
                    field = name
                    // An export's seconds are dropped here too, as `AuditField.time` drops them.
                    text = AuditField.withoutSeconds(text) ?? text
                }
                guard !text.isEmpty else { continue }
                switch value(text, column: k, slot: slot, ruleSet) {
                case .success(let v):
                    facts[slot] = v
                    given.append(slot)
                case .failure(let f):
                    // A time zone, say: the field's own message says what to write.
                    if let field, case .failure(let t) = AuditField.time(fields[field], field) { return .failure(t) }
                    return .failure(f)
                }
            }
        }
        let id = fields[AuditField.id].flatMap { $0.isEmpty ? nil : $0 } ?? "line-\(number)"
        return AuditDecision.make(Scenario(id: id, facts: facts, given: given), fields, ruleSet)
    }

    private mutating func value(_ text: String, column: Int, slot: Int, _ ruleSet: RuleSet) -> Result<
        FactValue?, AuditReadFailure
    > {
        if let v = memo[column][text] { return .success(v) }
        switch FactAssignment.value(text, for: slot, ruleSet: ruleSet) {
        case .success(let v):
            if memo[column].count < CSVDecisionColumns.memoLimit { memo[column][text] = v }
            return .success(v)
        case .failure(let f):
            return .failure(.init("\(ruleSet.facts[slot].name): \(f.message)" + (f.hint.map { " (\($0))" } ?? "")))
        }
    }
}

/// RFC 4180 fields of one line: commas separate, a field in double quotes may hold commas and `""` for a
/// quote. A quoted field cannot run onto the next line (each row is one line).
enum CSVFields {
    /// Whether a line read as the continuation of a quoted cell left open on the line before would end still
    /// inside quotes: a `"` closes or opens a cell, and `""` inside one is a quote.
    static func staysQuoted(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var quoted = true
        var i = 0
        while i < line.count {
            if line[i] == UInt8(ascii: "\"") {
                if quoted, i + 1 < line.count, line[i + 1] == UInt8(ascii: "\"") {
                    i += 1
                } else {
                    quoted.toggle()
                }
            }
            i += 1
        }
        return quoted
    }

    static func split(_ line: String) -> Result<[String], AuditReadFailure> {
        var fields: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        let bytes = Array(line.utf8.reversed().drop(while: { $0 == 0x0D }).reversed())
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        current.append(b)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(b)
                }
            } else if b == UInt8(ascii: ",") {
                fields.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                wasQuoted = false
            } else if b == UInt8(ascii: "\""), !wasQuoted, current.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                current.removeAll(keepingCapacity: true)
                quoted = true
                wasQuoted = true
            } else {
                current.append(b)
            }
            i += 1
        }
        if quoted {
            return .failure(
                .init(
                    "a quoted cell is not closed on its line (a cell cannot hold a line break in a decisions file)",
                    openQuote: true))
        }
        fields.append(String(decoding: current, as: UTF8.self))
        return .success(fields)
    }
}
