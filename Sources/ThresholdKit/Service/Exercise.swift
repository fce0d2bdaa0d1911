import Foundation

/// A calibration exercise (`threshold serve RULES --exercise CASES.scenario`): the scenarios of one file,
/// one at a time in file order, rated by trainees who hold the join code; the presenter reveals the rules'
/// answer and moves on. Every rating, reveal and move is appended to the ratings file (JSON Lines, one
/// write per line) as it happens, and the file is read back at start, so an exercise resumes after a restart
/// with the same join code, case and ratings.
///
/// The ratings file's lines: `{"event":"exercise","code":"…","cases":"…"}` first, then
/// `{"event":"rating","case":ID,"by":TRAINEE,"level":LEVEL,"rationale":"…"}`, `{"event":"reveal","case":ID}`
/// and `{"event":"next","case":ID}` (`"case":null`: the exercise is over).
public final class Exercise: @unchecked Sendable {
    /// One trainee's rating of one case.
    struct Rating: Sendable {
        var by: String
        var level: Int
        var rationale: String?
    }

    /// One case of the exercise, with the rules' answer worked out at start.
    struct Case: Sendable {
        var scenario: Scenario
        var outcome: Int
        /// The rules' result as `/v1/score` gives it (explanation included).
        var result: [UInt8]
        /// The given facts as a JSON object.
        var facts: [UInt8]
    }

    public let code: String
    public var caseCount: Int { cases.count }
    public let ratingsPath: String
    let ruleSet: RuleSet
    let cases: [Case]
    private let lock = NSLock()
    private var current = 0
    private var revealed = false
    /// Per case, the ratings in the order they came.
    private var ratings: [[Rating]]
    private var descriptor: Int32 = -1

    /// The most ratings one case takes (a room, not a crowd).
    static let maxRatingsPerCase = 1000

    public struct Failure: Error, Sendable {
        public var message: String
    }

    /// Loads the exercise: the scenarios of `casesPath` checked against `ruleSet`, then the ratings file
    /// (created with a fresh join code when absent), which stays open for appending.
    public static func open(casesPath: String, ratingsPath: String, ruleSet: RuleSet) throws(Failure) -> Exercise {
        let input = ScenarioInput.load([casesPath], against: ruleSet)
        if let e = input.diagnostics.first(where: { $0.severity == .error }) {
            throw Failure(
                message: "\(casesPath): "
                    + (e.span.map { "\($0.start.line):\($0.start.column): " } ?? "") + e.message)
        }
        guard !input.scenarios.isEmpty else { throw Failure(message: "\(casesPath) has no scenarios") }
        let scoring = Scoring(ruleSet)
        let renderer = JSONResultRenderer(ruleSet: ruleSet)
        var cases: [Case] = []
        for s in input.scenarios {
            let result = scoring.score(s.facts, id: s.id, title: s.title, changes: true)
            var w = JSONWriter()
            renderer.write(result, to: &w)
            var f = JSONWriter()
            f.beginObject()
            for slot in s.given.sorted() {
                f.key(ruleSet.facts[slot].name)
                JSONFactValue.write(s.facts[slot], ruleSet.facts[slot].type, levels: ruleSet.levels, to: &f)
            }
            f.endObject()
            cases.append(Case(scenario: s, outcome: result.outcome, result: w.bytes, facts: f.bytes))
        }
        let exercise = try Exercise(ruleSet: ruleSet, cases: cases, ratingsPath: ratingsPath, casesPath: casesPath)
        return exercise
    }

