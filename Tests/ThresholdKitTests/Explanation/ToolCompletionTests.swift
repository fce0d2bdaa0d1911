import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Tools that say whether they were done, and questions that fit the child (`tool`, `asked when`,
/// `asked first`; docs/language.md).
final class ToolCompletionTests: XCTestCase {
    /// A small checklist tool, a v1 score over the same facts, a follow-up judgement and an age-bound tool.
    static let rules = """
        ruleset "T"
        fact age number 0 to 25 "How old is the child?"
        fact q1 yes/no "Question one?"
        fact q2 yes/no "Question two?"
        fact q3 yes/no "Question three?"
        fact pj yes/no "Judgement: high whatever the count?" asked when q1 asked first
        fact x1 yes/no "Exploitation indicator?"
        fact s47 yes/no "Section 47 test?" asked first
        fact other yes/no "Something else?"
        levels
          low
          mid
          high
        end
        score chk "Checklist"
          tool "Complete the checklist"
          1 when q1
          1 when q2
          1 when q3
          bands
            standard "Standard" 0 to 1
            raised "Raised" 2 to 3
          end
          floor raised when q1 and pj "Judgement"
        end
        score plain "A v1 score"
          1 when q1
          1 when q2
          bands
            none_ "None" 0 to 0
            several "Several" 1 to 2
          end
        end
        score ex "Exploitation tool"
          tool "Complete the exploitation tool"
          asked when age >= 10
          1 when x1
          bands
            clear "Clear" 0 to 0
            concern "Concern" 1 to 1
          end
        end
        rule chk_raised when chk is at least raised then high end
        rule plain_some when plain is at least several then mid end
        rule ex_concern when ex is concern then high end
        rule s47_rule when s47 then high end
        rule other_rule when other then high end
        """

    func ruleSet() throws -> RuleSet { try XCTUnwrap(InMemory.ruleSet(Self.rules)) }

    func names(_ r: ScoredResult) -> [String] {
        r.missing.map { m in m.tool.map { "tool:" + r.ruleSet.scores[$0].name } ?? r.ruleSet.facts[m.fact].name }
    }

    func testStatusCountsTheScoresQuestions() throws {
        let rs = try ruleSet()
        let chk = rs.scores[try XCTUnwrap(rs.scoreIndex["chk"])]
        XCTAssertEqual(chk.questions.map { rs.facts[$0].name }, ["q1", "q2", "q3"], "floors' facts are not questions")
        XCTAssertEqual(chk.status(InMemory.facts([], rs)), .notStarted)
        XCTAssertEqual(chk.status(InMemory.facts(["q2 = no"], rs)), .incomplete)
        XCTAssertEqual(chk.status(InMemory.facts(["q1 = no", "q2 = no", "q3 = yes"], rs)), .complete)
    }

    func testAToolNotStartedShowsNoBandAndTheBandsStillPossible() throws {
        let rs = try ruleSet()
        let r = Scoring(rs).score(InMemory.facts([], rs))
        let json = JSONResultRenderer().render(r)
        XCTAssertTrue(
            json.contains(#""chk":{"total":0,"range":[0,3],"band":null,"could_reach":["standard","raised"]"#), json)
        XCTAssertTrue(json.contains(#""status":"not_started","answered":0,"questions":3"#), json)
        let text = TextResultRenderer().render(r)
        XCTAssertTrue(
            text.contains("chk (Checklist): not started (0 of 3 answered); could be standard or raised"), text)
        XCTAssertFalse(text.contains("chk (Checklist): total 0"), text)
        XCTAssertTrue(
            r.undetermined.contains { rs.rules[$0.rule].name == "chk_raised" }, "a rule on the band stays open")
    }

    func testAScoreThatIsNotAToolKeepsTheV1Band() throws {
        let rs = try ruleSet()
        let r = Scoring(rs).score(InMemory.facts([], rs))
        let json = JSONResultRenderer().render(r)
        XCTAssertTrue(
            json.contains(#""plain":{"total":0,"range":[0,2],"band":"none_","could_reach":["none_","several"]"#), json)
        XCTAssertTrue(json.contains(#""status":"not_started","answered":0,"questions":2}"#), json)
    }

    func testAnIncompleteToolShowsItsBandOnlyOnceSettled() throws {
        let rs = try ruleSet()
        let s = try XCTUnwrap(rs.scoreIndex["chk"])
        let open = Scoring(rs).score(InMemory.facts(["q2 = yes"], rs))
        XCTAssertEqual(rs.scores[s].reportedBand(open.evaluation.scores[s], status: .incomplete), -1)
        let settled = Scoring(rs).score(InMemory.facts(["q2 = yes", "q3 = yes"], rs))
        XCTAssertEqual(
            rs.scores[s].reportedBand(settled.evaluation.scores[s], status: .incomplete), 1,
            "2 of 3 already reaches raised")
        let json = JSONResultRenderer().render(settled)
        XCTAssertTrue(json.contains(#""band":"raised","could_reach":null"#), json)
    }

    func testMissingInformationListsATrueNotStartedToolAsOneLine() throws {
        let rs = try ruleSet()
        let r = Scoring(rs).score(InMemory.facts(["age = 14"], rs))
        XCTAssertEqual(
            names(r).filter { $0.hasPrefix("tool:") || $0.hasPrefix("q") || $0 == "x1" }, ["tool:chk", "tool:ex"])
        let json = JSONResultRenderer().render(r)
        XCTAssertTrue(
            json.contains(
                #"{"tool":"chk","question":"Complete the checklist","could_change":"outcome to high","required":false}"#
            ), json)
        let started = Scoring(rs).score(InMemory.facts(["age = 14", "q2 = no"], rs))
        XCTAssertEqual(names(started).filter { $0.hasPrefix("q") }, ["q1", "q3"], "once started, question by question")
    }

    /// A tool of three questions not started (four with `d`, whose `asked when` reads `a`); a rule reads `c`.
    static func toolRules(opens: Bool) -> String {
        """
        ruleset "L"
        fact a yes/no "A?"
        fact b yes/no "B?"
        fact c yes/no "C?"
        \(opens ? "fact d yes/no \"D?\" asked when a" : "")
        levels
          low
          high
        end
        score t "Tool"
          tool "Complete the tool"
          1 when a
          1 when b
          1 when c
          \(opens ? "1 when d" : "")
          bands
            none_ "None" 0 to 0
            several "Several" 1 to 4
          end
        end
        rule c_rule when c then high end
        """
    }

    /// The missing lines `Explainer.missing` hands to the question plan with nothing known (a mark as `~f`), with
    /// what `ToolLines` leaves out or with nothing left out.
    func beforeThePlan(_ rs: RuleSet, leavingOut: Bool = true) throws -> [(String, ScoredResult.Consequence)] {
        let e = Evaluator(rs).evaluate(InMemory.facts([], rs))
        let plan = try XCTUnwrap(QuestionPlan(rs))
        let explainer = Explainer(rs)
        var session = RelevanceSession(rs, e)
        defer { session.end() }
        let caps = explainer.openCaps(e, &session)
        let notStarted = plan.notStartedTools(e.facts)
        XCTAssertEqual(notStarted, 1, "the tool is not started")
        let lines = leavingOut ? plan.toolLines(e.facts, notStarted) : ToolLines()
        return explainer.missing(e, explainer.capCeilings(e, &session), caps, &session, lines).map {
            ($0.fact < 0 ? "~" + rs.facts[~$0.fact].name : rs.facts[$0.fact].name, $0.consequence)
        }
    }

    /// Before the question plan (`ToolLines`, issue 25): once a line of a tool not started that heads the others
    /// is listed, every later line of the tool that the plan would collapse is left out, whatever its
    /// consequence. `c` could raise the outcome (a rule reads it), `a` and `b` only the band; only `c` is handed to
    /// the plan (run by run, `a` headed a second run), and the result is the tool's one line, as it was.
    func testToolLinesLeaveOutEveryLaterLineOfATool() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(Self.toolRules(opens: false)))
        let listed = try beforeThePlan(rs)
        XCTAssertEqual(listed.map(\.0), ["c"])
        XCTAssertEqual(listed.first?.1, .outcome(level: 1))
        // Without leaving out, the three lines, and the plan makes them the same one line.
        XCTAssertEqual(try beforeThePlan(rs, leavingOut: false).map(\.0), ["c", "a", "b"])
        XCTAssertEqual(names(Scoring(rs).score(InMemory.facts([], rs))), ["tool:t"])
    }

    /// The same when another question's `asked when` reads a line left out (`d` waits on `a`): a mark in its place
    /// (`~a`), as within a run; the result is the tool's one line, as it was.
    func testALineLeftOutAfterTheHeadThatOpensAQuestionLeavesAMark() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(Self.toolRules(opens: true)))
        XCTAssertEqual(try beforeThePlan(rs).map(\.0), ["c", "~a", "d"])
        XCTAssertEqual(try beforeThePlan(rs, leavingOut: false).map(\.0), ["c", "a", "b", "d"])
        XCTAssertEqual(names(Scoring(rs).score(InMemory.facts([], rs))), ["tool:t"])
    }

    func testAFollowUpWaitsForTheQuestionThatOpensIt() throws {
        let rs = try ruleSet()
        let waiting = Scoring(rs).score(InMemory.facts(["age = 14", "q2 = no"], rs))
        XCTAssertFalse(names(waiting).contains("pj"), "q1 unknown: the judgement is not asked yet")
        let opened = Scoring(rs).score(InMemory.facts(["age = 14", "q1 = yes"], rs))
        XCTAssertTrue(names(opened).contains("pj"))
        XCTAssertEqual(
            Array(names(opened).prefix(2)), ["pj", "s47"],
            "asked first among questions of equal consequence, in declaration order")
        XCTAssertEqual(names(opened).last, "other", "declared before none of them, but not asked first")
        let closed = Scoring(rs).score(InMemory.facts(["age = 14", "q1 = no"], rs))
        XCTAssertFalse(names(closed).contains("pj"))
    }

    func testAToolThatCannotApplyIsLeftOut() throws {
        let rs = try ruleSet()
        let baby = Scoring(rs).score(InMemory.facts(["age = 0.4"], rs))
        XCTAssertFalse(names(baby).contains("tool:ex"))
        XCTAssertFalse(names(baby).contains("x1"))
        XCTAssertFalse(baby.undetermined.contains { rs.rules[$0.rule].name == "ex_concern" })
        let unknownAge = Scoring(rs).score(InMemory.facts([], rs))
        XCTAssertTrue(names(unknownAge).contains("age"), "the tool waits for the age")
        XCTAssertFalse(names(unknownAge).contains("tool:ex"))
    }

    func testAToolNotForThisAgeSaysSoAndCouldBeNothing() throws {
        let rs = try ruleSet()
        let ex = rs.scores[try XCTUnwrap(rs.scoreIndex["ex"])]
        XCTAssertEqual(ex.status(InMemory.facts(["age = 4"], rs)), .notApplicable)
        XCTAssertEqual(ex.status(InMemory.facts([], rs)), .notStarted, "the age unknown: it may apply")
        XCTAssertEqual(ex.status(InMemory.facts(["age = 12"], rs)), .notStarted)
        XCTAssertEqual(
            ex.status(InMemory.facts(["age = 4", "x1 = yes"], rs)), .complete, "answered anyway: what was answered")
        let r = Scoring(rs).score(InMemory.facts(["age = 4"], rs))
        let text = TextResultRenderer().render(r)
        XCTAssertTrue(text.contains("\n  ex (Exploitation tool): not for this age (0 of 1 answered)\n"), text)
        XCTAssertFalse(text.contains("ex (Exploitation tool): not for this age (0 of 1 answered); could be"), text)
        let json = JSONResultRenderer().render(r)
        XCTAssertTrue(
            json.contains(
                #""ex":{"total":0,"range":[0,1],"band":null,"could_reach":null,"floor":null,"#
                    + #""domains":{},"status":"not_applicable","answered":0,"questions":1}"#), json)
        let html = HTMLCaseSheetRenderer().render([r])
        XCTAssertTrue(html.contains("<strong>Total 0</strong>; band <strong>none: not for this age</strong>."), html)
        XCTAssertTrue(
            html.contains(
                #"<p class="completion" data-status="not_applicable">Completion: not for this age (0 of 1 questions answered).</p>"#
            ), html)
        let repl = ReplSession(files: MemoryReplFileSystem(["t.rules": Self.rules]))
        _ = repl.handle("load t.rules")
        _ = repl.handle("age = 4")
        XCTAssertTrue(
            repl.handle("why ex_concern").text.contains(
                "  score ex: not for this age (0 of 1 answered)\n"))
    }

    func testSaveWritesNotApplicableAndTheScenarioPassesAgain() throws {
        let fs = MemoryReplFileSystem(["t.rules": Self.rules])
        let repl = ReplSession(files: fs)
        _ = repl.handle("load t.rules")
        _ = repl.handle("age = 4")
        XCTAssertTrue(repl.handle("save young.scenario young \"Four\"").text.hasPrefix("Saved"))
        let written = try XCTUnwrap(fs["young.scenario"])
        XCTAssertTrue(written.contains("\n    score ex not applicable\n"), written)
        let rs = try ruleSet()
        let (scenarios, diagnostics) = InMemory.scenarios(
            String(written.drop { $0 != "\n" }), against: rs)
        XCTAssertTrue(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let checker = ExpectationChecker(rs)
        let young = try XCTUnwrap(scenarios.first)
        let result = Scoring(rs).score(young.facts)
        for e in young.expectations { XCTAssertTrue(checker.passes(e.expectation, result), e.text) }
        let older = Scoring(rs).score(InMemory.facts(["age = 12"], rs))
        let notApplicable = try XCTUnwrap(young.expectations.first { $0.text == "score ex not applicable" })
        XCTAssertFalse(checker.passes(notApplicable.expectation, older))
    }

    func testMemoisedScoreObjectsMatchTheGeneralWriter() throws {
        let rs = try ruleSet()
        let scoring = Scoring(rs)
        let renderer = JSONResultRenderer(ruleSet: rs)
        var memo = ScoreJSONMemo()
        // The same score states with different completion or floors must not share an object.
        let cases = [
            [], ["q1 = no"], [], ["q1 = yes"], ["q1 = yes", "pj = no"], ["q1 = yes"],
            ["q1 = yes", "q2 = no", "q3 = no", "pj = no"], [], ["age = 4"], ["age = 12"], ["age = 4"], ["age = 5"],
        ]
        for given in cases {
            let r = scoring.score(InMemory.facts(given, rs))
            var sink = JSONByteSink(capacity: 1 << 12)
            renderer.write(r, to: &sink, memo: &memo)
            XCTAssertEqual(String(decoding: sink.bytes, as: UTF8.self), renderer.render(r), "\(given)")
        }
        XCTAssertGreaterThan(memo.copies, 0)
    }

    func testCheckedMistakes() {
        let readsDefinition = InMemory.diagnostics(
            """
            ruleset "T"
            fact a yes/no
            fact b yes/no asked when d
            define d = a
            levels
              low
            end
            """)
        XCTAssertTrue(readsDefinition.contains { $0.code == .askedWhenReads }, "\(readsDefinition.map(\.message))")
        let notATool = InMemory.diagnostics(
            """
            ruleset "T"
            fact age number 0 to 25
            fact a yes/no
            levels
              low
            end
            score s
              asked when age >= 10
              1 when a
              bands
                x "X" 0 to 1
              end
            end
            """)
        XCTAssertTrue(notATool.contains { $0.code == .askedWithoutTool }, "\(notATool.map(\.message))")
        let defaulted = InMemory.diagnostics(
            """
            ruleset "T"
            fact a yes/no default no
            levels
              low
            end
            score s
              tool "Complete it"
              1 when a
              bands
                x "X" 0 to 1
              end
            end
            """)
        XCTAssertTrue(
            defaulted.contains { $0.code == .toolQuestionDefault && $0.severity == .warning },
            "\(defaulted.map(\.message))")
    }

    func testScenarioRestOfAnswersTheToolsOtherQuestions() throws {
        let rs = try ruleSet()
        let (scenarios, diagnostics) = InMemory.scenarios(
            """
            scenario s
              given
                q1 = yes
                rest of chk = no
              expect
                score chk complete
                score chk is standard
                missing pj
                not missing q2
                undetermined chk_raised
            end
            """, against: rs)
        XCTAssertTrue(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let s = try XCTUnwrap(scenarios.first)
        XCTAssertEqual(s.facts[try XCTUnwrap(rs.factIndex["q2"])], .bool(false))
        XCTAssertEqual(s.facts[try XCTUnwrap(rs.factIndex["pj"])], .bool(false), "a floor's follow-up is answered too")
        XCTAssertEqual(s.facts[try XCTUnwrap(rs.factIndex["q1"])], .bool(true))
    }

    func testJSONExpectationsMayNameATool() throws {
        let rs = try ruleSet()
        let json = try JSONReader.parse(#"{"id":"j","facts":{"age":14},"expect":{"missing":["chk","s47"]}}"#)
        let scenario = try JSONScenarioDecoder(ruleSet: rs).decode(json).get()
        let chk = try XCTUnwrap(rs.scoreIndex["chk"])
        XCTAssertEqual(scenario.expectations.first?.expectation, .missingTool(score: chk, negated: false))
        let r = Scoring(rs).score(scenario.facts)
        let checker = ExpectationChecker(rs)
        for e in scenario.expectations { XCTAssertTrue(checker.passes(e.expectation, r), e.text) }
    }
}
