import XCTest

@_spi(Bench) @testable import ThresholdKit

final class JSONWriterTests: XCTestCase {
    func testCompactObjectWithCommas() {
        var w = JSONWriter()
        w.beginObject()
        w.key("scenario")
        w.string("mathew")
        w.key("ruleset")
        w.beginObject()
        w.key("name")
        w.string("Camden MASH front door")
        w.key("version")
        w.string("2019.1")
        w.endObject()
        w.key("fired")
        w.beginArray()
        w.beginObject()
        w.key("rule")
        w.string("significant_harm")
        w.endObject()
        w.beginObject()
        w.key("rule")
        w.string("other")
        w.endObject()
        w.endArray()
        w.key("total")
        w.int(7)
        w.key("range")
        w.beginArray()
        w.int(7)
        w.int(-9)
        w.endArray()
        w.key("score")
        w.number(raw: "2.5")
        w.key("exact")
        w.number(ExactNumber(units: 300_000))
        w.key("floor")
        w.null()
        w.key("ok")
        w.bool(true)
        w.key("no")
        w.bool(false)
        w.key("empty")
        w.beginArray()
        w.endArray()
        w.key("none")
        w.beginObject()
        w.endObject()
        w.endObject()
        XCTAssertEqual(
            w.text,
            #"{"scenario":"mathew","ruleset":{"name":"Camden MASH front door","version":"2019.1"},"#
                + #""fired":[{"rule":"significant_harm"},{"rule":"other"}],"total":7,"range":[7,-9],"#
                + #""score":2.5,"exact":0.3,"floor":null,"ok":true,"no":false,"empty":[],"none":{}}"#)
        XCTAssertEqual(w.bytes, Array(w.text.utf8))
    }

    func testTopLevelScalarsAndArrays() {
        var w = JSONWriter()
        w.string("x")
        XCTAssertEqual(w.text, #""x""#)
        var a = JSONWriter()
        a.beginArray()
        a.beginArray()
        a.endArray()
        a.null()
        a.beginArray()
        a.int(1)
        a.endArray()
        a.endArray()
        XCTAssertEqual(a.text, "[[],null,[1]]")
    }

    func testStringEscaping() {
        XCTAssertEqual(serialize(.string("a\"b\\c")), #""a\"b\\c""#)
        XCTAssertEqual(serialize(.string("line\nreturn\rtab\t")), #""line\nreturn\rtab\t""#)
        XCTAssertEqual(serialize(.string("\u{0}\u{1}\u{8}\u{c}\u{1f}")), #""\u0000\u0001\u0008\u000c\u001f""#)
        XCTAssertEqual(serialize(.string("/")), #""/""#)
        XCTAssertEqual(serialize(.string("\u{7F}")), "\"\u{7F}\"")
    }

    func testNonASCIIWrittenAsIs() {
        XCTAssertEqual(serialize(.string("£ café “quoted” 😀")), "\"£ café “quoted” 😀\"")
        XCTAssertEqual(serialize(.object([("naïve", .string("é"))])), "{\"naïve\":\"é\"}")
    }

    func testLineAndParagraphSeparatorsEscaped() {
        XCTAssertEqual(serialize(.string("a\u{2028}b\u{2029}c")), #""a\u2028b\u2029c""#)
        // Neighbouring characters sharing lead bytes are untouched.
        XCTAssertEqual(serialize(.string("\u{2027}\u{202A}€")), "\"\u{2027}\u{202A}€\"")
        XCTAssertEqual(serialize(.string("\u{2028}")), #""\u2028""#)
    }

    func testKeysAreEscaped() {
        var w = JSONWriter()
        w.beginObject()
        w.key("a\"b\n")
        w.int(1)
        w.endObject()
        XCTAssertEqual(w.text, #"{"a\"b\n":1}"#)
    }

    func testInvalidRawNumberBecomesString() {
        var w = JSONWriter()
        w.beginArray()
        w.number(raw: "1e5")
        w.number(raw: "-0.5")
        w.number(raw: "NaN")
        w.number(raw: "01")
        w.number(raw: "")
        w.number(raw: "1.")
        w.number(raw: "-")
        w.endArray()
        XCTAssertEqual(w.text, #"[1e5,-0.5,"NaN","01","","1.","-"]"#)
    }

    func testIntExtremes() {
        XCTAssertEqual(serialize(.int(Int.min)), "-9223372036854775808")
        XCTAssertEqual(serialize(.exact(ExactNumber.min)), "-9223372036854.775808")
    }

    func testRoundTrips() throws {
        let texts = [
            #"{"id":"mathew","facts":{"age":12,"concerns":["sexual","neglect"],"received":"2019-04-12T16:00","x":null,"y":false}}"#,
            #"[1,-0,2.5,1e-7,1E+300,"",[],{},[[[]]]]"#,
            #"{"b":1,"a":2,"b":3}"#,
            "\"£ 😀 \\u2028 \\n \\u0000 \\\" \\\\\"",
            "12345678901234567890.000000000001",
        ]
        for text in texts {
            let value = try JSONReader.parse(text)
            XCTAssertEqual(serialize(value), text, text)
            XCTAssertEqual(try JSONReader.parse(serialize(value)), value)
        }
    }

    func testRoundTripNormalisesWhitespaceAndEscapes() throws {
        let value = try JSONReader.parse(" { \"a\" : [ 1 , \"\\u0041\\/\" ] } ")
        XCTAssertEqual(serialize(value), #"{"a":[1,"A/"]}"#)
    }

    func testEveryControlCharacterRoundTrips() throws {
        let text = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        let written = serialize(.string(text))
        XCTAssertFalse(written.utf8.contains { $0 < 0x20 }, "no raw control characters in output")
        XCTAssertEqual(try JSONReader.parse(written), .string(text))
    }

    func testBlocksWriteWhatTheirCallsWrite() {
        var calls = JSONWriter()
        calls.beginObject()
        calls.key("levels")
        calls.beginArray()
        calls.string("green")
        calls.string("red")
        calls.endArray()
        calls.key("rules")
        calls.beginArray()
        for (name, level) in [("a", 1), ("b", 2)] {
            calls.beginObject()
            calls.key("name")
            calls.string(name)
            calls.key("level")
            calls.int(level)
            calls.endObject()
        }
        calls.endArray()
        calls.key("none")
        calls.beginArray()
        calls.endArray()
        calls.key("held_by")
        calls.beginObject()
        calls.key("grid")
        calls.beginArray()
        calls.beginArray()
        calls.int(1)
        calls.endArray()
        calls.endArray()
        calls.endObject()
        calls.endObject()

        var blocks = JSONWriter()
        blocks.object { w in
            w.array("levels", ["green", "red"])
            w.objects("rules", [("a", 1), ("b", 2)]) { w, rule in
                w.member("name", rule.0)
                w.member("level", rule.1)
            }
            w.objects("none", [Int]()) { _, _ in XCTFail("no item, no object") }
            w.object("held_by") { w in
                w.array("grid") { w in w.array([1]) }
            }
        }
        XCTAssertEqual(blocks.text, calls.text)
        XCTAssertEqual(
            blocks.text,
            #"{"levels":["green","red"],"rules":[{"name":"a","level":1},{"name":"b","level":2}],"none":[],"#
                + #""held_by":{"grid":[[1]]}}"#)
    }

    func testMembersOfEveryScalarAndOptionals() {
        let none: String? = nil
        let some: Int? = 7
        var w = JSONWriter()
        w.object { w in
            w.member("s", "x")
            w.member("i", -3)
            w.member("b", false)
            w.member("n", ExactNumber(units: 2_500_000))
            w.member("none", none)
            w.member("some", some)
            w.member("absent", ifPresent: none)
            w.member("present", ifPresent: some)
            w.array("within", [none, "3 hours"])
        }
        XCTAssertEqual(
            w.text,
            #"{"s":"x","i":-3,"b":false,"n":2.5,"none":null,"some":7,"present":7,"within":[null,"3 hours"]}"#)
    }

    func testDocumentIsOneObjectOnALine() {
        XCTAssertEqual(JSONWriter.document { w in w.member("ok", true) }.text, "{\"ok\":true}\n")
        XCTAssertEqual(JSONWriter.document(endLine: false) { _ in }.text, "{}")
        var w = JSONWriter.document { w in w.member("a", 1) }
        w.object { w in w.member("b", 2) }
        XCTAssertEqual(w.text, "{\"a\":1}\n{\"b\":2}", "the next document starts without a comma")
    }

    func testDescriptionSerializes() {
        XCTAssertEqual(JSONValue.array([.bool(true), .null]).description, "[true,null]")
    }
}
