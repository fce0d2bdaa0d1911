/// Which questions are put, and in what order, once missing information is known (**Extensions**
/// `asked when`, `asked first` and `tool`; see docs/language.md, "Questions that fit").
///
/// - A question whose `asked when` condition is no cannot apply: it is left out of missing information and
///   of the unknown facts of "could be" (a rule kept open by nothing else is not listed).
/// - When the condition is unknown, the question waits for the questions that open it: they are listed in
///   its place, with its consequence, so a follow-up comes after the question that opens it.
/// - A tool's questions are put only when the tool's `asked when` holds (the children it applies to).
/// - `asked first` questions come first among questions of equal consequence.
/// - A tool with no question answered is listed as one line (the tool's instruction), in the place of its
///   first question.
///
/// A class: the explainer and each evaluation's `Asking` hold it by reference (as a struct, every copy retained
/// and released its dozen arrays, per line of `threshold batch`).
final class QuestionPlan: Sendable {
    let ruleSet: RuleSet
    /// Per fact, the first tool that asks it (-1: none).
    private let factTool: [Int]
    private let toolScores: [Int]
    private let hasFirst: Bool
    /// Per fact, whether it is `required` (read for every missing line: kept flat, not read from the facts).
    private let required: [Bool]
    /// Per fact, whether it has an `asked when` (answered by the flat program: `Evaluator.withAskedWhen`) and what
    /// that reads, and whether it is `asked first` (kept flat: reading `ruleSet.facts[f]` copies the whole
    /// declaration, its strings retained and released, per question).
    private let hasAskedWhen: [Bool]
    private let askedWhenReads: [[Int]]
    private let askedFirst: [Bool]
    /// Per score, whether its tool has an `asked when`, and what that reads (false and empty for a score that is
    /// no tool).
    private let hasToolAskedWhen: [Bool]
    private let toolAskedWhenReads: [[Int]]
    /// Per fact whose line the missing-information pass may leave out when its tool is not started (see
    /// `ToolLines`): twice the tool (below 64), plus one when another question's `asked when` reads the fact;
    /// -1 for the others.
    let collapsing: [Int]
    /// The questions of each tool (of `toolScores[k]`: `toolQuestions[toolQuestionStart[k]..<toolQuestionStart[k +
    /// 1]]`), to tell the tools not started.
    private let toolQuestions: [Int]
    private let toolQuestionStart: [Int]

    /// False when fact `slot`'s question cannot apply to this child: its `asked when`, or that of a tool that
    /// asks it, is no.
    static func mayApply(_ rs: RuleSet, _ slot: Int, _ facts: FactVector, _ evaluator: Evaluator) -> Bool {
        // Which facts and tools have an `asked when` from the evaluator's tables: reading `rs.facts[slot]` or a
        // score's `tool` copied the declaration (its strings and arrays retained and released).
        if evaluator.hasAskedWhen(fact: slot), MayApply.saysNo(slot, facts, evaluator) { return false }
        // By index: a `for score in` loop copied every score (its arrays retained and released) per fact asked.
        for s in rs.scores.indices where evaluator.hasAskedWhen(tool: s) {
            if rs.scores[s].asks(slot), MayApply.saysNo(-1 - s, facts, evaluator) { return false }
        }
        return true
    }

    /// nil when the rule set declares no `asked when`, `asked first` or tool.
    init?(_ rs: RuleSet) {
        let tools = rs.scores.indices.filter { rs.scores[$0].tool != nil }
        let conditional = rs.facts.contains { $0.askedWhen != nil }
        let first = rs.facts.contains { $0.askedFirst }
        guard !tools.isEmpty || conditional || first else { return nil }
        var owner = Array(repeating: -1, count: rs.facts.count)
        for s in tools { for q in rs.scores[s].questions + rs.scores[s].followUps where owner[q] < 0 { owner[q] = s } }
        ruleSet = rs
        factTool = owner
        toolScores = tools
        hasFirst = first
        required = rs.facts.map(\.required)
        hasAskedWhen = rs.facts.map { $0.askedWhen != nil }
        askedWhenReads = rs.facts.map(\.askedWhenReads)
        askedFirst = rs.facts.map(\.askedFirst)
        hasToolAskedWhen = rs.scores.map { $0.tool?.askedWhen != nil }
        toolAskedWhenReads = rs.scores.map { $0.tool?.askedWhenReads ?? [] }
        toolQuestions = tools.flatMap { rs.scores[$0].questions }
        toolQuestionStart = tools.reduce(into: [0]) { $0.append($0[$0.count - 1] + rs.scores[$1].questions.count) }
        // A fact whose line the plan puts as it is, or not at all, with the other questions of its tool: no
        // `asked when` of its own, not `asked first`, not required, and not read by its tool's `asked when` (a
        // tool's opener is listed in its questions' place).
        var toolOpener = Array(repeating: false, count: rs.facts.count)
        for reads in toolAskedWhenReads { for o in reads where o >= 0 && o < toolOpener.count { toolOpener[o] = true } }
        var opens = Array(repeating: false, count: rs.facts.count)
        for reads in askedWhenReads { for o in reads where o >= 0 && o < opens.count { opens[o] = true } }
        collapsing = rs.facts.indices.map { f in
            let s = owner[f]
            guard s >= 0, s < 64, !toolOpener[f], !rs.facts[f].required, !rs.facts[f].askedFirst,
                rs.facts[f].askedWhen == nil
            else { return -1 }
            return 2 * s + (opens[f] ? 1 : 0)
        }
    }