    private init(ruleSet: RuleSet, cases: [Case], ratingsPath: String, casesPath: String) throws(Failure) {
        self.ruleSet = ruleSet
        self.cases = cases
        self.ratingsPath = ratingsPath
        ratings = Array(repeating: [], count: cases.count)
        var code: String?
        let existing = FileManager.default.contents(atPath: ratingsPath)
        if let data = existing {
            var lineNumber = 0
            for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
                guard let value = try? JSONReader.parse(bytes: Array(line)), let event = value["event"]?.stringValue
                else {
                    // A line cut short by a crash is the last one; anything else is not ours.
                    if lineNumber >= data.split(separator: 0x0A).count { continue }
                    throw Failure(message: "\(ratingsPath):\(lineNumber): not a line of a ratings file")
                }
                let caseIndex = value["case"]?.stringValue.flatMap { id in cases.firstIndex { $0.scenario.id == id } }
                switch event {
                case "exercise": code = code ?? value["code"]?.stringValue
                case "rating":
                    guard let i = caseIndex, let by = value["by"]?.stringValue,
                        let level = ruleSet.levels.firstIndex(where: { $0.name == value["level"]?.stringValue })
                    else {
                        throw Failure(message: "\(ratingsPath):\(lineNumber): a rating of a case or level not here")
                    }
                    if !ratings[i].contains(where: { $0.by == by }) {
                        ratings[i].append(Rating(by: by, level: level, rationale: value["rationale"]?.stringValue))
                    }
                case "reveal":
                    if caseIndex == current { revealed = true }
                case "next":
                    current = caseIndex ?? cases.count
                    revealed = false
                default: break
                }
            }
        }
        // A last line cut short by a crash is dropped from the file too: appended to, it ran into the next rating,
        // which was answered and then lost at the next start, and the line after made the file unreadable.
        if let data = existing, let last = data.last, last != 0x0A {
            let keep = data.lastIndex(of: 0x0A).map { data.distance(from: data.startIndex, to: $0) + 1 } ?? 0
            guard truncate(ratingsPath, off_t(keep)) == 0 else {
                throw Failure(message: "cannot write \(ratingsPath): \(String(cString: strerror(errno)))")
            }
        }
        let fd = Glibc.open(ratingsPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Failure(message: "cannot write \(ratingsPath): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        if let code {
            self.code = code
        } else {
            guard let fresh = Exercise.randomCode() else {
                throw Failure(message: "cannot read /dev/urandom for a join code")
            }
            self.code = fresh
            var w = JSONWriter()
            w.beginObject()
            w.member("event", "exercise")
            w.member("code", fresh)
            w.member("cases", casesPath)
            w.endObject()
            w.endLine()
            guard append(w.bytes) else { throw Failure(message: "cannot write \(ratingsPath)") }
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// 12 characters from an alphabet without look-alikes (0/O, 1/l/I): about 60 bits, from /dev/urandom.
    static func randomCode() -> String? {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        guard let f = FileHandle(forReadingAtPath: "/dev/urandom") else { return nil }
        defer { try? f.close() }
        var out = ""
        while out.count < 12 {
            guard let bytes = try? f.read(upToCount: 16), !bytes.isEmpty else { return nil }
            // 31 letters: take bytes below 248 (8 × 31) so that each letter is equally likely.
            for b in bytes where b < 248 && out.count < 12 { out.append(alphabet[Int(b) % alphabet.count]) }
        }
        return out
    }

    /// Whether `given` is the join code (compared without stopping at the first difference).
    func admits(_ given: String?) -> Bool {
        guard let given else { return false }
        return APIService.constantTimeEqual(Array(given.utf8), Array(code.utf8))
    }

    /// Appends one line to the ratings file with one write; false if it could not be written whole.
    private func append(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { b in
            guard let base = b.baseAddress else { return true }  // nothing to write
            var done = 0
            while done < b.count {
                let n = write(descriptor, base + done, b.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                done += n
            }
            return true
        }
    }

    private func event(_ name: String, _ caseID: String?, _ more: (inout JSONWriter) -> Void = { _ in }) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.member("event", name)
        w.key("case")
        if let caseID { w.string(caseID) } else { w.null() }
        more(&w)
        w.endObject()
        w.endLine()
        return w.bytes
    }

    // MARK: State

    struct State {
        var index: Int
        var revealed: Bool
        var ratings: [Rating]
        var finished: Bool { index >= count }
        var count: Int
    }

    func state() -> State {
        lock.lock()
        defer { lock.unlock() }
        return State(
            index: current, revealed: revealed, ratings: current < cases.count ? ratings[current] : [],
            count: cases.count)
    }

    func allRatings() -> [[Rating]] {
        lock.lock()
        defer { lock.unlock() }
        return ratings
    }

    enum RateFailure: Error {
        case finished, revealed, movedOn, already, full, unwritable
    }

    /// Takes one trainee's rating of the current case (`caseID`, when given, must be the current one).
    /// The id trainees see for the case at `index` (`case-1`, …): its place, not the scenario's id.
    static func traineeID(_ index: Int) -> String { "case-\(index + 1)" }

    func rate(by: String, level: Int, rationale: String?, caseID: String?) -> Result<Void, RateFailure> {
        lock.lock()
        defer { lock.unlock() }
        guard current < cases.count else { return .failure(.finished) }
        if let caseID, caseID != Exercise.traineeID(current), caseID != cases[current].scenario.id {
            return .failure(.movedOn)
        }
        guard !revealed else { return .failure(.revealed) }
        guard !ratings[current].contains(where: { $0.by == by }) else { return .failure(.already) }
        guard ratings[current].count < Exercise.maxRatingsPerCase else { return .failure(.full) }
        let line = event("rating", cases[current].scenario.id) { w in
            w.member("by", by)
            w.member("level", ruleSet.levels[level].name)
            if let rationale {
                w.member("rationale", rationale)
            }
        }
        guard append(line) else { return .failure(.unwritable) }
        ratings[current].append(Rating(by: by, level: level, rationale: rationale))
        return .success(())
    }

    /// Reveals the rules' answer to the current case; false when the exercise is over or the file unwritable.
    func reveal() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard current < cases.count else { return false }
        if revealed { return true }
        guard append(event("reveal", cases[current].scenario.id)) else { return false }
        revealed = true
        return true
    }

    /// Moves to the next case (after the last: the exercise is over); false if the file is unwritable.
    func next() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard current < cases.count else { return true }
        let to = current + 1
        guard append(event("next", to < cases.count ? cases[to].scenario.id : nil)) else { return false }
        current = to
        revealed = false
        return true
    }
}
