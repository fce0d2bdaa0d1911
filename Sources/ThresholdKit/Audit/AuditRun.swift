/// Runs an audit: scores each recorded decision's facts against the rule set and compares the rules' answer
/// with the level recorded. Streaming: lines are read in chunks (the batch's line splitter) and only counts,
/// the causes and the dip sample's reservoirs are kept, so memory stays flat however many decisions there
/// are. Pure: bytes in, a report out (the caller reads the files).
///
/// ```swift
/// let run = AuditRun(ruleSet: ruleSet, options: .init(minGroup: 10))
/// run.addFile("decisions.csv") { buffer in try readSome(fd, buffer) }   // 0 at the end
/// let report = run.report()
/// print(AuditTextRenderer().render(report), terminator: "")
/// ```
public final class AuditRun {
    public struct Options: Sendable {
        var minGroup: Int
        var sampleSize: Int
        var seed: UInt64
        var keptSkips: Int
        /// One thread: the rows are tallied in order.
        var blocking: LineBlocking

        public init(
            minGroup: Int = 10, sampleSize: Int = 0, seed: UInt64 = 1, keptSkips: Int = 100, chunkBytes: Int = 1 << 20,
            maxLineBytes: Int = 16 << 20
        ) {
            self.minGroup = Swift.max(1, minGroup)
            self.sampleSize = Swift.max(0, sampleSize)
            self.seed = seed
            self.keptSkips = Swift.max(0, keptSkips)
            blocking = LineBlocking(jobs: 1, linesPerJob: 1024, maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
        }
    }

    let ruleSet: RuleSet
    let options: Options
    private let evaluator: Evaluator
    private let explainer: Explainer
    private var tally: AuditTally
    private var sample: AuditSample
    private var skips: [AuditSkip] = []
    private var skipCount = 0
    private var decisions = 0
    /// Each decision read so far (its `id` and `by`), and where: a decision given twice (overlapping exports, a
    /// file named twice) is counted once. (The one thing kept per decision: a short string each.)
    private var seenIDs: [String: String] = [:]
    /// Called for every row skipped, as it is met (the command line prints it to standard error).
    public var onSkip: ((AuditSkip) -> Void)?
    /// Set when a file could not be read at all (a CSV header naming no fact, for one): its message.
    public private(set) var fileFailure: String?

    public init(ruleSet: RuleSet, options: Options = Options()) {
        self.ruleSet = ruleSet
        self.options = options
        evaluator = Evaluator(ruleSet)
        explainer = Explainer(ruleSet)
        tally = AuditTally(levels: ruleSet.levels.count)
        sample = AuditSample(
            size: options.sampleSize, seed: options.seed, cells: ruleSet.levels.count * ruleSet.levels.count)
    }

