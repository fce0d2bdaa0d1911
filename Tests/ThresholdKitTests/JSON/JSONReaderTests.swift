import XCTest

@testable import ThresholdKit

final class JSONReaderTests: XCTestCase {
    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
        do {
            return try JSONReader.parse(text)
        } catch {
            XCTFail("unexpected error \(error) for \(text.debugDescription)", file: file, line: line)
            return nil
        }
    }

    /// The error for `text`, failing the test if it parses.
    private func failure(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONParseError? {
        do {
            let value = try JSONReader.parse(text)
            XCTFail("expected an error for \(text.debugDescription), got \(value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func assertError(
        _ text: String, line: Int, column: Int, offset: Int? = nil, containing fragment: String,
        file: StaticString = #filePath, testLine: UInt = #line
    ) {
        guard let error = failure(text, file: file, line: testLine) else { return }
        XCTAssertEqual(error.line, line, "line of \(error)", file: file, line: testLine)
        XCTAssertEqual(error.column, column, "column of \(error)", file: file, line: testLine)
        if let offset { XCTAssertEqual(error.offset, offset, "offset of \(error)", file: file, line: testLine) }
        XCTAssertTrue(
            error.message.contains(fragment), "\(error.message) should mention \(fragment)",
            file: file, line: testLine)
    }

    // MARK: Accepting

    func testScalars() {
        XCTAssertEqual(parse("null"), .null)
        XCTAssertEqual(parse("true"), .bool(true))
        XCTAssertEqual(parse("false"), .bool(false))
        XCTAssertEqual(parse("\"hi\""), .string("hi"))
        XCTAssertEqual(parse(" \t\r\n 42 \n"), .number("42"))
    }

    func testNumbersKeepTheirText() {
        for text in [
            "0", "-0", "2.5", "-3", "0.000001", "1e3", "1E+3", "-1.25e-10", "12345678901234567890.123456789",
            "0.10",
        ] {
            XCTAssertEqual(parse(text), .number(text), text)
        }
        XCTAssertEqual(parse("[2.5]")?.arrayValue?.first?.exactNumber, ExactNumber.parse("2.5"))
    }

    func testObjectKeepsKeyOrderAndDuplicates() {
        let value = parse(#"{"b": 1, "a": [true, null], "b": "x"}"#)
        XCTAssertEqual(
            value, .object([("b", .number("1")), ("a", .array([.bool(true), .null])), ("b", .string("x"))]))
        XCTAssertEqual(value?["b"], .number("1"))
        XCTAssertEqual(value?["a"]?.arrayValue?.count, 2)
        XCTAssertNil(value?["missing"])
        XCTAssertEqual(value?.duplicateKey, "b")
        XCTAssertNil(parse(#"{"a":1,"b":2}"#)?.duplicateKey)
        XCTAssertNotEqual(parse(#"{"a":1,"b":2}"#), parse(#"{"b":2,"a":1}"#))
    }

    func testSpecScenarioObject() {
        let text = """
            {"id": "mathew", "title": "Mathew, 12", "facts": {"age": 12, "referrer": "police",
             "risk_of_significant_harm": true, "concerns": ["sexual"], "received": "2019-04-12T16:00", "notes": null},
             "expect": {"outcome": "red", "fired": ["significant_harm"]}}
            """
        let value = parse(text)
        XCTAssertEqual(value?["id"]?.stringValue, "mathew")
        XCTAssertEqual(value?["facts"]?["age"]?.exactNumber, ExactNumber(12))
        XCTAssertEqual(value?["facts"]?["risk_of_significant_harm"]?.boolValue, true)
        XCTAssertEqual(value?["facts"]?["concerns"], .array([.string("sexual")]))
        XCTAssertEqual(value?["facts"]?["notes"]?.isNull, true)
        XCTAssertEqual(
            value?["facts"]?["received"]?.stringValue.flatMap { CivilDateTime.parse($0[...]) }?.description,
            "2019-04-12 16:00")
    }

    func testEmptyContainers() {
        XCTAssertEqual(parse("[]"), .array([]))
        XCTAssertEqual(parse("{}"), .object([]))
        XCTAssertEqual(parse("[ ]"), .array([]))
        XCTAssertEqual(parse("{ \n }"), .object([]))
        XCTAssertEqual(parse("[[],{},[[]]]"), .array([.array([]), .object([]), .array([.array([])])]))
    }

    func testEscapes() {
        XCTAssertEqual(parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#), .string("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti"))
        XCTAssertEqual(parse(#""\u0041\u00e9\u00E9\u20AC""#), .string("Aéé€"))
        XCTAssertEqual(parse(#""\u0000""#), .string("\u{0}"))
        XCTAssertEqual(parse(#""\ud83d\ude00 smile""#), .string("😀 smile"))
        XCTAssertEqual(parse(#""\uD834\uDD1E""#), .string("𝄞"))
        XCTAssertEqual(parse(#""x\u2028y""#), .string("x\u{2028}y"))
    }

    func testRawUnicode() {
        XCTAssertEqual(parse("\"£ café “quoted” 😀 中文\""), .string("£ café “quoted” 😀 中文"))
        XCTAssertEqual(parse("{\"naïve\": \"é\"}"), .object([("naïve", .string("é"))]))
    }

    func testByteOrderMarkIsSkipped() {
        XCTAssertEqual(try JSONReader.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)), .array([.number("1")]))
        XCTAssertEqual(parse("\u{FEFF}true"), .bool(true))
    }

    func testBytesEntryPoints() throws {
        let bytes = Array(#"{"a":[1,"b"]}"#.utf8)
        let expected = JSONValue.object([("a", .array([.number("1"), .string("b")]))])
        XCTAssertEqual(try JSONReader.parse(bytes: bytes), expected)
        let viaPointer = try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            try JSONReader.parse(bytes: buffer)
        }
        XCTAssertEqual(viaPointer, expected)
    }

    func testLargeArray() {
        let count = 100_000
        let text = "[" + (0..<count).map(String.init).joined(separator: ",") + "]"
        XCTAssertEqual(parse(text)?.arrayValue?.count, count)
    }

    // MARK: Rejecting, with locations

    func testEmptyInput() {
        assertError("", line: 1, column: 1, offset: 0, containing: "end of input")
        assertError("   \n  ", line: 2, column: 3, offset: 6, containing: "end of input")
    }

    func testTrailingCommas() {
        assertError("[1,2,]", line: 1, column: 5, offset: 4, containing: "trailing comma")
        assertError("{\"a\": 1,\n}", line: 1, column: 8, offset: 7, containing: "trailing comma")
        assertError("[1,\n  ]", line: 1, column: 3, containing: "trailing comma")
        assertError("[,1]", line: 1, column: 2, containing: "','")
        assertError("[1,,2]", line: 1, column: 4, containing: "','")
    }

    func testLeadingZeros() {
        assertError("01", line: 1, column: 1, offset: 0, containing: "leading zero")
        assertError("[1, -007]", line: 1, column: 6, offset: 5, containing: "leading zero")
        assertError("{\"age\":\n  00}", line: 2, column: 3, containing: "leading zero")
    }

    func testMalformedNumbers() {
        assertError("-", line: 1, column: 2, containing: "digit")
        assertError("[-a]", line: 1, column: 3, containing: "digit")
        assertError("1.", line: 1, column: 3, containing: "decimal point")
        assertError("1.e5", line: 1, column: 3, containing: "decimal point")
        assertError("1e", line: 1, column: 3, containing: "exponent")
        assertError("1e+", line: 1, column: 4, containing: "exponent")
        assertError(".5", line: 1, column: 1, containing: "'.'")
        assertError("+1", line: 1, column: 1, containing: "'+'")
        assertError("[NaN]", line: 1, column: 2, containing: "'N'")
        assertError("Infinity", line: 1, column: 1, containing: "'I'")
        assertError("0x10", line: 1, column: 2, containing: "'x'")
    }

    func testBadLiterals() {
        assertError("tru", line: 1, column: 1, containing: "'true'")
        assertError("[nul]", line: 1, column: 2, containing: "'null'")
        assertError("falsy", line: 1, column: 1, containing: "'false'")
        assertError("True", line: 1, column: 1, containing: "'T'")
        assertError("nullx", line: 1, column: 5, containing: "after the JSON value")
    }

    func testBadEscapes() {
        assertError(#""a\x""#, line: 1, column: 3, offset: 2, containing: "invalid escape")
        assertError(#""\'""#, line: 1, column: 2, containing: "invalid escape")
        assertError(#""\u12G4""#, line: 1, column: 2, containing: "four hexadecimal digits")
        assertError(#""\u12""#, line: 1, column: 2, containing: "four hexadecimal digits")
        assertError("\"abc\\", line: 1, column: 5, containing: "unterminated")
    }

    func testUnpairedSurrogates() {
        assertError(#""\ud83d""#, line: 1, column: 2, containing: "unpaired high surrogate")
        assertError(#""\ud83d x""#, line: 1, column: 2, containing: "unpaired high surrogate")
        assertError(#""\ud83d\u0041""#, line: 1, column: 2, containing: "unpaired high surrogate")
        assertError(#""\ud83d\ud83d""#, line: 1, column: 2, containing: "unpaired high surrogate")
        assertError(#""ab\ude00""#, line: 1, column: 4, containing: "unpaired low surrogate")
        assertError("[\"ok\",\n \"\\uDC00\"]", line: 2, column: 3, containing: "unpaired low surrogate")
    }

    func testControlCharactersInStrings() {
        assertError("\"a\nb\"", line: 1, column: 3, offset: 2, containing: "U+000A")
        assertError("\"a\tb\"", line: 1, column: 3, containing: "U+0009")
        assertError("\"\u{0}\"", line: 1, column: 2, containing: "U+0000")
        assertError("{\"k\u{1F}\": 1}", line: 1, column: 4, containing: "U+001F")
        // DEL (U+007F) is allowed by RFC 8259.
        XCTAssertEqual(parse("\"\u{7F}\""), .string("\u{7F}"))
    }

    func testUnterminated() {
        assertError("\"abc", line: 1, column: 1, containing: "unterminated")
        assertError("[1, 2", line: 1, column: 6, containing: "end of input")
        assertError("{\"a\": 1", line: 1, column: 8, containing: "end of input")
        assertError("{\"a\"", line: 1, column: 5, containing: "':'")
        assertError("{\"a\":", line: 1, column: 6, containing: "end of input")
        assertError("[", line: 1, column: 2, containing: "end of input")
        assertError("{", line: 1, column: 2, containing: "member name")
    }

    func testStructuralErrors() {
        assertError("{a: 1}", line: 1, column: 2, containing: "member name")
        assertError("{'a': 1}", line: 1, column: 2, containing: "member name")
        assertError("{\"a\" 1}", line: 1, column: 6, containing: "':'")
        assertError("{\"a\": 1 \"b\": 2}", line: 1, column: 9, containing: "','")
        assertError("[1 2]", line: 1, column: 4, containing: "','")
        assertError("[1}", line: 1, column: 3, containing: "']'")
        assertError("{\"a\":1]", line: 1, column: 7, containing: "'}'")
        assertError("]", line: 1, column: 1, containing: "']'")
    }

    func testTrailingGarbage() {
        assertError("{} x", line: 1, column: 4, offset: 3, containing: "after the JSON value")
        assertError("1 2", line: 1, column: 3, containing: "after the JSON value")
        assertError("[1]\n]", line: 2, column: 1, containing: "after the JSON value")
        assertError("\"a\"\"b\"", line: 1, column: 4, containing: "after the JSON value")
        assertError("null\u{0}", line: 1, column: 5, containing: "U+0000")
    }

    func testColumnsCountUnicodeScalars() {
        // "é" and "😀" are one column each though several bytes.
        assertError("[\"é😀\", x]", line: 1, column: 8, offset: 11, containing: "'x'")
        assertError("{\"£\":\n  [1,\n   \"€\" ,]}", line: 3, column: 8, containing: "trailing comma")
        assertError("\u{FEFF}[x]", line: 1, column: 2, offset: 4, containing: "'x'")
    }

    func testNonASCIIOutsideStrings() {
        assertError("[é]", line: 1, column: 2, containing: "U+00E9")
        assertError("\u{A0}1", line: 1, column: 1, containing: "U+00A0")
    }

    func testInvalidUTF8FromBytes() {
        func byteError(_ bytes: [UInt8]) -> JSONParseError? {
            do {
                _ = try JSONReader.parse(bytes: bytes)
                XCTFail("expected an error for \(bytes)")
                return nil
            } catch {
                return error
            }
        }
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],  // never valid
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-8 encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xC3, 0x22],  // truncated sequence
            [0x22, 0xE2, 0x82],  // truncated at end of input
            [0x22, 0x80, 0x22],  // lone continuation byte
        ]
        for bytes in cases {
            let error = byteError(bytes)
            XCTAssertEqual(error?.offset, 1, "\(bytes)")
            XCTAssertTrue(error?.message.contains("UTF-8") ?? false, "\(String(describing: error))")
        }
        XCTAssertEqual(try JSONReader.parse(bytes: [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22]), .string("😀"))
    }

    func testNestingLimit() {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNotNil(parse(ok))
        let objects = String(repeating: "{\"a\":", count: 512) + "1" + String(repeating: "}", count: 512)
        XCTAssertNotNil(parse(objects))

        assertError(
            String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
            line: 1, column: 513, offset: 512, containing: "deeper than 512")
        let deepObjects = String(repeating: "{\"a\":", count: 513) + "1" + String(repeating: "}", count: 513)
        assertError(deepObjects, line: 1, column: 512 * 5 + 1, containing: "deeper than 512")
    }

    func testVeryDeepInputFailsCleanly() {
        // A million open brackets must not overflow the stack.
        let text = String(repeating: "[", count: 1_000_000)
        let error = failure(text)
        XCTAssertEqual(error?.offset, 512)
        let mixed = String(repeating: "[{\"k\":", count: 200_000)
        XCTAssertNotNil(failure(mixed))
    }

    func testErrorDescription() {
        let error = failure("[1,]")
        XCTAssertEqual(error?.description, "line 1, column 3: trailing comma before ']'")
    }
}
