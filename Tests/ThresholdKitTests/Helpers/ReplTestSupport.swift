import Foundation
import XCTest

@_spi(CLI) @testable import ThresholdKit

/// A folder in memory for REPL sessions: files by absolute path, and a switch that makes writes fail.
final class MemoryReplFileSystem: ReplFileSystem {
    var files: [String: String]
    var failWrites = false
    var writes = 0
    let currentDirectory = "/work"

    init(_ files: [String: String] = [:]) {
        self.files = [:]
        for (path, text) in files { self.files[Paths.join("/work", path)] = text }
    }

    func read(_ path: String) -> Result<String, SourceReadError> {
        if let t = files[absolute(path)] { return .success(t) }
        return .failure(SourceReadError("no such file"))
    }

    func identity(of path: String) -> String { absolute(path) }

    func exists(_ path: String) -> Bool { files[absolute(path)] != nil }

    func replaceAtomically(_ path: String, with text: String) -> Result<Void, SourceReadError> {
        if failWrites { return .failure(SourceReadError("the disk is full")) }
        writes += 1
        files[absolute(path)] = text
        return .success(())
    }

    subscript(_ path: String) -> String? { files[absolute(path)] }
}

/// A small rule set that exercises every part of a session: a definition, a score with bands, a clock,
/// advice reading the outcome, and facts of each common type.
enum ReplFixtures {
    static let rules = """
        ruleset "Test rules" version "1"

        levels
          low "Low" route "Universal services"
          mid "Mid" route "Social work" within 3 working days
          high "High" route "MASH" within 24 hours
        end
        default low
        clock starts received

        fact received datetime "When did the contact arrive?" required
        fact age number 0 to 25 "How old is the child?" required
        fact danger yes/no "Is the child in danger?"
        fact referrer one of police, school "Who referred?"
        fact concerns some of neglect, sexual "Which harms are alleged?"
        fact episodes count "How many missing episodes?" default 0
        fact note text "Anything else?"

        define young = age < 10

        rule danger_young "Young child in danger"
          when danger and young
          then high
          because "A young child in danger."
          source "Test source 1"
        end

        rule neglect "Neglect alleged"
          when concerns has neglect
          then mid
          because "Neglect."
        end

        rule risky "Risk score medium or more"
          when risk is at least medium
          then mid
        end

        score risk "Risk tool"
          2 when episodes >= 2 "Two or more episodes"
          3 when danger "In danger"
          bands
            nil "None" 0 to 1
            medium "Medium" 2 to 4
            top "Top" 5 and above
          end
        end

        advise ask_danger "Find out whether the child is in danger."
          when danger is unknown
        end

        advise police_told "Tell the police."
          when outcome is at least mid
        end

        """

    /// The same rule set without the `note` fact and with `referrer` losing `school` (for `reload`).
    static var editedRules: String {
        rules.replacingOccurrences(of: "fact note text \"Anything else?\"\n", with: "")
            .replacingOccurrences(of: "one of police, school", with: "one of police, health")
    }

    static let scenarios = """
        rules "../rules/test.rules"

        scenario first "A young child in danger"
          given
            age = 6
            danger = yes
          expect
            outcome high
        end

        scenario second "Neglect"
          given
            age = 12
            concerns = (neglect)
            referrer = school
        end

        scenario stranger "A fact this rule set lacks"
          given
            age = 12
            shoe_size = 4
        end

        """

    /// A session with the test rules loaded (and scenarios at `cases/test.scenario`).
    static func session(_ extra: [String: String] = [:]) -> (ReplSession, MemoryReplFileSystem) {
        var files = ["rules/test.rules": rules, "cases/test.scenario": scenarios]
        for (k, v) in extra { files[k] = v }
        let fs = MemoryReplFileSystem(files)
        let session = ReplSession(files: fs)
        let reply = session.handle("load rules/test.rules")
        XCTAssertTrue(reply.text.hasPrefix("Loaded \"Test rules\" 1"), reply.text)
        return (session, fs)
    }
}

extension ReplSession {
    /// Runs several lines, returning the text of the last reply.
    @discardableResult
    func run(_ lines: String...) -> String {
        var last = ""
        for line in lines { last = handle(line).text }
        return last
    }

    /// The current value of a fact, written as the language writes it.
    func value(_ name: String) -> String? {
        guard let rs = ruleSet, let slot = rs.factIndex[name] else { return nil }
        return rs.format(facts[slot], of: slot)
    }
}
