import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// `BatchScorer`: JSON Lines in, result objects out, in order, whatever the number of jobs.
final class BatchScorerTests: XCTestCase {
    func testOutputMatchesTheGeneralPathForEveryKindOfLine() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        let input = BatchFixture.variedLines.joined(separator: "\n") + "\n"
        let expected = BatchFixture.reference(input, rs)
        let got = BatchFixture.run(input, rs).output
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let g = got.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(g.count, e.count)
        for (k, (a, b)) in zip(g, e).enumerated() where a != b {
            XCTFail("output line \(k + 1) differs:\n  batch:     \(a)\n  reference: \(b)")
        }
    }

    func testBadLinesGiveLineAndErrorAndTheBatchGoesOn() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        let input = """
            {"id":"one","facts":{"age":12}}
            {"facts":{"agee":3}}
            not json
            {"facts":{"age":"old"}}
            {"id":"five","facts":{"danger":true}}

            """
        let r = BatchFixture.run(input, rs)
        let lines = r.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5)
        XCTAssertTrue(lines[0].hasPrefix(#"{"scenario":"one","#), lines[0])
        XCTAssertEqual(lines[1], #"{"line":2,"error":"unknown fact \"agee\" (did you mean \"age\"?)"}"#)
        XCTAssertTrue(lines[2].hasPrefix(#"{"line":3,"error":"invalid JSON at column 1: "#), lines[2])
        XCTAssertEqual(lines[3], #"{"line":4,"error":"fact \"age\": expected a number, found a string"}"#)
        XCTAssertTrue(lines[4].hasPrefix(#"{"scenario":"five","#), lines[4])
        XCTAssertTrue(lines[4].contains(#""outcome":{"level":"red""#), lines[4])
        XCTAssertEqual(r.failures.map(\.line), [2, 3, 4])
        XCTAssertEqual(r.summary, BatchScorer.Summary(lines: 5, scored: 2, failed: 3, blank: 0))
    }

    func testBlankLinesAreSkippedButCountInLineNumbers() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        let input = "\n   \n{\"age\":3}\n\t\r\n{\"bad\":1}\n"
        let r = BatchFixture.run(input, rs)
        let lines = r.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix(#"{"scenario":"line-3","#), lines[0])
        XCTAssertTrue(lines[1].hasPrefix(#"{"line":5,"#), lines[1])
        XCTAssertEqual(r.summary, BatchScorer.Summary(lines: 5, scored: 1, failed: 1, blank: 3))
    }

    func testLastLineWithoutNewlineAndCRLFLines() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        let r = BatchFixture.run("{\"id\":\"a\",\"facts\":{}}\r\n{\"id\":\"b\",\"facts\":{}}", rs)
        let lines = r.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix(#"{"scenario":"a","#))
        XCTAssertTrue(lines[1].hasPrefix(#"{"scenario":"b","#))
        XCTAssertEqual(BatchFixture.run("", rs).output, "")
    }

    func testOrderIsKeptAndOutputIsIdenticalWhateverTheJobsAndChunks() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var lines: [String] = []
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        for i in 0..<3000 {
            switch next(12) {
            case 0: lines.append(#"{"facts":{"agee":\#(i)}}"#)
            case 1: lines.append("")
            case 2: lines.append(BatchFixture.variedLines[next(BatchFixture.variedLines.count)])
            default:
                let referrer = ["police", "health", "school"][next(3)]
                lines.append(
                    #"{"id":"s\#(i)","facts":{"age":\#(next(26)),"danger":\#(next(5) == 0),"referrer":"\#(referrer)","dash_a":\#(next(2) == 0),"episodes":\#(next(8))}}"#
                )
            }
        }
        let input = lines.joined(separator: "\n") + "\n"
        let one = BatchFixture.run(input, rs, .init(jobs: 1))
        XCTAssertEqual(one.output, BatchFixture.reference(input, rs))
        for (jobs, perJob, chunk) in [(2, 512, 1 << 20), (3, 7, 100), (7, 1, 16), (4, 64, 4096)] {
            let r = BatchFixture.run(input, rs, .init(jobs: jobs, linesPerJob: perJob, chunkBytes: chunk))
            XCTAssertEqual(r.output, one.output, "jobs \(jobs), \(perJob) lines per job, chunks of \(chunk) bytes")
            XCTAssertEqual(r.failures, one.failures)
            XCTAssertEqual(r.summary, one.summary)
        }
        // Input order: the ids come out as they went in.
        let ids = one.output.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix(#"{"scenario":"s"#) else { return nil }
            return Int(line.dropFirst(#"{"scenario":"s"#.count).prefix { $0 != "\"" })
        }
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertGreaterThan(ids.count, 1000)
    }

    func testAnOverlongLineIsReportedAndSkipped() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        let long = #"{"facts":{"notes":""# + String(repeating: "x", count: 300) + #""}}"#
        let input = "{\"id\":\"a\",\"facts\":{}}\n\(long)\n{\"id\":\"c\",\"facts\":{}}\n\(long)"
        for chunk in [16, 64, 1 << 20] {
            for jobs in [1, 2] {
                let r = BatchFixture.run(input, rs, .init(jobs: jobs, maxLineBytes: 100, chunkBytes: chunk))
                let lines = r.output.split(separator: "\n").map(String.init)
                XCTAssertEqual(lines.count, 4, "chunks of \(chunk), \(jobs) jobs")
                XCTAssertTrue(lines[0].hasPrefix(#"{"scenario":"a","#))
                XCTAssertEqual(lines[1], #"{"line":2,"error":"the line is longer than the limit; skipped"}"#)
                XCTAssertTrue(lines[2].hasPrefix(#"{"scenario":"c","#))
                XCTAssertEqual(lines[3], #"{"line":4,"error":"the line is longer than the limit; skipped"}"#)
            }
        }
    }

    func testReadAndWriteErrorsEndTheRun() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        struct Broken: Error {}
        let scorer = BatchScorer(ruleSet: rs)
        XCTAssertThrowsError(try scorer.run(read: { _ in throw Broken() }, write: { _ in }))
        var fed = false
        XCTAssertThrowsError(
            try scorer.run(
                read: { buffer in
                    if fed { return 0 }
                    fed = true
                    let line = Array("{\"facts\":{}}\n".utf8)
                    buffer.copyBytes(from: line)
                    return line.count
                }, write: { _ in throw Broken() }))
    }

    func testReadAndWriteErrorsEndAPipelinedRunWithPiecesInFlight() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        struct Broken: Error {}
        let line = Array("{\"facts\":{\"age\":7,\"danger\":true}}\n".utf8)
        for jobs in [2, 3] {
            let scorer = BatchScorer(ruleSet: rs, options: .init(jobs: jobs, linesPerJob: 4, chunkBytes: 64))
            // The input breaks after 200 lines, the output after 5 writes: pieces are being scored then.
            var reads = 0
            var writes = 0
            XCTAssertThrowsError(
                try scorer.run(
                    read: { buffer in
                        reads += 1
                        if reads > 200 { throw Broken() }
                        buffer.copyBytes(from: line.prefix(buffer.count))
                        return Swift.min(line.count, buffer.count)
                    }, write: { _ in writes += 1 }), "jobs \(jobs)"
            ) { XCTAssertTrue($0 is Broken) }
            XCTAssertGreaterThan(writes, 0, "what was scored before the read failed is written")
            reads = 0
            writes = 0
            XCTAssertThrowsError(
                try scorer.run(
                    read: { buffer in
                        reads += 1
                        if reads > 200 { return 0 }
                        buffer.copyBytes(from: line.prefix(buffer.count))
                        return Swift.min(line.count, buffer.count)
                    },
                    write: { _ in
                        writes += 1
                        if writes == 5 { throw Broken() }
                    }), "jobs \(jobs)"
            ) { XCTAssertTrue($0 is Broken) }
            XCTAssertEqual(writes, 5, "nothing is written after the write that failed")
            // The scorer is whole after both: a run after them gives every line.
            let again = scorer.run(Array(String(repeating: "{\"facts\":{}}\n", count: 50).utf8))
            XCTAssertEqual(again.summary.scored, 50)
        }
    }

    func testInputThatComesAByteAtATimeGivesTheSameOutput() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        let input = Array((BatchFixture.variedLines + BatchFixture.variedLines).joined(separator: "\n").utf8)
        let one = BatchScorer(ruleSet: rs).run(input)
        for jobs in [2, 5] {
            var offset = 0
            var output: [UInt8] = []
            var failures: [BatchScorer.Failure] = []
            let summary = BatchScorer(ruleSet: rs, options: .init(jobs: jobs, linesPerJob: 2, chunkBytes: 16)).run(
                read: { buffer in
                    guard offset < input.count, buffer.count > 0 else { return 0 }
                    buffer[0] = input[offset]
                    offset += 1
                    return 1
                }, write: { output.append(contentsOf: $0) }, failed: { failures.append($0) })
            XCTAssertEqual(String(decoding: output, as: UTF8.self), String(decoding: one.output, as: UTF8.self))
            XCTAssertEqual(failures, one.failures)
            XCTAssertEqual(summary, one.summary)
        }
    }

    func testResultsAreTheSameAsScoringOneByOne() throws {
        // The batch explains less (no rules that did not fire, fact values taken from the evaluation),
        // but writes exactly what `score --format json` writes.
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        let scenario = try XCTUnwrap(
            try? JSONScenarioDecoder(ruleSet: rs).decode(
                JSONReader.parse(
                    #"{"id":"m","facts":{"age":12,"danger":true,"harm":true,"concerns":["sexual"],"received":"2019-04-12T16:00"}}"#
                )
            ).get())
        let one = JSONResultRenderer().render(Scoring(rs).score(scenario)) + "\n"
        let batch = BatchFixture.run(
            #"{"id":"m","facts":{"age":12,"danger":true,"harm":true,"concerns":["sexual"],"received":"2019-04-12T16:00"}}"#,
            rs)
        XCTAssertEqual(batch.output, one)
        XCTAssertTrue(one.contains(#""due":"2019-04-13T16:00""#), one)
    }

    func testOutcomeOnlyWritesTheWholeResultsOutcomeMembersAndNothingElse() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        // Every kind of line of the fixture, a warning (amber is within working days and the rule set names no
        // region), a due time, and random lines.
        var lines =
            BatchFixture.variedLines + [
                #"{"id":"w","facts":{"age":12,"referrer":"police","received":"2019-04-12T16:00"}}"#,
                #"{"id":"r","facts":{"danger":true,"received":"2019-04-12T16:00"}}"#,
            ]
        var seed: UInt64 = 7
        for i in 0..<500 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let n = Int(seed >> 40)
            lines.append(
                #"{"id":"s\#(i)","facts":{"age":\#(n % 26),"danger":\#(n % 7 == 0),"dash_a":\#(n % 3 == 0),"episodes":\#(n % 5)}}"#
            )
        }
        let input = lines.joined(separator: "\n") + "\n"
        let whole = BatchFixture.run(input, rs).output.split(separator: "\n").map(String.init)
        let brief = BatchFixture.run(input, rs, .init(outcomeOnly: true))
        XCTAssertEqual(
            brief.output, BatchFixture.run(input, rs, .init(jobs: 3, linesPerJob: 5, outcomeOnly: true)).output)
        let got = brief.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(got.count, whole.count)
        var warned = 0
        for (b, w) in zip(got, whole) {
            guard case .object(let members)? = try? JSONReader.parse(w) else { return XCTFail("not an object: \(w)") }
            if members.first?.0 == "line" {
                XCTAssertEqual(b, w, "a bad line is reported as in the whole output")
                continue
            }
            let kept = members.filter { ["scenario", "ruleset", "outcome", "warnings"].contains($0.0) }
            XCTAssertEqual(try? JSONReader.parse(b), .object(kept), b)
            // The same bytes as the whole result's: `{"scenario":…` up to its end, and the outcome member.
            let outcome = try XCTUnwrap(b.range(of: #","outcome":"#))
            XCTAssertTrue(w.hasPrefix(String(b[..<b.index(b.startIndex, offsetBy: #"{"scenario":"#.count)])))
            XCTAssertTrue(w.contains(b[outcome.lowerBound...].prefix { $0 != "}" }), b)
            if kept.contains(where: { $0.0 == "warnings" }) { warned += 1 }
        }
        XCTAssertEqual(warned, 1, "the line with a warning")
        XCTAssertTrue(got.contains(where: { $0.contains(#""due":"2019-04-13T16:00""#) }))
        XCTAssertEqual(brief.failures, BatchFixture.run(input, rs).failures)
        // With the changes asked for, the changes win: they are part of the explanation.
        XCTAssertFalse(BatchScorer.Options(changes: true, outcomeOnly: true).outcomeOnly)
    }
}