    /// Reads one decisions file: `read` fills the buffer it is given and returns the number of bytes read
    /// (0 at the end). Errors thrown by `read` end the run and are passed on. `name` is how rows are named
    /// in the report (`decisions.csv:12`).
    public func addFile(_ name: String, read: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows {
        var reader = DecisionReader(ruleSet)
        var stopped = false
        try forEachBatchBlock(
            options.blocking, read: read
        ) { block, base, _ in
            for line in block where !stopped {
                if line.tooLong {
                    skip(name, line.number, "the line is longer than the limit")
                    continue
                }
                let bytes = UnsafeRawBufferPointer(rebasing: base[line.start..<line.end]).bindMemory(to: UInt8.self)
                switch reader.read(bytes, line: line.number) {
                case .success(nil): continue
                case .success(let d?):
                    let place = "\(name):\(line.number)"
                    if d.idGiven {
                        // One case decided by one person: a calibration exercise's export has a line per trainee
                        // and case, with the case's id on each.
                        let key = d.scenario.id + "\u{1F}" + (d.by ?? "")
                        if let first = seenIDs[key] {
                            let who = d.by.map { " by \(Limits.shown($0))" } ?? ""
                            skip(
                                name, line.number,
                                "the decision \"\(Limits.shown(d.scenario.id))\"\(who) was read before, at \(first); it is counted once"
                            )
                            continue
                        }
                        seenIDs[key] = place
                    }
                    add(d, place: place)
                case .failure(let f) where f.fatal:
                    fileFailure = "\(name):\(line.number): \(f.message)"
                    stopped = true
                case .failure(let f): skip(name, line.number, f.message)
                }
            }
        }
        // An empty file is an export that went wrong, not a month without decisions.
        if !stopped, reader.format == .undecided {
            fileFailure = "\(name): is empty: no header row and no decisions"
        }
    }

    /// Decisions from memory (tests, small inputs).
    func addFile(_ name: String, _ input: [UInt8]) {
        withMemoryReader(input) { read in addFile(name, read: read) }
    }

    private func skip(_ file: String, _ line: Int, _ message: String) {
        let s = AuditSkip(file: file, line: line, message: message)
        skipCount += 1
        if skips.count < options.keptSkips { skips.append(s) }
        onSkip?(s)
    }

    private func add(_ d: AuditDecision, place: String) {
        let e = evaluator.evaluate(d.scenario.facts)
        let result = explainer.explain(e, notFired: false, factValues: false)
        let k = tally.levels
        let rules = e.outcome
        let cell = d.recorded * k + rules
        decisions += 1
        tally.matrix[cell] += 1
        tally.count(team: d.team, by: d.by, cell)
        let settled = result.settled
        var missing: [String] = []
        if !settled {
            tally.undetermined += 1
            missing = AuditRun.missingNames(result, ruleSet)
            for m in missing { AuditCause.bump(&tally.undeterminedMissing, m) }
        }
        if d.recorded != rules {
            let key = AuditCause.key(recorded: d.recorded, e, settled: settled, ruleSet)
            let c = tally.cause(key)
            tally.causes[c].add(
                d.scenario.id, e.facts, AuditCause.reads(key, ruleSet), ruleSet, missing: settled ? [] : missing)
        }
        if let received = d.received, let decided = d.decidedAt {
            if let due = AuditRun.due(ruleSet, level: d.recorded, start: received) {
                tally.timed[d.recorded] += 1
                if decided > due { tally.late[d.recorded] += 1 }
            } else {
                tally.untimedLevel += 1
            }
        }
        sample.offer(cell: cell) {
            AuditSample.Kept(
                id: d.scenario.id, recorded: d.recorded, rules: rules, facts: d.scenario.facts,
                given: d.scenario.given, place: place)
        }
        evaluator.forgetFacts()
    }

    /// The questions whose answers could change the rules' answer (a tool not started by its name).
    static func missingNames(_ r: ScoredResult, _ ruleSet: RuleSet) -> [String] {
        r.missing.compactMap { m in
            switch m.consequence {
            case .outcome, .held:
                return m.tool.map { ruleSet.scores[$0].name } ?? ruleSet.facts[m.fact].name
            case .band, .required: return nil
            }
        }
    }

    /// The time by which a decision at `level` is due, counted from `start` (nil: the level has no timescale).
    static func due(_ ruleSet: RuleSet, level: Int, start: CivilDateTime) -> CivilDateTime? {
        guard ruleSet.levels.indices.contains(level), let within = ruleSet.levels[level].within else { return nil }
        switch within.unit {
        case .hours: return start.addingMinutes(Int64(within.amount) * 60)
        case .days: return start.addingMinutes(Int64(within.amount) * CivilDateTime.minutesPerDay)
        case .workingDays: return ruleSet.calendar.due(start: start, workingDays: within.amount)
        }
    }

    // MARK: The report

    public func report() -> AuditReport {
        let k = tally.levels
        let rows: ([Int]) -> [[Int]] = { m in (0..<k).map { Array(m[($0 * k)..<(($0 + 1) * k)]) } }
        func groups(_ g: [String: [Int]]) -> (kept: [(String, AuditReport.Summary)], below: Int) {
            var kept: [(String, AuditReport.Summary)] = []
            var below = 0
            for name in g.keys.sorted() {
                let s = AuditReport.Summary(rows(g[name] ?? []))
                if s.decisions >= options.minGroup { kept.append((name, s)) } else { below += 1 }
            }
            return (kept, below)
        }
        let teams = groups(tally.teams)
        let practitioners = groups(tally.practitioners)
        let causes = tally.causes.enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
        }.map(\.element)
        let timeliness = (0..<k).compactMap { l -> AuditReport.Timeliness? in
            tally.timed[l] > 0 ? .init(level: l, timed: tally.timed[l], late: tally.late[l]) : nil
        }
        return AuditReport(
            ruleSet: ruleSet, decisions: decisions, skipped: skipCount, skips: skips,
            overall: .init(rows(tally.matrix)),
            causes: causes, undetermined: tally.undetermined,
            undeterminedMissing: tally.undeterminedMissing.sorted {
                $0.1 > $1.1
            }, timeliness: timeliness, untimedLevel: tally.untimedLevel, minGroup: options.minGroup,
            teams: teams.kept, teamsBelow: teams.below, practitioners: practitioners.kept,
            practitionersBelow: practitioners.below, sample: sample.chosen())
    }
}
