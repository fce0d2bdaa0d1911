/// Runs a diff: scores worked cases and JSON Lines referrals under two versions of a rule set and collects
/// what changed. Streaming: lines are read in chunks and scored a block at a time on `jobs` threads, as
/// `BatchScorer` does; only the counts and the changed cases are kept. Pure: text and bytes in, a report
/// out (the caller reads files, standard input or git).
///
/// ```swift
/// let run = DiffRun(old: old, new: new, oldLabel: "v1", newLabel: "v2", options: .init(jobs: 2))
/// run.addWorked(path: "scenarios/child.scenario", text: text)     // each worked case file's text
/// let report = run.report()
/// print(DiffTextRenderer().render(report), terminator: "")
/// let changed = report.outcomeChanges > 0
/// ```
public final class DiffRun {
    public struct Options: Sendable {
        var blocking: LineBlocking
        /// Failures kept in the report (all are counted).
        var keptFailures: Int

        public init(
            jobs: Int = 1, linesPerJob: Int = 512, maxLineBytes: Int = 16 << 20, chunkBytes: Int = 1 << 20,
            keptFailures: Int = 100
        ) {
            blocking = LineBlocking(
                jobs: jobs, linesPerJob: linesPerJob, maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
            self.keptFailures = Swift.max(0, keptFailures)
        }
    }

    let old: RuleSet
    let new: RuleSet
    let options: Options
    let oldLabel: String
    let newLabel: String
    let comparer: CaseComparer
    private let workers: [DiffWorker]
    private var tally: DiffTally
    private var groupIndex: [CaseCause: Int] = [:]
    private var groups: [DiffReport.Group] = []
    private var changed: [ChangedCase] = []
    private var failures: [DiffFailure] = []
    private var failureCount = 0
    private var failing: [DiffReport.FailingExpectation] = []
    private var workedCases = 0
    private var lines = 0

    public init(old: RuleSet, new: RuleSet, oldLabel: String, newLabel: String, options: Options = Options()) {
        self.old = old
        self.new = new
        self.oldLabel = oldLabel
        self.newLabel = newLabel
        self.options = options
        comparer = CaseComparer(old: old, new: new)
        tally = DiffTally(comparer)
        let comparer = self.comparer
        workers = (0..<options.blocking.jobs).map { _ in DiffWorker(old: old, new: new, comparer: comparer) }
    }

    // MARK: Worked cases

    /// Scores the worked cases of one `.scenario`, `.json` or `.jsonl` file's text under both versions and
    /// checks their expectations under the new one.
    public func addWorked(path: String, text: String) {
        if ScenarioInput.isJSON(path) {
            WorkedCases.json(path, text, self)
        } else {
            WorkedCases.scenarios(path, text, self)
        }
    }

    /// One worked case scored under both versions.
    func addWorked(old a: Scenario, new b: Scenario, file: String) -> (Evaluation, Evaluation) {
        let w = workers[0]
        w.tally.reset()
        let x = w.oldEvaluator.evaluate(a.facts)
        let y = w.newEvaluator.evaluate(b.facts)
        w.tally.add(x, y, comparer, id: a.id, line: nil, file: file, given: a.given)
        take(w.tally, [])
        workedCases += 1
        return (x, y)
    }

    func fail(_ f: DiffFailure) {
        failureCount += 1
        if failures.count < options.keptFailures { failures.append(f) }
    }

    func expectationFails(_ f: DiffReport.FailingExpectation) { failing.append(f) }

    // MARK: JSON Lines

    /// The file the JSON Lines being read come from (nil: standard input, or memory), for failures to name.
    private var linesName: String?

