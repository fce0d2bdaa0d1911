/// Renders a scored result as the JSON result object of the command-line contract, on one line.
///
/// Everything that depends only on the rule set is encoded once (`ResultFragments`) and copied into each
/// result; make the renderer with `init(ruleSet:)` to build that up front, or with `init()` to take it
/// from a small shared cache on first use.
public struct JSONResultRenderer {
    private let prepared: ResultFragments?

    public init() { prepared = nil }

    /// A renderer for results of `ruleSet` (results of another rule set are rendered too, just slower).
    public init(ruleSet: RuleSet) { prepared = ResultFragments(ruleSet) }

    public func render(_ r: ScoredResult) -> String {
        var w = JSONWriter()
        write(r, to: &w)
        return w.text
    }

    public func write(_ r: ScoredResult, to w: inout JSONWriter) {
        var sink = JSONByteSink(capacity: 1 << 15)
        write(r, to: &sink)
        w.fragment(encoded: sink.bytes)
    }

    /// Writes the result object into `w` (the fast path: `threshold batch` reuses one sink for every line).
    public func write(_ r: ScoredResult, to w: inout JSONByteSink) {
        write(r, &w, nil)
    }

    /// As `write(_:to:)`, copying each score object from `memo` when its state is the one last written for
    /// that score, and keeping what it writes there (`threshold batch`: a tool that is not filled in gives
    /// the same score object line after line). Use one memo per thread, with one rule set.
    public func write(_ r: ScoredResult, to w: inout JSONByteSink, memo: inout ScoreJSONMemo) {
        // The pointer lives only for this call (the memo is `inout`, so no one else can reach it meanwhile).
        withUnsafeMutablePointer(to: &memo) { write(r, &w, $0) }
    }

