// REPL command lines: a session with the fuzz rule set and a scenario file in a folder held in memory;
// each input line is one command (or an answer while `ask` runs). One session serves every input (loading
// the rule set for each would cost more than the commands); it starts each input with the facts reset, or afresh
// when the input before loaded another file or ended mid-interview.
@testable import ThresholdKit

/// A folder in memory: `save` writes here, never to disk.
final class MemoryFolder: ReplFileSystem {
    var files: [String: String]
    init(_ files: [String: String]) { self.files = files }
    func read(_ path: String) -> Result<String, SourceReadError> {
        files[absolute(path)].map { .success($0) } ?? .failure(SourceReadError("no such file"))
    }
    func identity(of path: String) -> String { absolute(path) }
    func exists(_ path: String) -> Bool { files[absolute(path)] != nil }
    var currentDirectory: String { "/fuzz" }
    func replaceAtomically(_ path: String, with text: String) -> Result<Void, SourceReadError> {
        files[absolute(path)] = text
        return .success(())
    }
}

let cases = """
rules "main.rules"
scenario one "One"
  given age = 12
  given referrer = police
  expect outcome amber
end
"""

func fresh() -> ReplSession {
    let s = ReplSession(files: MemoryFolder(["/fuzz/main.rules": fuzzRules, "/fuzz/cases.scenario": cases]))
    _ = s.handle("load main.rules")
    return s
}

nonisolated(unsafe) var session = fresh()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = fuzzText(data, size) else { return 0 }
    if session.rulesPath != "main.rules" || session.isInterviewing || session.ruleSet == nil {
        session = fresh()
    } else {
        session.facts = fuzzRuleSet.defaultFacts()   // as `reset` does, without scoring
        session.given = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(32) {
        let reply = session.handle(String(line))
        if reply.quit { break }
    }
    _ = session.endOfInput()
    return 0
}
