import Foundation

/// The parts of the JSON result object that depend only on the rule set (names, labels, `because` and
/// `source` texts, advice, questions), encoded once so each result copies bytes instead of escaping
/// text again. All the text sits in one buffer and is found through plain index tables, so writing a part
/// does no reference counting. Built by `JSONResultRenderer` for the rule set it renders; the rule set's,
/// levels', rules', advice's and facts' members are encoded from `ResultDescription`, and the top-level member
/// names too (`ResultField`).
///
/// Bounds: `spans` holds `spanCount` spans, each `offset..<offset + count` inside `text` (both built
/// together in `init`, from the same byte list). Every span index a writer asks for is a family's base
/// plus an index of the rule set these fragments were built from (a rule, fact, level, score, advice), and
/// the renderer uses fragments only of the result's own rule set (the rule set keeps them, `RuleSet.tables`), so it is below
/// `spanCount`. `starts` likewise has one entry per family position plus one.
///
/// `@unchecked Sendable`: everything is written once in `init` and only read afterwards (the buffers are
/// never written again and are freed in `deinit`), so threads may share one (the batch's workers do).
final class ResultFragments: @unchecked Sendable {
    /// Where one encoded part is in `text`.
    struct Span {
        var offset: Int
        var count: Int
    }

    /// The rule set's level count and each score's floors' bands (not the rule set, which keeps this table).
    private let levelCount: Int
    let floorBands: [[Int]]
    /// Per score, how many questions it has.
    let questionCounts: [Int]
    private let text: UnsafeMutablePointer<UInt8>
    private let spans: UnsafeMutablePointer<Span>
    private let starts: UnsafeMutablePointer<Int>
    private let spanCount: Int

    /// Span indices (fixed parts) and index-table positions (parts per rule, fact, score…).
    let ruleset: Int
    private let outcomeBase: Int, firedBase: Int, undeterminedBase: Int, factKeyBase: Int, factNameBase: Int
    private let levelNameBase: Int, scoreKeyBase: Int, adviceBase: Int, missingFactBase: Int, requiredBase: Int
    private let outcomeChangeBase: Int, heldChangeBase: Int, capReasonBase: Int
    /// Parts joined for speed: a fired rule's object up to its facts (`{…,"facts":{`), an undetermined rule's
    /// up to its unknown facts (`{…,"unknown":[`), an advice's whole object, a missing fact's object up to
    /// `"could_change":` and its end (`,"required":…}`), a yes/no fact with its value (three per fact: false,
    /// true, null), and a score's name with the start of its object (`"cce":{"total":`).
    private let firedOpenBase: Int, undeterminedOpenBase: Int, adviceObjectBase: Int, missingOpenBase: Int
    private let requiredCloseBase: Int, factFlagBase: Int, scoreOpenBase: Int
    /// Per level, an outcome-only line's `"ruleset":{…},"outcome":{` and the level's members, the outcome object
    /// left open for its `due` (`JSONResultRenderer.writeOutcomeOnly`).
    private let briefHeadBase: Int
    /// An outcome-only line's start up to its id's value (`{"scenario":"`), and per level what follows a plain id
    /// when no time is due: `",` and the level's brief head, and `}}` (`JSONResultRenderer.writeOutcomeOnly`).
    let plainLineHead: Int
    private let plainLineTailBase: Int
    /// A tool not started, as a missing line: its object up to `"could_change":` (per score), and its end.
    private let toolOpenBase: Int
    let toolClose: Int
    /// In `starts`: per fact, the first option span; per score, the first domain key, band name, floor reason
    /// and band change span (each followed by the one after the last).
    private let optionStarts: Int, domainStarts: Int, bandStarts: Int, floorStarts: Int, bandChangeStarts: Int
    let none: Int, empty: Int
    private let statusBase: Int
    private let keyBase: Int, fieldKeyBase: Int

