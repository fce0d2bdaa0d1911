/// Renders a test report as one JSON document (compact, one line):
/// ```
/// {"results":[{"file":"a.scenario","line":3,"id":"mathew","title":"…","passed":false,"expectations":5,
///              "failures":[{"expectation":"outcome red","line":12,"expected":"outcome red",
///                           "actual":"amber (decided by …)","message":"expected outcome red, got amber (…)"}],
///              "result":{…the result object of `score --format json`…}}],
///  "files":[{"file":"a.scenario","rules":"rules/x.rules","loaded":true,"scenarios":1,"passed":0,"failed":1,"filtered_out":0}],
///  "diagnostics":[{"severity":"error","code":"…","message":"…","file":"…","line":1,"column":1,"hint":"…"}],
///  "coverage":{"rules/x.rules":{…}},            (with --coverage only)
///  "summary":{"passed":0,"failed":1,"scenarios":1,"files":1,"unloadable":0,"filtered_out":0}}
/// ```
/// `result` is present for failed scenarios only. `expectation` is the clause as written.
///
/// ```swift
/// let json = TestReportJSONRenderer().render(TestRunner().run(["scenarios/camden/front-door.scenario"]))
/// ```
public struct TestReportJSONRenderer {
    var coverage: Bool

    public init(coverage: Bool = false) { self.coverage = coverage }

    public func render(_ report: TestReport) -> String {
        JSONWriter.document(endLine: false) { w in
            w.array("results") { w in
                for s in report.scenarios { scenario(s, &w) }
            }
            w.array("files") { w in
                for f in report.files { file(f, &w) }
            }
            w.array("diagnostics") { w in
                for d in report.diagnostics { diagnostic(d, &w) }
            }
            if coverage {
                w.object("coverage") { w in
                    for c in report.coverage {
                        w.key(c.rulesPath)
                        Self.coverage(c, &w)
                    }
                }
            }
            w.object("summary") { w in
                w.member("passed", report.passed)
                w.member("failed", report.failed)
                w.member("scenarios", report.scenarios.count)
                w.member("files", report.files.count)
                w.member("unloadable", report.unloadable.count)
                w.member("filtered_out", report.filteredOut)
            }
        }
        .text
    }

    func scenario(_ s: TestReport.ScenarioResult, _ w: inout JSONWriter) {
        w.object { w in
            Self.verdict(s, file: s.file, &w)
            w.member("expectations", s.expectationCount)
            w.objects("failures", s.failures) { w, f in
                w.member("expectation", f.written)
                w.member("line", f.line)
                w.member("expected", f.expected)
                w.member("actual", f.actual)
                w.member("message", f.message)
            }
            if let r = s.result {
                w.key("result")
                JSONResultRenderer().write(r, to: &w)
            }
        }
    }

    /// A scenario's `"file"` (as given: the service names a worked case by its id), `"line"`, `"id"`, `"title"`
    /// and `"passed"`: how a result of `test` begins, here and in the rules editor's worked cases.
    static func verdict(_ s: TestReport.ScenarioResult, file: String, _ w: inout JSONWriter) {
        w.member("file", file)
        w.member("line", s.line)
        w.member("id", s.id)
        w.member("title", s.title)
        w.member("passed", s.passed)
    }

    func file(_ f: TestReport.FileResult, _ w: inout JSONWriter) {
        w.object { w in
            w.member("file", f.path)
            w.member("rules", f.rulesPath)
            w.member("loaded", f.loaded)
            w.member("scenarios", f.scenarios.count)
            w.member("passed", f.passed)
            w.member("failed", f.failed)
            w.member("filtered_out", f.filteredOut)
        }
    }

    func diagnostic(_ d: Diagnostic, _ w: inout JSONWriter) {
        w.object { w in
            w.member("severity", d.severity.rawValue)
            w.member("code", d.code.rawValue)
            w.member("message", d.message)
            DiagnosticJSONRenderer.place(d.span, &w)
            w.member("hint", d.hint)
        }
    }

    /// `{"ruleset":{…},"scenarios":N,"files":N,"rules":{tally},"caps":{tally},"advice":{tally},"facts":{tally},"bands":{"cce":{tally}}}`.
    static func coverage(_ c: Coverage, _ w: inout JSONWriter) {
        w.object { w in
            w.key("ruleset")
            w.ruleSetIdentity(c.ruleSet)
            w.member("scenarios", c.scenarios)
            w.member("files", c.files.count)
            for (name, t) in [("rules", c.rules), ("caps", c.caps), ("advice", c.advice), ("facts", c.facts)] {
                w.key(name)
                tally(t, &w)
            }
            w.object("bands") { w in
                for (score, t) in c.bands {
                    w.key(score)
                    tally(t, &w)
                }
            }
        }
    }

    /// `{"total":24,"covered":20,"percent":83.3,"never":["a","b"]}`; percent is null when total is 0.
    static func tally(_ t: Coverage.Tally, _ w: inout JSONWriter) {
        w.object { w in
            w.member("total", t.total)
            w.member("covered", t.covered)
            w.key("percent")
            if let p = t.permille { w.number(raw: "\(p / 10).\(p % 10)") } else { w.null() }
            w.array("never", t.never)
        }
    }
}
