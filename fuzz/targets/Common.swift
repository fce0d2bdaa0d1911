// Shared by every fuzz target (compiled into each target's binary, next to the target's own file).
@testable import ThresholdKit

/// A rule set with a fact of every type, a score, bands, floors, advice and a clock: the rule set the
/// scenario, batch and REPL targets read their inputs against.
let fuzzRules = """
ruleset "Fuzz" version "1"
fact received datetime "When?"
fact born date "Born?"
fact age number 0 to 25 "How old?" required
fact weight number "Weight?"
fact episodes count to 20 "How many?" default 0
fact danger yes/no "Danger?"
fact harm yes/no "Harm?"
fact dash_a yes/no "A?" default no
fact dash_b yes/no "B?" default no
fact referrer one of police, health, school "Who?"
fact concerns some of neglect, physical, sexual "What?"
fact view level "Proposed?"
fact notes text "Notes?"
levels
  blue "Blue"
  amber "Amber" within 3 working days
  red "Red" within 24 hours
end
default blue
clock starts received
define young = age < 5
score dash "DASH"
  domain d "D"
    1 when dash_a
    2 when dash_b
    add episodes max 3
  end
  bands
    low "Low" 0 to 2
    high "High" 3 and above
  end
  floor high when young "Young"
end
rule r_danger "Danger" when danger then red because "In danger." end
rule r_harm "Harm" when harm and concerns has sexual then red end
rule r_dash "DASH high" when dash is at least high then amber end
rule r_police "Police" when referrer = police and age between 10 and 17 then amber end
rule r_born "Born" when born is known and received is known then blue end
advise siblings "Think of siblings." when outcome is at least amber end
advise note "A note was left." when notes is known end
"""

/// The fuzz rule set, compiled once.
let fuzzRuleSet: RuleSet = {
    let out = RuleSetCompiler.load("main.rules", reader: MemoryReader(["main.rules": fuzzRules]))
    guard let rs = out.ruleSet else {
        print(DiagnosticRenderer(sources: out.sources).render(out.diagnostics))
        preconditionFailure("the fuzz rule set does not compile")
    }
    return rs
}()

/// The fuzzer's bytes as text, as the file reader takes them: valid UTF-8 only (nil otherwise).
func fuzzText(_ data: UnsafePointer<UInt8>, _ size: Int) -> String? {
    String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// A finding: the fuzzer stops and keeps the input.
func finding(_ message: String) -> Never {
    print("FINDING: \(message)")
    fatalError(message)
}
