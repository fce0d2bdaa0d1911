import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The batch's fast reading of plain lines must give exactly the scenario the general path gives.
final class BatchLineDecoderTests: XCTestCase {
    func testFastAndGeneralPathsAgreeOnEveryScenario() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        // Each line on its own: the batch output (fast path where it applies) equals the reference.
        for line in BatchFixture.variedLines {
            let got = BatchFixture.run(line + "\n", rs).output
            XCTAssertEqual(got, BatchFixture.reference(line + "\n", rs), line)
        }
    }

    func testPlainLinesAreReadWithoutTheGeneralPath() throws {
        // Plain lines carry the same results whether or not the fast path takes them; this checks the values
        // the fast path reads directly (yes/no, null, whole numbers in range, defaults, ids and titles).
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        let lines = [
            #"{"id":"p","title":"T","facts":{"age":25,"episodes":20,"danger":false,"harm":null,"dash_a":true}}"#,
            #"{"age":0,"episodes":0,"dash_b":false}"#,
            #"{"facts":{"age":26}}"#,
            #"{"facts":{"episodes":21}}"#,
        ]
        for line in lines {
            XCTAssertEqual(BatchFixture.run(line, rs).output, BatchFixture.reference(line + "\n", rs), line)
        }
    }

    func testTheFastPathTakesPlainLinesAndGivesTheGeneralPathsScenario() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var fast = BatchLineDecoder(ruleSet: rs)
        let general = JSONScenarioDecoder(ruleSet: rs)
        var taken = 0
        for (k, line) in BatchFixture.variedLines.enumerated() {
            let bytes = Array(line.utf8)
            let quick = bytes.withUnsafeBufferPointer { fast.decode($0, defaultID: "line-\(k)") }
            guard let quick else { continue }
            taken += 1
            let slow = try XCTUnwrap(
                try? general.decode(JSONReader.parse(bytes: bytes), defaultID: "line-\(k)").get(), line)
            XCTAssertEqual(quick.id, slow.id, line)
            XCTAssertEqual(quick.title, slow.title, line)
            XCTAssertEqual(quick.facts, slow.facts, line)
            XCTAssertEqual(quick.given, slow.given, line)
        }
        // The plain lines of the fixture (both forms, every value type) go the fast way.
        XCTAssertGreaterThanOrEqual(taken, 15)
        for line in [
            #"{"id":"a","facts":{"age":12,"danger":true,"received":"2019-04-12T16:00"}}"#,
            #"{"age":3,"dash_a":true,"dash_b":true}"#, #"{"facts":{"concerns":["sexual"],"referrer":"health"}}"#,
        ] {
            let bytes = Array(line.utf8)
            XCTAssertNotNil(bytes.withUnsafeBufferPointer { fast.decode($0, defaultID: "x") }, line)
        }
    }

    func testTheReusedFactVectorNeverChangesAScenarioAlreadyReturned() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var reused = BatchLineDecoder(ruleSet: rs)
        let lines = BatchFixture.variedLines.map { Array($0.utf8) }
        var kept: [(Int, Scenario)] = []
        for (k, bytes) in lines.enumerated() {
            // Keep every other scenario alive while the next lines are read (the vector must then be copied).
            if let s = bytes.withUnsafeBufferPointer({ reused.decode($0, defaultID: "line-\(k)") }), k % 2 == 0 {
                kept.append((k, s))
            }
        }
        XCTAssertFalse(kept.isEmpty)
        for (k, scenario) in kept {
            var fresh = BatchLineDecoder(ruleSet: rs)
            let again = lines[k].withUnsafeBufferPointer { fresh.decode($0, defaultID: "line-\(k)") }
            XCTAssertEqual(scenario.facts, again?.facts, "line \(k)")
            XCTAssertEqual(scenario.given, again?.given, "line \(k)")
        }
    }

    func testALineRefusedPartWayLeavesNothingForTheNext() throws {
        // The first line gives `age` and `danger`, then a fact given twice: refused (the general path says).
        // The next line gives neither, so both must be back at their initial values, and given only as it says.
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var reused = BatchLineDecoder(ruleSet: rs)
        let refused = #"{"age":25,"danger":true,"episodes":3,"episodes":4}"#
        XCTAssertNil(Array(refused.utf8).withUnsafeBufferPointer { reused.decode($0, defaultID: "a") })
        XCTAssertNil(
            Array(#"{"facts":{"age":2,"nope":1}}"#.utf8).withUnsafeBufferPointer {
                reused.decode($0, defaultID: "b")
            })
        let next = #"{"dash_a":true}"#
        var fresh = BatchLineDecoder(ruleSet: rs)
        let got = try XCTUnwrap(Array(next.utf8).withUnsafeBufferPointer { reused.decode($0, defaultID: "c") })
        let want = try XCTUnwrap(Array(next.utf8).withUnsafeBufferPointer { fresh.decode($0, defaultID: "c") })
        XCTAssertEqual(got.facts, want.facts)
        XCTAssertEqual(got.given, want.given)
        XCTAssertEqual(got.given.count, 1)
        // A copy of the decoder shares its scratch; lines read in turn by the two still come out whole.
        var copy = reused
        for (k, line) in [refused, next, #"{"age":3,"age":4}"#, next].enumerated() {
            let bytes = Array(line.utf8)
            let a = bytes.withUnsafeBufferPointer { copy.decode($0, defaultID: "x") }
            let b = bytes.withUnsafeBufferPointer { reused.decode($0, defaultID: "x") }
            XCTAssertEqual(a?.facts, b?.facts, "line \(k)")
            XCTAssertEqual(a?.given, b?.given, "line \(k)")
        }
    }

    func testAReusedVectorIsSetBackWithAndWithoutTextFacts() throws {
        // With no `text` fact the previous line's slots are set back by copying their bytes, and values are
        // written over a slot without destroying what was there; with one, value by value. Either way every
        // line, read after every other line by one decoder, is what a fresh decoder reads.
        let plain = try XCTUnwrap(BatchFixture.plainRuleSet())
        let withText = try XCTUnwrap(BatchFixture.ruleSet())
        XCTAssertFalse(plain.facts.contains { $0.type.valuesHoldReferences })
        XCTAssertTrue(withText.facts.contains { $0.type.valuesHoldReferences })
        let lines = BatchFixture.variedLines.map { Array($0.utf8) }
        for rs in [plain, withText] {
            var reused = BatchLineDecoder(ruleSet: rs)
            var taken = 0
            for (k, bytes) in (lines + lines.reversed()).enumerated() {
                var fresh = BatchLineDecoder(ruleSet: rs)
                let got = bytes.withUnsafeBufferPointer { reused.decode($0, defaultID: "x") }
                let want = bytes.withUnsafeBufferPointer { fresh.decode($0, defaultID: "x") }
                XCTAssertEqual(got?.facts, want?.facts, "line \(k)")
                XCTAssertEqual(got?.given, want?.given, "line \(k)")
                if got != nil { taken += 1 }
            }
            XCTAssertGreaterThan(taken, 20)
            // And the whole batch, lines in turn, as the general path writes them.
            let input = BatchFixture.variedLines.joined(separator: "\n") + "\n"
            XCTAssertEqual(BatchFixture.run(input, rs).output, BatchFixture.reference(input, rs))
        }
    }

    func testOnlyATextFactsValuesHoldAReference() {
        // What the byte copies rest on: every other type's values are plain bytes.
        XCTAssertTrue(_isPOD(ExactNumber.self))
        XCTAssertTrue(_isPOD(CivilDate.self))
        XCTAssertTrue(_isPOD(CivilDateTime.self))
        XCTAssertFalse(_isPOD(FactValue.self))
        let plain: [FactType] = [
            .yesNo, .number(min: nil, max: nil), .count(max: nil), .oneOf(["a"]), .someOf(["a"]), .date, .dateTime,
            .level,
        ]
        for type in plain { XCTAssertFalse(type.valuesHoldReferences, type.phrase) }
        XCTAssertTrue(FactType.text.valuesHoldReferences)
    }

    func testKeysGuessedFromTheLastLinesOrderAreTheKeysOnTheLine() throws {
        // Lines in one order teach the decoder to guess each next key; a line that breaks the order, a key that
        // starts with the guessed name, an escaped or a repeated name must still read as the general path reads.
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var fast = BatchLineDecoder(ruleSet: rs)
        let general = JSONScenarioDecoder(ruleSet: rs)
        let ordered = #"{"facts":{"age":12,"danger":true,"episodes":2,"dash_a":true}}"#
        let lines: [(String, taken: Bool)] = [
            (ordered, true), (ordered, true),
            (#"{"facts":{"age":3,"episodes":1,"danger":false}}"#, true),
            (#"{"facts":{"age":3,"dangerous":true}}"#, false),
            (#"{"facts":{"age":3,"dange":true}}"#, false),
            (#"{"facts":{"age":4,"d\u0061nger":true}}"#, false),
            (#"{"facts":{"age":5,"danger":true,"age":6}}"#, false),
            (#"{"facts":{ "age" : 7 , "danger" :false,"episodes":0}}"#, true),
            (ordered, true),
            // In the order of declaration, some left out: each key tried as one of the next few declared.
            (#"{"facts":{"born":"2010-01-02","episodes":1,"harm":true,"dash_b":true,"view":"amber"}}"#, true),
            (#"{"facts":{"received":"2019-04-12 16:00","age":9,"dash_a":false,"concerns":["neglect"]}}"#, true),
            (#"{"facts":{"age":9,"episodes":3,"danger":true,"harm":false,"dash_a":true,"dash_b":false}}"#, true),
            // Too far after the one before (tried by its hash), and a name that is the next one's start.
            (#"{"facts":{"received":"2019-04-12 16:00","referrer":"police","view":"red"}}"#, true),
            (#"{"facts":{"age":9,"episode":3}}"#, false),
        ]
        for (k, (line, taken)) in lines.enumerated() {
            let bytes = Array(line.utf8)
            let quick = bytes.withUnsafeBufferPointer { fast.decode($0, defaultID: "x") }
            XCTAssertEqual(quick != nil, taken, line)
            guard let quick else { continue }
            let slow = try XCTUnwrap(try? general.decode(JSONReader.parse(bytes: bytes), defaultID: "x").get(), line)
            XCTAssertEqual(quick.facts, slow.facts, "line \(k)")
            XCTAssertEqual(quick.given, slow.given, "line \(k)")
        }
    }

    func testOptionsAndDatesAreReadFromTheirBytesAndOthersGoTheGeneralWay() throws {
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var fast = BatchLineDecoder(ruleSet: rs)
        for line in [
            #"{"referrer":"health"}"#, #"{"concerns":["sexual","sexual"]}"#, #"{"concerns":"sexual"}"#,
            #"{"concerns":[]}"#,
            #"{"received":"2019-04-12 16:00","born":"2008-02-29"}"#, #"{"received":"2019-04-12T16:00"}"#,
        ] {
            XCTAssertNotNil(Array(line.utf8).withUnsafeBufferPointer { fast.decode($0, defaultID: "x") }, line)
            XCTAssertEqual(BatchFixture.run(line, rs).output, BatchFixture.reference(line + "\n", rs), line)
        }
        for line in [
            #"{"referrer":"Health"}"#, #"{"referrer":"healt"}"#, #"{"concerns":["sexual","nope"]}"#,
            #"{"concerns":[1]}"#,
            #"{"received":"2019-02-30T10:00"}"#, #"{"received":"2019-04-12"}"#, #"{"born":"2019-04-12T16:00"}"#,
            #"{"born":"12/04/2019"}"#,
        ] {
            XCTAssertNil(Array(line.utf8).withUnsafeBufferPointer { fast.decode($0, defaultID: "x") }, line)
            XCTAssertEqual(BatchFixture.run(line, rs).output, BatchFixture.reference(line + "\n", rs), line)
        }
    }

    func testOptionsTakenBetweenQuotesAndWholeNumbersTakenAsDigits() throws {
        // An option is taken when the reader is at exactly its name between quotes, and a whole number when its
        // digits end the JSON number; anything near either is read as before (the general path's scenario).
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var fast = BatchLineDecoder(ruleSet: rs)
        let taken: [(String, String, FactValue)] = [
            (#"{"referrer":"police"}"#, "referrer", .option(0)),
            (#"{"referrer":"school","age":3}"#, "referrer", .option(2)),
            (#"{"view":"amber"}"#, "view", .level(1)), (#"{"age":0}"#, "age", .number(.zero)),
            (#"{"age":25}"#, "age", .number(ExactNumber(units: 25 * ExactNumber.scale))),
            (#"{"age":7 ,"episodes":3}"#, "age", .number(ExactNumber(units: 7 * ExactNumber.scale))),
            (#"{ "age" : 12 }"#, "age", .number(ExactNumber(units: 12 * ExactNumber.scale))),
        ]
        for (line, name, value) in taken {
            let slot = try XCTUnwrap(rs.facts.firstIndex { $0.name == name })
            let quick = Array(line.utf8).withUnsafeBufferPointer { fast.decode($0, defaultID: "x") }
            XCTAssertEqual(quick?.facts[slot], value, line)
            XCTAssertEqual(BatchFixture.run(line, rs).output, BatchFixture.reference(line + "\n", rs), line)
        }
        for line in [
            #"{"referrer":"polic"}"#, #"{"referrer":"police2"}"#, #"{"referrer":"police\"x"}"#,
            #"{"referrer":"policE"}"#, #"{"referrer":"pOlice"}"#, #"{"referrer":"poLice"}"#, #"{"view":"Amber"}"#,
            #"{"view":"ambeR"}"#,
            #"{"referrer":"police"#, #"{"referrer":"p"#, #"{"referrer":""}"#, #"{"view":"ambers"}"#,
            #"{"age":26}"#, #"{"age":1e1}"#, #"{"age":-0}"#, #"{"age":1234567890123}"#, #"{"age":12.}"#,
            #"{"age":00}"#, #"{"age":2E0}"#, #"{"age":12x}"#, #"{"age":"#, #"{"age":01}"#, #"{"age":1.5}"#,
        ] {
            XCTAssertEqual(BatchFixture.run(line, rs).output, BatchFixture.reference(line + "\n", rs), line)
        }
        // A plain id is written as its bytes with the outcome alone, as the whole result writes it.
        for id in ["a/b", "<&>", " ", "", "t1"] {
            let line = #"{"id":"\#(id)","facts":{"age":3}}"#
            let brief = BatchFixture.run(line, rs, .init(outcomeOnly: true)).output
            XCTAssertTrue(brief.hasPrefix(#"{"scenario":"\#(id)","#), brief)
            XCTAssertTrue(BatchFixture.reference(line + "\n", rs).hasPrefix(#"{"scenario":"\#(id)","#))
        }
    }

    func testTheCommonestWrapperIsReadStraightThroughAndAnythingNearItAsBefore() throws {
        // `{"id":"…","facts":{…}}` with no spaces around the keys is read straight through; a line that starts so
        // and then differs is read member by member, or (a member after the facts object) by the general path.
        // Either way the scenario, and the batch output, are the general path's.
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var fast = BatchLineDecoder(ruleSet: rs)
        let general = JSONScenarioDecoder(ruleSet: rs)
        let long = String(repeating: "x", count: Limits.scenarioIDBytes + 1)
        let lines: [(String, taken: Bool)] = [
            (#"{"id":"a","facts":{"age":3}}"#, true), (#"{"id":"","facts":{}}"#, true),
            (#"{"id":"a","facts":{"age":3}}  "#, true), (#"  {"id":"a","facts":{"age":3}}"#, true),
            (#"{"id":"a","title":"t","facts":{"age":3}}"#, true), (#"{"id":"a" ,"facts":{"age":3}}"#, true),
            (#"{"id":"a","facts" :{"age":3}}"#, true), (#"{"id":"a","facts":{"age":3},"title":"t"}"#, false),
            (#"{"id":"a","facts":{"age":3} }"#, false), (#"{"id":"a","facts":{"age":3},"id":"b"}"#, false),
            (#"{"id":7,"facts":{"age":3}}"#, false), (#"{"id":"a","factsx":{"age":3}}"#, false),
            (#"{"id":"a","facts":null}"#, false), (#"{"id":"a","facts":{"age":3}"#, false),
            (#"{"id":"a","facts":{"age":3}}}"#, false), (#"{"id":"a\"b","facts":{"age":3}}"#, false),
            (#"{"id":"\#(long)","facts":{"age":3}}"#, false), (#"{"id":"a","facts":{"age":"3"}}"#, false),
        ]
        for (line, taken) in lines {
            let bytes = Array(line.utf8)
            let quick = bytes.withUnsafeBufferPointer { fast.decode($0, defaultID: "x") }
            XCTAssertEqual(quick != nil, taken, line)
            if let quick {
                let slow = try XCTUnwrap(try? general.decode(JSONReader.parse(bytes: bytes), defaultID: "x").get())
                XCTAssertEqual(quick.id, slow.id, line)
                XCTAssertEqual(quick.title, slow.title, line)
                XCTAssertEqual(quick.facts, slow.facts, line)
                XCTAssertEqual(quick.given, slow.given, line)
            }
            let reference = BatchFixture.reference(line + "\n", rs)
            XCTAssertEqual(BatchFixture.run(line, rs).output, reference, line)
            // With the outcome alone: as the same line read member by member (a space after its `{`; a bad line's
            // message would then give another column).
            guard !reference.hasPrefix(#"{"line":"#) else { continue }
            let spaced = line.replacingOccurrences(of: #"{"id":"#, with: #"{ "id":"#)
            XCTAssertEqual(
                BatchFixture.run(line, rs, .init(outcomeOnly: true)).output,
                BatchFixture.run(spaced, rs, .init(outcomeOnly: true)).output, line)
        }
    }

    func testALineHandedOverIsTheCallersUntilGivenBack() throws {
        // `decodeLine` hands its vector over: a line kept (not given back with `reclaim`) keeps its values while
        // later lines are read into a fresh vector, and a line given back is reused for the next.
        let rs = try XCTUnwrap(BatchFixture.ruleSet())
        var fast = BatchLineDecoder(ruleSet: rs)
        let general = JSONScenarioDecoder(ruleSet: rs)
        let lines = [
            #"{"id":"a","facts":{"age":3,"danger":true}}"#, #"{"id":"b","facts":{"age":12}}"#,
            #"{"id":"c","facts":{"danger":false,"referrer":"health"}}"#, #"{"id":"d","facts":{}}"#,
        ]
        func expected(_ line: String) throws -> FactVector {
            try XCTUnwrap(try? general.decode(JSONReader.parse(bytes: Array(line.utf8)), defaultID: "x").get()).facts
        }
        var kept: [BatchLineDecoder.Line] = []
        for (k, line) in lines.enumerated() {
            let decoded = try XCTUnwrap(Array(line.utf8).withUnsafeBufferPointer { fast.decodeLine($0) })
            XCTAssertEqual(decoded.facts, try expected(line), line)
            if k % 2 == 0 { kept.append(decoded) } else { fast.reclaim(decoded) }
        }
        for (line, decoded) in zip([lines[0], lines[2]], kept) {
            XCTAssertEqual(decoded.facts, try expected(line), "kept: \(line)")
        }
    }

    func testAKeyIsTakenOnlyWhenEveryByteOfItsNameMatches() {
        // `takeName` compares a name as words (two overlapping ones up to sixteen bytes, then eight at a time):
        // a name differing in any one byte, first, middle or last, of any length is not taken.
        let names = [
            "a", "ab", "abc", "agex", "agexy", "referre", "referrer", "referrer_", "imminent_danger",
            "early_help_needs",
            "sex_offender_contact", "risk_of_significant_harm", "risk_of_significant_harm_xyz",
        ]
        let table = FactNameTable(names)
        for (slot, name) in names.enumerated() {
            func takes(_ key: [UInt8]) -> Bool {
                let line = [UInt8(ascii: "\"")] + key + Array("\":true".utf8)
                return line.withUnsafeBufferPointer { bytes in
                    var r = ByteReader(bytes)
                    return table.takeName(slot, &r) && r.i == key.count + 2
                }
            }
            XCTAssertTrue(takes(Array(name.utf8)), name)
            for k in 0..<name.utf8.count {
                var miss = Array(name.utf8)
                miss[k] ^= 0x01
                XCTAssertFalse(takes(miss), "\(name), byte \(k)")
            }
        }
    }

    func testFactNamesAreFoundByTheirBytes() {
        let names = [
            "a", "dash_injury", "dash_isolated", "dash_injury_x", "cce_found_out_of_area", "seraf_v_past_abuse", "",
        ]
        let table = FactNameTable(names)
        for (slot, name) in names.enumerated() {
            let bytes = Array(name.utf8)
            XCTAssertEqual(bytes.withUnsafeBufferPointer { table.slot($0) }, slot, name)
        }
        for missing in ["b", "dash_injur", "dash_injury_", "DASH_INJURY"] {
            XCTAssertNil(Array(missing.utf8).withUnsafeBufferPointer { table.slot($0) }, missing)
        }
    }
}