    /// Scores JSON Lines under both versions: `read` fills the buffer it is given and returns the number of
    /// bytes read (0 at the end); `name` is the file they come from. Errors thrown by `read` end the run and
    /// are passed on.
    public func addLines(named name: String? = nil, read: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows {
        linesName = name
        try forEachBatchBlock(
            options.blocking, read: read
        ) { block, base, threads in scoreBlock(block, base, threads) }
    }

    /// JSON Lines from memory (tests, small inputs).
    func addLines(_ input: [UInt8]) {
        withMemoryReader(input) { read in addLines(read: read) }
    }

    private func scoreBlock(_ block: [BatchLine], _ base: UnsafeRawBufferPointer, _ threads: BatchThreads?) {
        let jobs = Swift.min(workers.count, block.count)
        let workers = self.workers
        BatchThreads.slices(block, jobs: jobs, on: threads) { j, lines in workers[j].score(lines, base) }
        for w in workers.prefix(jobs) {
            lines += w.lines - w.blank
            take(w.tally, w.failures)
        }
    }

    /// Merges a worker's tally: counts added, changed cases grouped in order.
    private func take(_ t: DiffTally, _ failed: [DiffFailure]) {
        tally.merge(t)
        for c in t.changes {
            let g: Int
            if let i = groupIndex[c.cause] {
                g = i
            } else {
                g = groups.count
                groupIndex[c.cause] = g
                groups.append(DiffReport.Group(cause: c.cause, count: 0, ids: [], related: []))
            }
            groups[g].count += 1
            groups[g].ids.append(c.id)
            changed.append(
                ChangedCase(id: c.id, line: c.line, file: c.file, group: g, oldDue: c.oldDue, newDue: c.newDue))
        }
        for var f in failed {
            // A line's failure names the file the lines came from, when they came from one.
            if f.file == nil, f.line != nil { f.file = linesName }
            fail(f)
        }
    }

    // MARK: The report

    public func report() -> DiffReport {
        let changes = RuleSetComparison.changes(old: old, new: new)
        let n = comparer.newLevels.count
        let outcomes = comparer.oldLevels.indices.map { i in Array(tally.outcomes[(i * n)..<((i + 1) * n)]) }
        let bands = comparer.scores.enumerated().map { k, s in
            let columns = s.newBands.count + 1
            return DiffReport.BandMatrix(
                score: s.name, oldBands: ["none"] + s.oldBands, newBands: ["none"] + s.newBands,
                counts: (0...s.oldBands.count).map { r in Array(tally.bands[k][(r * columns)..<((r + 1) * columns)]) })
        }
        // Changed outcomes first, then the largest groups (ties in order of first appearance); the changed
        // cases follow the new order.
        func key(_ i: Int) -> (Int, Int, Int) {
            (self.groups[i].cause.outcomeChanged ? 1 : 0, self.groups[i].count, -i)
        }
        let order = self.groups.indices.sorted { key($0) > key($1) }
        var position = Array(repeating: 0, count: order.count)
        for (p, g) in order.enumerated() { position[g] = p }
        var groups = order.map { self.groups[$0] }
        let reads = RuleReads([old, new])
        for i in groups.indices { groups[i].related = DiffGrouping.related(groups[i].cause, changes, reads) }
        let changed = self.changed.map { c in
            var c = c
            c.group = position[c.group]
            return c
        }
        return DiffReport(
            old: version(old, oldLabel), new: version(new, newLabel), scenarios: tally.scored, workedCases: workedCases,
            lines: lines, outcomes: outcomes, bandMatrices: bands, groups: groups, changed: changed,
            failingExpectations: failing, rulesetChanges: changes, failures: failures, failureCount: failureCount,
            droppedFacts: comparer.oldFacts.indices.compactMap { slot in
                tally.dropped[slot] > 0 ? .init(fact: comparer.oldFacts[slot], cases: tally.dropped[slot]) : nil
            })
    }

    private func version(_ rs: RuleSet, _ label: String) -> DiffReport.Version {
        DiffReport.Version(
            label: label, name: rs.name, version: rs.version, fingerprint: rs.fingerprint,
            levels: rs.levels.map(\.name),
            within: rs.levels.map { $0.within?.description })
    }
}