    init(_ rs: RuleSet) {
        levelCount = rs.levels.count
        floorBands = rs.scores.map { $0.floors.map(\.band) }
        questionCounts = rs.scores.map(\.questions.count)
        var bytes: [UInt8] = []
        var spanList: [Span] = []
        var startList: [Int] = []
        func add(_ f: JSONFragment) -> Int {
            spanList.append(Span(offset: bytes.count, count: f.bytes.count))
            bytes += f.bytes
            return spanList.count - 1
        }
        func addAll(_ fs: [JSONFragment]) -> Int {
            let first = spanList.count
            for f in fs { _ = add(f) }
            return first
        }
        /// Records where each group's spans start (and where the last ends) in `starts`.
        func groups(_ gs: [[JSONFragment]]) -> Int {
            let at = startList.count
            for g in gs { startList.append(addAll(g)) }
            startList.append(spanList.count)
            return at
        }
        func string(_ s: String?) -> JSONFragment { .value { w in if let s { w.string(s) } else { w.null() } } }

        // The parts that read only the rule set, encoded from the result's description.
        func members(_ ms: [ResultMember<Indexed>], _ count: Int) -> Int {
            addAll((0..<count).map { ResultObject.fragment(ms, Indexed(rs, $0)) })
        }
        ruleset = add(
            .value { w in w.value(ResultDescription.ruleSet.value(rs)) })
        outcomeBase = members(ResultDescription.level, rs.levels.count)
        firedBase = members(ResultDescription.rule, rs.rules.count)
        undeterminedBase = members(ResultDescription.undeterminedRuleHead, rs.rules.count)
        capReasonBase = members(ResultDescription.capReason, rs.caps.count)
        factKeyBase = addAll(rs.facts.map { .key($0.name) })
        factNameBase = addAll(rs.facts.map { string($0.name) })
        levelNameBase = addAll(rs.levels.map { string($0.name) })
        scoreKeyBase = addAll(rs.scores.map { .key($0.name) })
        adviceBase = members(ResultDescription.advice.members, rs.advice.count)
        missingFactBase = members(ResultDescription.missingFactHead, rs.facts.count)
        requiredBase = members([ResultDescription.missingFactTail], rs.facts.count)
        outcomeChangeBase = addAll(rs.levels.indices.map { string(rs.consequenceText(.outcome(level: $0))) })
        heldChangeBase = addAll(rs.levels.indices.map { string(rs.consequenceText(.held(level: $0))) })
        optionStarts = groups(rs.facts.map { $0.type.options.map { string($0) } })
        domainStarts = groups(rs.scores.map { $0.domains.map { .key($0.name) } })
        bandStarts = groups(rs.scores.map { $0.bands.map { string($0.name) } })
        floorStarts = groups(rs.scores.map { $0.floors.map { string($0.reason) } })
        bandChangeStarts = groups(
            rs.scores.indices.map { s in
                rs.scores[s].bands.indices.map { b in string(rs.consequenceText(.band(score: s, band: b))) }
            })
        func joined(_ parts: [UInt8]...) -> JSONFragment {
            var all: [UInt8] = []
            all.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for p in parts { all += p }
            return JSONFragment(bytes: all)
        }
        func bytesOf(_ i: Int) -> [UInt8] { Array(bytes[spanList[i].offset..<spanList[i].offset + spanList[i].count]) }
        func keyBytes(_ name: String) -> [UInt8] { JSONFragment.key(name).bytes }
        let open = Array("{".utf8)
        let close = Array("}".utf8)
        let comma = Array(",".utf8)
        let firedBase = firedBase
        let undeterminedBase = undeterminedBase
        let adviceBase = adviceBase
        let missingFactBase = missingFactBase
        let requiredBase = requiredBase
        let factKeyBase = factKeyBase
        let scoreKeyBase = scoreKeyBase
        firedOpenBase = addAll(
            rs.rules.indices.map { joined(open, bytesOf(firedBase + $0), comma, keyBytes("facts"), open) })
        undeterminedOpenBase = addAll(
            rs.rules.indices.map {
                joined(open, bytesOf(undeterminedBase + $0), comma, keyBytes("unknown"), Array("[".utf8))
            })
        adviceObjectBase = addAll(rs.advice.indices.map { joined(open, bytesOf(adviceBase + $0), close) })
        missingOpenBase = addAll(
            rs.facts.indices.map { joined(open, bytesOf(missingFactBase + $0), comma, keyBytes("could_change")) })
        requiredCloseBase = addAll(rs.facts.indices.map { joined(comma, bytesOf(requiredBase + $0), close) })
        factFlagBase = addAll(
            rs.facts.indices.flatMap { f in
                ["false", "true", "null"].map { joined(bytesOf(factKeyBase + f), Array($0.utf8)) }
            })
        scoreOpenBase = addAll(rs.scores.indices.map { joined(bytesOf(scoreKeyBase + $0), open, keyBytes("total")) })
        toolOpenBase = addAll(
            rs.scores.map { s in
                joined(
                    open, keyBytes("tool"), string(s.name).bytes, comma, keyBytes("question"),
                    string(s.tool?.instruction ?? s.label ?? s.name).bytes, comma, keyBytes("could_change"))
            })
        toolClose = add(joined(comma, keyBytes("required"), Array("false}".utf8)))
        keyBase = addAll(ResultKey.allCases.map { .key($0.name) })
        fieldKeyBase = addAll(ResultField.allCases.map { .key(ResultDescription.member($0).key) })
        let fieldKeyBase = fieldKeyBase
        let ruleset = ruleset
        let outcomeBase = outcomeBase
        briefHeadBase = addAll(
            rs.levels.indices.map {
                joined(
                    bytesOf(fieldKeyBase + ResultField.ruleset.rawValue), bytesOf(ruleset), comma,
                    bytesOf(fieldKeyBase + ResultField.outcome.rawValue), open, bytesOf(outcomeBase + $0))
            })
        plainLineHead = add(
            joined(open, bytesOf(fieldKeyBase + ResultField.scenario.rawValue), Array("\"".utf8)))
        let briefHeadBase = briefHeadBase
        plainLineTailBase = addAll(
            rs.levels.indices.map { joined(Array("\"".utf8), comma, bytesOf(briefHeadBase + $0), Array("}}".utf8)) })
        statusBase = addAll(ScoreStatus.all.map { string($0.name) })
        none = add(string("none"))
        empty = add(string(""))

        func store<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, values.count))
            _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: values)
            return p
        }
        text = store(bytes)
        spans = store(spanList)
        starts = store(startList)
        spanCount = spanList.count
    }

    deinit {
        text.deallocate()
        spans.deallocate()
        starts.deallocate()
    }

    // MARK: Writing

    /// The encoded bytes of span `i`.
    @inline(__always) func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let s = spans[i]
        return UnsafeBufferPointer(start: text + s.offset, count: s.count)
    }

    /// Writes span `i` as a value, or as members inside an object.
    @inline(__always) func write(_ i: Int, _ w: inout JSONByteSink) { w.fragment(encoded: bytes(i)) }

    /// Writes span `i` as the opening of something (see `JSONByteSink.prefix`).
    @inline(__always) func prefix(_ i: Int, _ w: inout JSONByteSink) { w.prefix(encoded: bytes(i)) }

    /// Writes span `i` as the end of something (see `JSONByteSink.suffix`).
    @inline(__always) func suffix(_ i: Int, _ w: inout JSONByteSink) { w.suffix(encoded: bytes(i)) }

    /// Writes span `i` as a member name.
    @inline(__always) func key(_ i: Int, _ w: inout JSONByteSink) { w.key(encoded: bytes(i)) }

    /// Writes a member name of an object inside the result.
    @inline(__always) func key(_ k: ResultKey, _ w: inout JSONByteSink) { w.key(encoded: bytes(keyBase + k.rawValue)) }

    /// Writes a top-level member name of the result object.
    @inline(__always) func key(_ k: ResultField, _ w: inout JSONByteSink) {
        w.key(encoded: bytes(fieldKeyBase + k.rawValue))
    }

    /// Span `k` of group `g` in the index table at `table`, or nil outside the group.
    @inline(__always) private func member(_ table: Int, _ g: Int, _ k: Int) -> Int? {
        let first = starts[table + g]
        let end = starts[table + g + 1]
        return k >= 0 && first + k < end ? first + k : nil
    }

    func outcome(_ level: Int) -> Int { outcomeBase + level }
    /// `"ruleset":{…},"outcome":{` and level `level`'s members, as one part.
    func briefHead(_ level: Int) -> Int { briefHeadBase + level }
    /// What follows a plain id on an outcome-only line at `level` with no time due (see `plainLineHead`).
    func plainLineTail(_ level: Int) -> Int { plainLineTailBase + level }
    /// A cap's `"because"` and `"source"` members.
    func capReason(_ cap: Int) -> Int { capReasonBase + cap }
    func factKey(_ slot: Int) -> Int { factKeyBase + slot }
    func factName(_ slot: Int) -> Int { factNameBase + slot }
    func levelName(_ level: Int) -> Int? { level >= 0 && level < levelCount ? levelNameBase + level : nil }
    func outcomeChange(_ level: Int) -> Int { outcomeChangeBase + level }
    /// A missing line's `could_change` for a fact that could hold the outcome at `level` (nil: no such level).
    func heldChange(_ level: Int) -> Int? { level >= 0 && level < levelCount ? heldChangeBase + level : nil }
    func firedOpen(_ rule: Int) -> Int { firedOpenBase + rule }
    func undeterminedOpen(_ rule: Int) -> Int { undeterminedOpenBase + rule }
    func adviceObject(_ a: Int) -> Int { adviceObjectBase + a }
    func missingOpen(_ slot: Int) -> Int { missingOpenBase + slot }
    func requiredClose(_ slot: Int) -> Int { requiredCloseBase + slot }
    /// `"name":false`, `"name":true` or `"name":null` (value nil).
    func factFlag(_ slot: Int, _ value: Bool?) -> Int { factFlagBase + 3 * slot + (value.map { $0 ? 1 : 0 } ?? 2) }
    func scoreOpen(_ score: Int) -> Int { scoreOpenBase + score }
    /// `{"tool":…,"question":…,"could_change":` for score `score` (see `toolClose`).
    func toolOpen(_ score: Int) -> Int { toolOpenBase + score }
    func status(_ s: ScoreStatus) -> Int {
        switch s {
        case .notStarted: return statusBase
        case .incomplete: return statusBase + 1
        case .complete: return statusBase + 2
        case .notApplicable: return statusBase + 3
        }
    }
    func option(_ slot: Int, _ k: Int) -> Int? { member(optionStarts, slot, k) }
    func optionCount(_ slot: Int) -> Int { starts[optionStarts + slot + 1] - starts[optionStarts + slot] }
    func domainKey(_ score: Int, _ d: Int) -> Int? { member(domainStarts, score, d) }
    func bandName(_ score: Int, _ b: Int) -> Int? { member(bandStarts, score, b) }
    func floorReason(_ score: Int, _ f: Int) -> Int? { member(floorStarts, score, f) }
    func bandChange(_ score: Int, _ b: Int) -> Int? { member(bandChangeStarts, score, b) }

    /// The fragments for `rs`, built on first use and kept with it (renderers made without a rule set use them).
    static func of(_ rs: RuleSet) -> ResultFragments {
        rs.tables.table(ResultFragments.self) { ResultFragments(rs) }
    }
}

/// Member names of the objects inside the result object that `JSONResultRenderer` writes by hand (encoded
/// once with each rule set's fragments; the top-level ones are `ResultField`'s).
enum ResultKey: Int, CaseIterable {
    case outcome, due, facts, unknown, total, range, band
    case couldReach, floor, from, reason, domains, couldChange, set
    case status, answered, questions, tool

    /// Spelt out (`"\(self)"` would go through reflection at every start).
    var name: String {
        switch self {
        case .outcome: return "outcome"
        case .due: return "due"
        case .facts: return "facts"
        case .unknown: return "unknown"
        case .total: return "total"
        case .range: return "range"
        case .band: return "band"
        case .couldReach: return "could_reach"
        case .floor: return "floor"
        case .from: return "from"
        case .reason: return "reason"
        case .domains: return "domains"
        case .couldChange: return "could_change"
        case .set: return "set"
        case .status: return "status"
        case .answered: return "answered"
        case .questions: return "questions"
        case .tool: return "tool"
        }
    }
}