    private func write(_ r: ScoredResult, _ w: inout JSONByteSink, _ memo: UnsafeMutablePointer<ScoreJSONMemo>?) {
        let rs = r.ruleSet
        let f = prepared.flatMap { $0.ruleSet === rs ? $0 : nil } ?? ResultFragments.cached(rs)
        let e = r.evaluation
        w.beginObject()
        f.key(.scenario, &w); if let id = r.scenarioID { w.string(id) } else { w.null() }
        if let t = r.title { f.key(.title, &w); w.string(t) }
        f.key(.ruleset, &w); f.write(f.ruleset, &w)
        f.key(.outcome, &w); w.beginObject()
        f.write(f.outcome(e.outcome), &w)
        if let due = e.due { f.key(.due, &w); w.dateTime(due) }
        w.endObject()
        f.key(.fired, &w); w.beginArray()
        for finding in r.fired {
            f.prefix(f.firedOpen(finding.rule), &w)
            if finding.facts.isEmpty {
                // A lean explanation (`Explainer.explain(factValues: false)`): the values are the evaluation's.
                writeMembers(rs.rules[finding.rule].factsRead, e.facts, f, &w)
            } else {
                writeMembers(finding.facts, f, &w)
            }
            w.endObject()
            w.endObject()
        }
        w.endArray()
        f.key(.undetermined, &w); w.beginArray()
        for u in r.undetermined {
            f.prefix(f.undeterminedOpen(u.rule), &w)
            for slot in u.unknown { f.write(f.factName(slot), &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        f.key(.scores, &w); w.beginObject()
        memo?.pointee.use(rs)
        rs.scores.withUnsafeBufferPointer { scores in
            e.scores.withUnsafeBufferPointer { states in
                for i in 0..<Swift.min(scores.count, states.count) {
                    if let memo {
                        if memo.pointee.copy(i, states, &w) { continue }
                        w.separate()
                        let start = w.count
                        writeScore(i, scores[i].floors.count, states, f, &w)
                        memo.pointee.keep(i, states, UnsafeBufferPointer(rebasing: w.bytes[start...]))
                    } else {
                        writeScore(i, scores[i].floors.count, states, f, &w)
                    }
                }
            }
        }
        w.endObject()
        f.key(.advice, &w); w.beginArray()
        e.advice.withUnsafeBufferPointer { advice in
            for a in 0..<advice.count where advice[a] { f.write(f.adviceObject(a), &w) }
        }
        w.endArray()
        f.key(.missing, &w); w.beginArray()
        for m in r.missing {
            f.prefix(f.missingOpen(m.fact), &w)
            switch m.consequence {
            case .outcome(let level): f.write(f.outcomeChange(level), &w)
            case .band(let s, let b):
                if let span = f.bandChange(s, b) { f.write(span, &w) } else if let c = rs.consequenceText(m.consequence) { w.string(c) } else { w.null() }
            case .required: w.null()
            }
            f.suffix(f.requiredClose(m.fact), &w)
        }
        w.endArray()
        f.key(.changes, &w); w.beginArray()
        for c in r.changes {
            w.beginObject()
            f.key(.set, &w); writeFacts(c.set, f, &w)
            f.key(.outcome, &w); f.write(f.levelName(c.outcome) ?? f.empty, &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    private func writeScore(_ i: Int, _ floorCount: Int, _ states: UnsafeBufferPointer<Evaluation.ScoreState>, _ f: ResultFragments,
                            _ w: inout JSONByteSink) {
        // Read in place (a copy of the state would retain its arrays).
        f.prefix(f.scoreOpen(i), &w); w.number(states[i].total)
        f.key(.range, &w); w.beginArray()
        if let lo = states[i].range.lo.finite { w.number(lo) } else { w.null() }
        if let hi = states[i].range.hi.finite { w.number(hi) } else { w.null() }
        w.endArray()
        let bandNow = states[i].band, maxBand = states[i].maxBand
        f.key(.band, &w); if bandNow >= 0 { band(f, i, bandNow, &w) } else { w.null() }
        f.key(.couldReach, &w); if maxBand > bandNow { band(f, i, maxBand, &w) } else { w.null() }
        f.key(.floor, &w)
        if let fl = states[i].floor, fl >= 0, fl < floorCount, let reason = f.floorReason(i, fl) {
            w.beginObject()
            f.key(.band, &w); band(f, i, f.ruleSet.scores[i].floors[fl].band, &w)
            let before = states[i].bandBeforeFloors
            f.key(.from, &w); if before >= 0 { band(f, i, before, &w) } else { w.null() }
            f.key(.reason, &w); f.write(reason, &w)
            w.endObject()
        } else { w.null() }
        f.key(.domains, &w); w.beginObject()
        states[i].domainTotals.withUnsafeBufferPointer { totals in
            for d in 0..<totals.count {
                if let k = f.domainKey(i, d) { f.key(k, &w) } else { w.key("") }
                w.number(totals[d])
            }
        }
        w.endObject()
        w.endObject()
    }

    /// A band's name, or "none" for an index outside the score's bands.
    private func band(_ f: ResultFragments, _ score: Int, _ band: Int, _ w: inout JSONByteSink) {
        f.write(f.bandName(score, band) ?? f.none, &w)
    }

    /// Facts and their values as members of the object being written (its braces are the caller's).
    private func writeMembers(_ facts: [(slot: Int, value: FactValue?)], _ f: ResultFragments, _ w: inout JSONByteSink) {
        facts.withUnsafeBufferPointer { facts in
            for k in 0..<facts.count { writeMember(facts[k].slot, facts[k].value, f, &w) }
        }
    }

    private func writeFacts(_ facts: [(slot: Int, value: FactValue?)], _ f: ResultFragments, _ w: inout JSONByteSink) {
        w.beginObject()
        writeMembers(facts, f, &w)
        w.endObject()
    }

    /// The facts `slots` with their values in `values` (a rule's facts, from the evaluation), as members.
    private func writeMembers(_ slots: [Int], _ values: FactVector, _ f: ResultFragments, _ w: inout JSONByteSink) {
        slots.withUnsafeBufferPointer { slots in
            values.withUnsafeBufferPointer { values in
                for k in 0..<slots.count {
                    let slot = slots[k]
                    if slot < values.count {
                        writeMember(slot, values[slot], f, &w)
                    } else {
                        writeMember(slot, nil, f, &w)
                    }
                }
            }
        }
    }

    /// `"name":value`: yes/no and unknown values in one piece.
    @inline(__always) private func writeMember(_ slot: Int, _ value: FactValue?, _ f: ResultFragments, _ w: inout JSONByteSink) {
        switch value {
        case .bool(let b)?: f.write(f.factFlag(slot, b), &w)
        case nil: f.write(f.factFlag(slot, nil), &w)
        default:
            f.key(f.factKey(slot), &w)
            writeValue(value, slot, f, &w)
        }
    }

    @inline(__always) private func writeValue(_ value: FactValue?, _ slot: Int, _ f: ResultFragments, _ w: inout JSONByteSink) {
        switch value {
        case .bool(let b)?: w.bool(b)
        case .number(let n)?: w.number(n)
        case nil: w.null()
        case .option(let i)?: f.write(f.option(slot, i) ?? f.empty, &w)
        case .options(let mask)?:
            w.beginArray()
            for i in 0..<Swift.min(64, f.optionCount(slot)) where mask & (1 << UInt64(i)) != 0 {
                if let o = f.option(slot, i) { f.write(o, &w) }
            }
            w.endArray()
        case .level(let l)?: f.write(f.levelName(l) ?? f.empty, &w)
        case .text(let s)?: w.string(s)
        case .date(let d)?: w.string(d.description)
        case .dateTime(let d)?: w.dateTime(d)
        }
    }
}

/// The score objects a renderer last wrote, with the states they were written from (see
/// `JSONResultRenderer.write(_:to:memo:)`).
public struct ScoreJSONMemo {
    /// The rule set the objects are of (a memo met with another rule set starts again).
    private var ruleSet: RuleSet?
    /// Per score, where its key starts in `keys`: total, range, bands, floor and domain totals, as whole
    /// units (`keyStart[i + 1] - keyStart[i]` values).
    private var keyStart: [Int] = [0]
    private var keys: [Int64] = []
    /// Per score, whether a key and an object are kept.
    private var kept: [Bool] = []
    /// Per score, the object written for its key, from its member name (`"cce":{…}`).
    private var objects: [[UInt8]] = []
    /// How many score objects were copied (for tests and curiosity).
    public private(set) var copies = 0

    public init() {}

    /// Forgets everything kept unless it is of `ruleSet`.
    mutating func use(_ ruleSet: RuleSet) {
        guard self.ruleSet !== ruleSet else { return }
        self.ruleSet = ruleSet
        keyStart = ruleSet.scores.reduce(into: [0]) { starts, score in starts.append(starts[starts.count - 1] + 7 + score.domains.count) }
        keys = Array(repeating: 0, count: keyStart[keyStart.count - 1])
        kept = Array(repeating: false, count: ruleSet.scores.count)
        objects = Array(repeating: [], count: ruleSet.scores.count)
    }

    /// Writes score `i`'s object when `states[i]` is the state it was last written from; false otherwise.
    /// (States are read in place: a copy would retain their arrays.)
    /// Bounds: `i < kept.count` (one per score of the memo's rule set) and `fits` (`i < states.count`, and the
    /// state's key as long as the one kept) are checked first, so `k[first + n]` stays in score `i`'s keys.
    mutating func copy(_ i: Int, _ states: UnsafeBufferPointer<Evaluation.ScoreState>, _ w: inout JSONByteSink) -> Bool {
        guard i < kept.count, kept[i], ScoreJSONMemo.fits(states, i, keyStart[i + 1] - keyStart[i]) else { return false }
        let first = keyStart[i]
        let same = keys.withUnsafeBufferPointer { k in
            var same = true
            ScoreJSONMemo.key(states, i) { n, v in if k[first + n] != v { same = false } }
            return same
        }
        guard same else { return false }
        objects[i].withUnsafeBufferPointer { w.fragment(encoded: $0) }
        copies += 1
        return true
    }

    /// Keeps `object` as score `i`'s object for `states[i]`.
    mutating func keep(_ i: Int, _ states: UnsafeBufferPointer<Evaluation.ScoreState>, _ object: UnsafeBufferPointer<UInt8>) {
        guard i < kept.count, ScoreJSONMemo.fits(states, i, keyStart[i + 1] - keyStart[i]) else { return }
        let first = keyStart[i]
        keys.withUnsafeMutableBufferPointer { k in ScoreJSONMemo.key(states, i) { n, v in k[first + n] = v } }
        objects[i].removeAll(keepingCapacity: true)
        objects[i].append(contentsOf: object)
        kept[i] = true
    }

    /// True when score `i`'s state has the key length the memo keeps for it.
    @inline(__always) private static func fits(_ s: UnsafeBufferPointer<Evaluation.ScoreState>, _ i: Int, _ length: Int) -> Bool {
        i < s.count && 7 + s[i].domainTotals.count == length
    }

    /// Everything the score object shows, in order: `put(n, value)` for the key's n-th value.
    @inline(__always) private static func key(_ s: UnsafeBufferPointer<Evaluation.ScoreState>, _ i: Int, _ put: (Int, Int64) -> Void) {
        put(0, s[i].total.units); put(1, s[i].range.lo.units); put(2, s[i].range.hi.units)
        put(3, Int64(s[i].band)); put(4, Int64(s[i].maxBand)); put(5, Int64(s[i].floor ?? -1)); put(6, Int64(s[i].bandBeforeFloors))
        s[i].domainTotals.withUnsafeBufferPointer { d in for k in 0..<d.count { put(7 + k, d[k].units) } }
    }
}

/// Fact values in JSON: yes/no as booleans, sets as arrays, dates as strings, unknown as null.
public enum JSONFactValue {
    public static func write(_ v: FactValue?, _ type: FactType, levels: [RuleSet.Level], to w: inout JSONWriter) {
        guard let v else { w.null(); return }
        switch v {
        case .bool(let b): w.bool(b)
        case .number(let n): w.number(n)
        case .option(let i): w.string(type.options.indices.contains(i) ? type.options[i] : "")
        case .options(let mask):
            w.beginArray()
            for (i, name) in type.options.enumerated() where mask & (1 << UInt64(i)) != 0 { w.string(name) }
            w.endArray()
        case .text(let s): w.string(s)
        case .date(let d): w.string(d.description)
        case .dateTime(let d): w.string(d.isoDescription)
        case .level(let l): w.string(levels.indices.contains(l) ? levels[l].name : "")
        }
    }
}
