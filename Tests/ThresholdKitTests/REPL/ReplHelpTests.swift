import XCTest

@testable import ThresholdKit

/// The REPL's help comes from `repl-help.txt`: every command has a topic, in the order `help` lists them.
final class ReplHelpTests: XCTestCase {
    func testEveryCommandHasATopicAndEveryTopicACommand() {
        let topics = ReplSession.topics.map(\.name)
        XCTAssertEqual(topics.count, 17)
        // `=` is the topic of `set`; `exit` is `quit`'s other name.
        let commands = Set(ReplSession.commands.keys).subtracting(["exit", "set"]).union(["="])
        XCTAssertEqual(Set(topics), commands)
        XCTAssertEqual(topics.map { $0 == "=" ? "set" : $0 }, ReplSession.helpOrder)
        for t in ReplSession.topics {
            XCTAssertFalse(t.usage.isEmpty, t.name)
            XCTAssertFalse(t.summary.isEmpty, t.name)
            XCTAssertFalse(t.detail.isEmpty, t.name)
            XCTAssertFalse(t.detail.hasSuffix("\n"), t.name)
        }
    }

    func testTopicsAreReadFromTheirBlocks() {
        let text = "# a comment\n\n== one\none X\nthe first\nmore\nand more\n\n\n== two\ntwo\nthe second\nlast\n"
        let topics = ReplSession.parseTopics(text)
        XCTAssertEqual(topics.map(\.name), ["one", "two"])
        XCTAssertEqual(topics.first?.usage, "one X")
        XCTAssertEqual(topics.first?.summary, "the first")
        XCTAssertEqual(topics.first?.detail, "more\nand more")
        XCTAssertEqual(topics.last?.detail, "last")
        // A block without a usage and a summary is no topic.
        XCTAssertEqual(ReplSession.parseTopics("== lone\nusage only\n").count, 0)
    }

    func testHelpShowsATopicsDetailIndented() {
        let s = ReplSession(files: MemoryReplFileSystem())
        XCTAssertEqual(
            s.handle("help reset").text, "reset\n  forget all facts\n  Every fact is unknown again (or its default).\n")
    }
}
