import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// The batch's fast line decoder against the general JSON path, on generated lines for the corpus rule sets
/// (every fact type; right, wrong and edge values; both scenario forms) and on mutations of them (bytes
/// dropped, repeated, swapped or replaced). Where the fast path takes a line, it must give the general path's
/// scenario; where the general path refuses a line, the fast path must leave it alone; and the batch output
/// must be byte for byte the general path's. Fixed seeds.
final class BatchDecoderCorpusTests: XCTestCase {
    /// A value for the fact: one that fits it when `plain`, otherwise anything, right or wrong.
    static func values(_ fact: RuleSet.Fact, _ rng: inout InterpreterCorpus.Random, plain: Bool) -> String {
        if plain {
            switch fact.type {
            case .yesNo: return rng.pick(["true", "false", "null"])
            case .number: return rng.pick(["0", "7", "20", "-5", "null"])
            case .count: return rng.pick(["0", "3", "6", "null"])
            case .oneOf: return rng.pick(["\"red\"", "\"blue\"", "null"])
            case .someOf: return rng.pick(["[]", "[\"x\"]", "[\"x\",\"y\"]", "null"])
            case .text: return rng.pick(["\"\"", "\"note\"", "null"])
            case .date: return rng.pick(["\"2019-04-12\"", "\"2008-02-29\"", "null"])
            case .dateTime: return rng.pick(["\"2019-04-12T16:00\"", "\"2019-04-12 16:00\"", "null"])
            case .level: return rng.pick(["\"low\"", "\"high\"", "null"])
            }
        }
        switch fact.type {
        case .yesNo: return rng.pick(["true", "false", "null", "\"yes\"", "1"])
        case .number:
            return rng.pick([
                "0", "7", "20", "21", "-5", "-6", "2.5", "1.1234567", "1e1", "-0", "01", "null", "\"3\"",
                "99999999999999999999",
            ])
        case .count: return rng.pick(["0", "3", "6", "7", "-1", "2.5", "null", "true"])
        case .oneOf: return rng.pick(["\"red\"", "\"blue\"", "\"purple\"", "\"\"", "null", "3", "[\"red\"]"])
        case .someOf:
            return rng.pick(["[]", "[\"x\"]", "[\"x\",\"y\"]", "[\"x\",\"x\"]", "\"z\"", "[\"w\"]", "[1]", "null"])
        case .text:
            return rng.pick(["\"\"", "\"note\"", "\"caf\\u00e9\"", "\"tab\\there\"", "\"a\\\"b\"", "null", "4"])
        case .date:
            return rng.pick([
                "\"2019-04-12\"", "\"2008-02-29\"", "\"2019-02-30\"", "\"2019-04-12T16:00\"", "\"12/04/2019\"", "null",
            ])
        case .dateTime:
            return rng.pick([
                "\"2019-04-12T16:00\"", "\"2019-04-12 16:00\"", "\"2019-04-12\"", "\"2019-04-12T25:00\"", "null",
            ])
        case .level: return rng.pick(["\"low\"", "\"high\"", "\"urgent\"", "null", "2"])
        }
    }

    static func line(_ rs: RuleSet, _ rng: inout InterpreterCorpus.Random, _ n: Int) -> String {
        var members: [String] = []
        let plain = rng.chance(60)
        for fact in rs.facts where rng.chance(45) {
            members.append("\"\(fact.name)\":\(values(fact, &rng, plain: plain || rng.chance(80)))")
        }
        if rng.chance(5) { members.append("\"nofact\":1") }
        if rng.chance(5), let f = rs.facts.first { members.append("\"\(f.name)\":true") }
        let facts = "{" + members.joined(separator: rng.pick([",", ", ", " ,"])) + "}"
        switch rng.below(4) {
        case 0: return facts
        case 1: return "{\"id\":\"s\(n)\",\"facts\":\(facts)}"
        case 2: return "{\"facts\":\(facts),\"title\":\"T \(n)\",\"id\":\"s\(n)\"}"
        default: return " {\"id\": \"s\(n)\" , \"facts\" : \(facts)} "
        }
    }

    static func mutate(_ line: String, _ rng: inout InterpreterCorpus.Random) -> String {
        var bytes = Array(line.utf8)
        guard !bytes.isEmpty else { return line }
        for _ in 0..<(1 + rng.below(2)) {
            let i = rng.below(bytes.count)
            switch rng.below(4) {
            case 0: bytes.remove(at: i)
            case 1: bytes.insert(bytes[i], at: i)
            case 2: bytes[i] = rng.pick(Array("{}[]\",:0-9.e tnul\\".utf8))
            default: if i + 1 < bytes.count { bytes.swapAt(i, i + 1) }
            }
            if bytes.isEmpty { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testFastAndGeneralDecodersAgreeOnGeneratedAndMutatedLines() throws {
        var corpus = InterpreterCorpus(seed: 99)
        var rng = InterpreterCorpus.Random(seed: 4242)
        var taken = 0
        var refused = 0
        var total = 0
        for _ in 0..<6 {
            let source = corpus.ruleSet()
            let rs = try XCTUnwrap(InterpreterEquivalenceTests.compile(source.text))
            var fast = BatchLineDecoder(ruleSet: rs)
            let general = JSONScenarioDecoder(ruleSet: rs)
            var lines: [String] = []
            for n in 0..<150 {
                let plain = Self.line(rs, &rng, n)
                lines.append(plain)
                lines.append(Self.mutate(plain, &rng))
            }
            for (k, line) in lines.enumerated() {
                total += 1
                let bytes = Array(line.utf8)
                let quick = bytes.withUnsafeBufferPointer { fast.decode($0, defaultID: "line-\(k)") }
                let slow = (try? JSONReader.parse(bytes: bytes)).flatMap {
                    try? general.decode($0, defaultID: "line-\(k)").get()
                }
                guard let quick else {
                    refused += 1
                    continue
                }
                taken += 1
                guard let slow else {
                    XCTFail("the fast path took a line the general path refuses: \(line)")
                    continue
                }
                XCTAssertEqual(quick.id, slow.id, line)
                XCTAssertEqual(quick.title, slow.title, line)
                XCTAssertEqual(quick.facts, slow.facts, line)
                XCTAssertEqual(quick.given, slow.given, line)
            }
            let input = lines.joined(separator: "\n") + "\n"
            XCTAssertEqual(
                BatchFixture.run(input, rs).output, BatchFixture.reference(input, rs), "batch output on the corpus")
        }
        // Both paths are exercised: plain lines go the fast way, broken ones the general way.
        XCTAssertGreaterThan(taken, total / 5)
        XCTAssertGreaterThan(refused, total / 5)
    }
}
