import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Every `DiagnosticCode` is documented in docs/language.md §2.10 with an example, and each example gets its
/// code: so no code is stale or unreachable, and the documentation cannot drift from the checker.
final class DiagnosticCodeTests: XCTestCase {
    struct Entry {
        var codes: [String]
        var example: [String]?
    }

    /// The entries of "Every code": `- `code` (severity): …` lines, each with the fenced block under it, if any;
    /// and the shared `example.rules` (the first fenced block of that part).
    static func entries() throws -> (prelude: String, entries: [Entry]) {
        let text = try String(
            contentsOf: ThresholdBinary.packageRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "#### Every code") else {
            throw XCTSkip("docs/language.md has no `#### Every code` part")
        }
        var prelude: [String] = []
        var entries: [Entry] = []
        var i = start + 1
        while i < lines.count, !lines[i].hasPrefix("#") {
            let line = lines[i]
            if line.hasPrefix("```"), prelude.isEmpty, entries.isEmpty {
                i += 1
                while i < lines.count, !lines[i].hasPrefix("```") {
                    prelude.append(lines[i])
                    i += 1
                }
            } else if line.hasPrefix("- `") {
                let head = line.prefix { $0 != "(" }
                let codes = head.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map {
                    String($0.element)
                }
                entries.append(Entry(codes: codes, example: nil))
            } else if line.hasPrefix("  ```"), !entries.isEmpty {
                var block: [String] = []
                i += 1
                while i < lines.count, !lines[i].hasPrefix("  ```") {
                    block.append(String(lines[i].dropFirst(2)))
                    i += 1
                }
                entries[entries.count - 1].example = block
            }
            i += 1
        }
        return (prelude.joined(separator: "\n") + "\n", entries)
    }

    /// The diagnostics of one example: `# file:` parts are whole files beside `example.rules`; anything else is
    /// added to it. Every file is checked as `threshold check` would (with lint), and JSON files are scored.
    static func diagnostics(prelude: String, example: [String]) -> [Diagnostic] {
        var files: [String: String] = ["example.rules": prelude]
        var current: String? = nil
        for line in example {
            if line.hasPrefix("# file: ") {
                current = String(line.dropFirst("# file: ".count))
                files[current!, default: ""] += ""
            } else if let c = current {
                files[c, default: ""] += line + "\n"
            } else {
                files["example.rules", default: ""] += line + "\n"
            }
        }
        let reader = MemoryReader(files)
        let paths = files.keys.filter { !$0.hasSuffix(".json") }.sorted()
        var out = FileSetChecker.check(paths, reader: reader, lint: RuleLinter.lint).diagnostics
        let json = files.keys.filter { $0.hasSuffix(".json") }.sorted()
        if !json.isEmpty, let rs = RuleSetCompiler.load("example.rules", reader: reader).ruleSet {
            out += ScenarioInput.load(json, against: rs, reader: reader).diagnostics
        }
        return out
    }

    func testEveryCodeIsDocumentedOnceAndEveryDocumentedCodeExists() throws {
        let documented = try Self.entries().entries.flatMap(\.codes)
        XCTAssertEqual(documented.count, Set(documented).count, "a code is documented twice")
        XCTAssertEqual(Set(documented), Set(DiagnosticCode.allCases.map(\.rawValue)))
    }

    func testEachExampleGetsItsCodes() throws {
        let (prelude, entries) = try Self.entries()
        XCTAssertTrue(
            Self.diagnostics(prelude: prelude, example: []).isEmpty,
            "example.rules itself: \(Self.diagnostics(prelude: prelude, example: []).map(\.message))")
        for entry in entries {
            guard let example = entry.example else { continue }
            let got = Self.diagnostics(prelude: prelude, example: example)
            for code in entry.codes {
                XCTAssertTrue(
                    got.contains { $0.code.rawValue == code },
                    "the example of `\(code)` gets \(got.map { "\($0.code.rawValue): \($0.message)" })")
            }
        }
    }

    /// The codes documented in words (their examples are too long, or are about files that do not exist).
    func testTheCodesDocumentedInWords() throws {
        let inWords = Set(try Self.entries().entries.filter { $0.example == nil }.flatMap(\.codes))
        XCTAssertEqual(
            inWords,
            [
                "unreadable", "include-too-deep", "too-many-diagnostics", "too-many-values", "not-a-scenario-file",
                "not-a-rule-set", "line-too-long", "too-many-scenarios",
            ])
        let reader = MemoryReader([:])
        XCTAssertEqual(FileSetChecker.check(["missing.rules"], reader: reader).diagnostics.map(\.code), [.unreadable])

        var chain: [String: String] = ["f1.rules": "ruleset \"Deep\"\ninclude \"f2.rules\"\n"]
        for n in 2...70 { chain["f\(n).rules"] = "include \"f\(n + 1).rules\"\n" }
        chain["f71.rules"] = ""
        XCTAssertTrue(
            FileSetChecker.check(["f1.rules"], reader: MemoryReader(chain)).diagnostics.contains {
                $0.code == .includeTooDeep
            })

        let flood = "ruleset \"Flood\"\n" + String(repeating: "define x = @\n", count: 101)
        XCTAssertEqual(InMemory.diagnostics(flood).last?.code, .tooManyDiagnostics)

        let values = (1...65).map { "v\($0)" }.joined(separator: ", ")
        let prelude = try Self.entries().prelude
        XCTAssertTrue(
            Self.diagnostics(prelude: prelude, example: ["fact f some of \(values) \"?\""]).contains {
                $0.code == .tooManyValues
            })

        let report = TestRunner(reader: MemoryReader(["example.rules": prelude])).run(["example.rules"])
        XCTAssertEqual(report.diagnostics.map(\.code), [.notAScenarioFile])

        let long = "ruleset \"Long\"\n# " + String(repeating: "x", count: Limits.lineBytes + 1) + "\n"
        XCTAssertTrue(InMemory.diagnostics(long).contains { $0.code == .lineTooLong })
        // too-many-scenarios is produced and checked in LimitTests (it needs a file of 100,001 scenarios).
        let fragment = ThresholdBinary.packageRoot.appendingPathComponent("rules/camden/ratings.rules").path
        let served = ServiceRuleSets(paths: [fragment], caseFolders: [])
        XCTAssertEqual(served.all.first?.errors.map(\.code), [.notARuleSet])
    }

    /// The text form names the code in brackets after the severity, after the `file:line:column` the
    /// specification asks for.
    func testTheTextFormShowsTheCode() {
        let out = InMemory.load([
            "main.rules": "ruleset \"T\"\nfact a yes/no\nlevels\n x\nend\nrule r when b then x end\n"
        ])
        let text = DiagnosticRenderer(sources: out.sources).render(out.diagnostics)
        XCTAssertTrue(
            text.hasPrefix(
                "main.rules:6:13: error[undeclared-name]: `b` is not a declared fact, definition or score\n"), text)
    }
}
