// Rules source: lex, parse, check, compile and lint one file (that may include a second file), then render
// every diagnostic with its source line. A fragment (no `ruleset` header, as most mutated
// inputs are) is compiled again behind a header, so that the checker and compiler see it too.
@testable import ThresholdKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = fuzzText(data, size) else { return 0 }
    _ = Lexer.tokenize(SourceFile(path: "main.rules", text: text))
    var out = RuleSetCompiler.load("main.rules", reader: MemoryReader(["main.rules": text, "other.rules": fuzzRules]))
    if out.isFragment {
        let headed = "ruleset \"F\" version \"1\"\n" + text
        out = RuleSetCompiler.load("main.rules", reader: MemoryReader(["main.rules": headed, "other.rules": fuzzRules]))
    }
    var diagnostics = out.diagnostics
    if let rs = out.ruleSet {
        if out.hasErrors { finding("a rule set compiled with errors") }
        diagnostics += RuleLinter.lint(rs, sources: out.sources)
        // The compiled rule set evaluates its defaults.
        _ = Evaluator(rs).evaluate(rs.defaultFacts())
    } else if !out.isFragment && !out.hasErrors {
        finding("no rule set and no error")
    }
    _ = DiagnosticRenderer(sources: out.sources).render(diagnostics)
    return 0
}