    /// The tools (below 64) with questions and none answered, as bits: each is listed as one line.
    func notStartedTools(_ facts: FactVector) -> UInt64 {
        guard !toolScores.isEmpty else { return 0 }
        var notStarted: UInt64 = 0
        facts.withUnsafeBufferPointer { facts in
            toolQuestions.withUnsafeBufferPointer { questions in
                for (k, s) in toolScores.enumerated() where s < 64 {
                    let first = toolQuestionStart[k]
                    let end = toolQuestionStart[k + 1]
                    guard first < end else { continue }
                    var answered = false
                    for q in first..<end where questions[q] < facts.count {
                        if case .some = facts[questions[q]] {
                            answered = true
                            break
                        }
                    }
                    if !answered { notStarted |= 1 << UInt64(s) }
                }
            }
        }
        return notStarted
    }

    /// What the missing-information pass may leave out for this child (`ToolLines`), `notStarted` being
    /// `notStartedTools(facts)`.
    func toolLines(_ facts: FactVector, _ notStarted: UInt64) -> ToolLines {
        guard notStarted != 0, facts.count >= ruleSet.facts.count else { return ToolLines() }
        return ToolLines(collapsing: collapsing, notStarted: notStarted)
    }

    /// `notStarted` is `notStartedTools(e.facts)`. `missing` may hold the marks `ToolLines` puts in place of the
    /// lines it leaves out (a fact of `~f`): each is marked listed when its question is asked, as listing it
    /// would have, and none is kept.
    func apply(
        _ e: Evaluation, _ missing: inout [ScoredResult.Missing], _ undetermined: inout [ScoredResult.Undetermined],
        _ session: inout RelevanceSession, notStarted: UInt64
    ) {
        let rs = ruleSet
        let factCount = rs.facts.count
        guard e.facts.count >= factCount else { return }
        let evaluator = session.lent()
        // Per fact: 0 not yet decided, else 1 + Tri; then per fact whether it has been listed; per score, 1 + Tri;
        // per score, whether its tool's openers have all been listed; per fact, its own `asked when` (0 not yet
        // decided, else 1 + Tri).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(1, 3 * factCount + 2 * rs.scores.count)) {
            scratch in
            scratch.initialize(repeating: 0)
            e.facts.withUnsafeBufferPointer { facts in
                evaluator.withAskedWhen(facts) { askedWhen in
                    let ask = Asking(
                        plan: self, evaluator: evaluator, askedWhen: askedWhen, facts: facts, scratch: scratch,
                        factCount: factCount)
                    if !missing.isEmpty { missing = ask.plan(missing) }
                    if !undetermined.isEmpty { ask.prune(&undetermined, &session) }
                }
            }
        }
        if hasFirst { putFirstFirst(&missing) }
        if !toolScores.isEmpty, !missing.isEmpty {
            collapseTools(notStarted, &missing)
        }
    }

    /// Within each run of equal consequence, `asked first` questions before the others (stable).
    private func putFirstFirst(_ missing: inout [ScoredResult.Missing]) {
        var start = 0
        while start < missing.count {
            var end = start + 1
            // A run: equal consequence, and the same tier (required questions stay first).
            let tier = required[missing[start].fact]
            while end < missing.count, missing[end].consequence == missing[start].consequence,
                required[missing[end].fact] == tier
            {
                end += 1
            }
            if end - start > 1 {
                // Counted first: most runs have none (or only) `asked first`, and are left as they are.
                var firstCount = 0
                for k in start..<end where askedFirst[missing[k].fact] { firstCount += 1 }
                if firstCount > 0, firstCount < end - start {
                    let run = missing[start..<end]
                    missing.replaceSubrange(
                        start..<end, with: run.filter { askedFirst[$0.fact] } + run.filter { !askedFirst[$0.fact] })
                }
            }
            start = end
        }
    }

    /// A tool with no question answered becomes one line, where its first question was.
    private func collapseTools(_ notStarted: UInt64, _ missing: inout [ScoredResult.Missing]) {
        guard notStarted != 0 else { return }
        var seen: UInt64 = 0
        // In place: each line kept moves down to `kept` (never past the line being read).
        var kept = 0
        for k in missing.indices {
            var m = missing[k]
            let s = m.fact >= 0 && m.fact < factTool.count ? factTool[m.fact] : -1
            if s >= 0, s < 64, notStarted & (1 << UInt64(s)) != 0, m.consequence != .required {
                if seen & (1 << UInt64(s)) != 0 { continue }
                seen |= 1 << UInt64(s)
                m.tool = s
            }
            missing[kept] = m
            kept += 1
        }
        missing.removeLast(missing.count - kept)
    }

    /// The per-evaluation answers: whether each question is put, and whether it has been listed.
    private struct Asking {
        let plan: QuestionPlan
        /// For `canBe` (rules' conditions read definitions); the `asked when` conditions are answered by the
        /// flat program (`askedWhen`), without walking their node trees.
        let evaluator: Evaluator
        let askedWhen: AskedWhen
        let facts: UnsafeBufferPointer<FactValue?>
        let scratch: UnsafeMutableBufferPointer<UInt8>
        let factCount: Int

        func unknown(_ f: Int) -> Bool {
            if case .none = facts[f] { return true }
            return false
        }

        /// Whether the tool `s` applies to this child.
        func toolApplies(_ s: Int) -> Tri {
            let k = 2 * factCount + s
            if scratch[k] != 0 { return Tri(rawValue: scratch[k] &- 1) ?? .unknown }
            let t = askedWhen.tool(s)
            scratch[k] = t.rawValue &+ 1
            return t
        }

        /// Fact `f`'s own `asked when` (yes when it has none), evaluated once.
        func own(_ f: Int) -> Tri {
            guard plan.hasAskedWhen[f] else { return .yes }
            let k = 2 * factCount + 2 * plan.hasToolAskedWhen.count + f
            if scratch[k] != 0 { return Tri(rawValue: scratch[k] &- 1) ?? .unknown }
            let t = askedWhen.fact(f)
            scratch[k] = t.rawValue &+ 1
            return t
        }

        /// Whether fact `f`'s question is put: its own `asked when`, and its tool's.
        func asked(_ f: Int) -> Tri {
            if scratch[f] != 0 { return Tri(rawValue: scratch[f] &- 1) ?? .unknown }
            var t = own(f)
            if plan.factTool[f] >= 0 { t = t && toolApplies(plan.factTool[f]) }
            scratch[f] = t.rawValue &+ 1
            return t
        }

        /// Lists `f` with consequence `c` (and `holds`), unless it is listed already.
        @inline(__always) private func emit(
            _ f: Int, _ c: ScoredResult.Consequence, _ holds: Int?, _ out: inout [ScoredResult.Missing]
        ) {
            guard scratch[factCount + f] == 0 else { return }
            scratch[factCount + f] = 1
            out.append(.init(fact: f, consequence: c, holds: holds))
        }

        /// Lists in `f`'s place (as `m`) the questions that open `f`, are still unknown and can be put: its own
        /// condition's, then its tool's. (Loops written out, not a closure over `out`: that cost a dynamic
        /// exclusivity check per question.)
        private func emitOpeners(_ f: Int, _ m: ScoredResult.Missing, _ out: inout [ScoredResult.Missing]) {
            if plan.hasAskedWhen[f], own(f) == .unknown {
                for o in plan.askedWhenReads[f] where o != f && unknown(o) && asked(o) != .no {
                    emit(o, m.consequence, m.holds, &out)
                }
            }
            let s = plan.factTool[f]
            // Once the tool's openers have been listed for a question that is not one of them, each is listed
            // or cannot be (for any question of the tool): nothing more to do.
            let done = 2 * factCount + plan.hasToolAskedWhen.count + s
            if s >= 0, scratch[done] == 0, toolApplies(s) == .unknown, plan.hasToolAskedWhen[s] {
                let reads = plan.toolAskedWhenReads[s]
                for o in reads where o != f && unknown(o) && asked(o) != .no {
                    emit(o, m.consequence, m.holds, &out)
                }
                if !reads.contains(f) { scratch[done] = 1 }
            }
        }

        func plan(_ missing: [ScoredResult.Missing]) -> [ScoredResult.Missing] {
            var out: [ScoredResult.Missing] = []
            out.reserveCapacity(missing.count)
            for m in missing {
                let f = m.fact
                guard f >= 0, f < factCount else {
                    // A line `ToolLines` left out, which listing would have marked listed.
                    if f < 0, ~f < factCount {
                        if asked(~f) == .yes { scratch[factCount + ~f] = 1 }
                        continue
                    }
                    out.append(m)
                    continue
                }
                if plan.required[f] {
                    emit(f, m.consequence, m.holds, &out)
                    continue
                }
                switch asked(f) {
                case .yes: emit(f, m.consequence, m.holds, &out)
                case .no: break
                case .unknown:
                    // Nothing to list unless `f` waits on its own `asked when`, or its tool's openers are not
                    // listed yet (see `emitOpeners`): checked here, to spare the call.
                    let s = plan.factTool[f]
                    if plan.hasAskedWhen[f] || (s >= 0 && scratch[2 * factCount + plan.hasToolAskedWhen.count + s] == 0)
                    {
                        emitOpeners(f, m, &out)
                    }
                }
            }
            return out
        }

        /// Whether `f` is a follow-up still waiting for the question that opens it.
        func waiting(_ f: Int) -> Bool {
            plan.hasAskedWhen[f] && own(f) == .unknown
        }

        /// Leaves out of "could be" the unknown facts whose questions cannot apply, or that wait for the
        /// question that opens them, and the rules that cannot fire while the questions that cannot apply
        /// stay unanswered (`canBeYes`).
        func prune(_ undetermined: inout [ScoredResult.Undetermined], _ session: inout RelevanceSession) {
            var k = 0
            var closing: [Int] = []  // rules that read a question that cannot apply: checked below
            while k < undetermined.count {
                // Counted first, then filtered in place (no new array for a rule that keeps them all).
                var kept = 0
                var cannotApply = false
                for f in undetermined[k].unknown {
                    if keeps(f) { kept += 1 } else if asked(f) == .no { cannotApply = true }
                }
                if kept == undetermined[k].unknown.count {
                    k += 1
                    continue
                }
                if kept == 0 {
                    undetermined.remove(at: k)
                    continue
                }
                if cannotApply { closing.append(undetermined[k].rule) }
                undetermined[k].unknown.removeAll { !keeps($0) }
                k += 1
            }
            guard !closing.isEmpty else { return }
            let relevance = session.analysis()
            let rules = plan.ruleSet.rules
            undetermined.removeAll { u in
                closing.contains(u.rule) && !canBe(.yes, rules[u.rule].condition, relevance)
            }
        }

        /// Whether unknown fact `f` stays in "could be": its question can be put and waits for no other.
        private func keeps(_ f: Int) -> Bool {
            f >= factCount || (asked(f) != .no && !waiting(f))
        }

        /// Whether `node` could still become `want` when only questions that can apply are answered: a part
        /// that is unknown and reads no unknown fact that can apply stays unknown.
        func canBe(_ want: Tri, _ node: BoolNode, _ relevance: Relevance) -> Bool {
            let now = evaluator.condition(node)
            if now != .unknown { return now == want }
            switch node.role {
            case .junction(.and):
                return want == .yes
                    ? !anyChild(node) { !canBe(.yes, $0, relevance) } : anyChild(node) { canBe(.no, $0, relevance) }
            case .junction(.or):
                return want == .yes
                    ? anyChild(node) { canBe(.yes, $0, relevance) } : !anyChild(node) { !canBe(.no, $0, relevance) }
            case .junction(.not): return anyChild(node) { canBe(want == .yes ? .no : .yes, $0, relevance) }
            case .value:
                guard case .definition(let i)? = node.directRead else { return openAndAskable(node, relevance) }
                if i < plan.ruleSet.definitions.count, case .condition(let body) = plan.ruleSet.definitions[i].body {
                    return canBe(want, body, relevance)
                }
                return true
            case .constant, .junction(.count), .knownTest, .test: return openAndAskable(node, relevance)
            }
        }

        private func openAndAskable(_ node: BoolNode, _ relevance: Relevance) -> Bool {
            relevance.open(node).contains { $0 < factCount && asked($0) != .no }
        }

        /// Whether `test` holds for one of the node's condition sub-nodes, in order (stops at the first).
        private func anyChild(_ node: BoolNode, _ test: (BoolNode) -> Bool) -> Bool {
            var found = false
            node.forEachChild { child in
                if !found, case .bool(let x) = child { found = test(x) }
            }
            return found
        }
    }
}
