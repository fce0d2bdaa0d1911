import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// A rule set with a fact of every type, a score, advice and a clock, and the general-path reference
/// output that `BatchScorer` must match byte for byte.
enum BatchFixture {
    static let rules = """
        ruleset "Batch" version "1"
        fact received datetime "When?"
        fact born date "Born?"
        fact age number 0 to 25 "How old?" required
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
          floor high when age < 5 "Young"
        end
        rule r_danger "Danger" when danger then red because "In danger." end
        rule r_harm "Harm" when harm and concerns has sexual then red end
        rule r_dash "DASH high" when dash is at least high then amber end
        rule r_police "Police" when referrer = police and age between 10 and 17 then amber end
        advise siblings "Think of siblings." when outcome is at least amber end
        advise note "A note was left." when notes is known end
        """

    static func ruleSet(file: StaticString = #filePath, line: UInt = #line) -> RuleSet? {
        InMemory.ruleSet(rules, file: file, line: line)
    }

    /// The same rule set without its `text` fact (and the advice that reads it): no value in a slot holds a
    /// reference, so the batch decoder sets its reused vector back by copying bytes (`plainValues`).
    static func plainRuleSet(file: StaticString = #filePath, line: UInt = #line) -> RuleSet? {
        let plain = rules.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("notes") }.joined(separator: "\n")
        return InMemory.ruleSet(plain, file: file, line: line)
    }

    /// What `threshold batch` must write, computed line by line on the general path (JSONReader,
    /// JSONScenarioDecoder, Scoring, JSONResultRenderer): the specification of the fast path.
    static func reference(_ input: String, _ rs: RuleSet) -> String {
        let scoring = Scoring(rs)
        let decoder = JSONScenarioDecoder(ruleSet: rs)
        var out = ""
        var number = 0
        // Split on the byte 0x0A (a Swift `Character` split would keep "\r\n" together).
        var lines = Array(input.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        if input.utf8.last == 0x0A { lines.removeLast() }  // the end of the last line, not a line
        for line in lines {
            number += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            var w = JSONWriter()
            do {
                let json = try JSONReader.parse(bytes: Array(line))
                switch decoder.decode(json, defaultID: "line-\(number)") {
                case .success(let s):
                    out += JSONResultRenderer().render(scoring.score(s)) + "\n"
                    continue
                case .failure(let f):
                    w.beginObject()
                    w.key("line")
                    w.int(number)
                    w.key("error")
                    w.string(f.message)
                    w.endObject()
                }
            } catch {
                w.beginObject()
                w.key("line")
                w.int(number)
                w.key("error")
                w.string("invalid JSON at column \(error.column): \(error.message)")
                w.endObject()
            }
            out += w.text + "\n"
        }
        return out
    }

    /// Runs a batch over `input` in memory.
    static func run(_ input: String, _ rs: RuleSet, _ options: BatchScorer.Options = .init())
        -> (output: String, failures: [BatchScorer.Failure], summary: BatchScorer.Summary)
    {
        let r = BatchScorer(ruleSet: rs, options: options).run(Array(input.utf8))
        return (String(decoding: r.output, as: UTF8.self), r.failures, r.summary)
    }

    /// Lines that exercise every value type, both scenario forms and many kinds of mistake.
    static let variedLines: [String] = [
        #"{"id":"a","facts":{"age":12,"danger":true,"received":"2019-04-12T16:00"}}"#,
        #"{"age":3,"dash_a":true,"dash_b":true}"#,
        #"{"facts":{"age":14,"referrer":"police","concerns":["sexual","neglect"],"harm":true},"id":"b","title":"Bee"}"#,
        #"  {"id" : "spaced" , "facts" : { "age" : 7 , "episodes" : 4 } }  "#,
        #"{"id":"c","source":"x","facts":{"view":"red","notes":"plain text","born":"2008-02-29"}}"#,
        #"{"id":"d","facts":{"notes":"caf\u00e9 \"quoted\"\nline"}}"#,
        #"{"id":"é","facts":{"notes":"naïve — “curly”"}}"#,
        #"{"facts":{"age":12.5,"episodes":2}}"#,
        #"{"facts":{"age":1.50000000}}"#,
        #"{"facts":{"age":1e1}}"#,
        #"{"facts":{"age":-0}}"#,
        #"{"facts":{"age":30}}"#,
        #"{"facts":{"episodes":2.5}}"#,
        #"{"facts":{"episodes":-1}}"#,
        #"{"facts":{"age":null,"danger":null,"referrer":null}}"#,
        #"{"facts":{"referrer":"nurse"}}"#,
        #"{"facts":{"concerns":"sexual"}}"#,
        #"{"facts":{"concerns":[]}}"#,
        #"{"facts":{"concerns":["sexual",1]}}"#,
        #"{"facts":{"danger":"yes"}}"#,
        #"{"facts":{"age":true}}"#,
        #"{"facts":{"agee":3}}"#,
        #"{"facts":{"age":3,"age":4}}"#,
        #"{"age":3,"age":3}"#,
        #"{"id":"x","facts":{},"facts":{}}"#,
        #"{"id":7,"facts":{}}"#,
        #"{"id":"t","title":7,"facts":{}}"#,
        #"{"id":"t","title":{"a":1},"facts":{}}"#,
        #"{"id":"e","facts":{"danger":true},"expect":{"outcome":"red"}}"#,
        #"{"id":"e","facts":{"danger":true},"expect":{"outcome":"purple"}}"#,
        #"{"id":"only-id"}"#,
        #"{"age":3,"facts":{"age":4}}"#,
        #"{"facts":{"age":4},"age":3}"#,
        #"{"facts":[1,2]}"#,
        #"{"facts":{"age":4}} trailing"#,
        #"{"facts":{"age":4},}"#,
        #"[1,2,3]"#,
        #""just a string""#,
        #"{}"#,
        #"{"facts":{}}"#,
        #"{"facts":{"received":"2019-04-12 16:00"}}"#,
        #"{"facts":{"received":"2019-04-12"}}"#,
        #"{"facts":{"born":"2019-13-01"}}"#,
        #"{"facts":{"view":"purple"}}"#,
        "\u{FEFF}{\"facts\":{\"age\":4}}",
        "{\"facts\":{\"age\":4}}\r",
        #"{"facts":{"notes":"tab\there"}}"#,
        "{\"facts\":{\"notes\":\"raw\ttab\"}}",
        #"not json at all"#,
        #"{"facts":{"age":01}}"#,
        #"{"facts":{"age":4"#,
        #"{"facts":{"danger":tru}}"#,
        #"{"facts":{"danger":truex}}"#,
    ]
}
