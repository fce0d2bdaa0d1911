import XCTest

@testable import ThresholdKit

final class LexerTests: XCTestCase {
    func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(SourceFile(path: "t", text: text)).tokens.map(\.kind).dropLast().map { $0 }
    }

    func testWordsNumbersAndSymbols() {
        XCTAssertEqual(
            kinds("age >= 12 and x != -3"),
            [
                .word("age"), .symbol(.compare(.ge)), .number(ExactNumber(12)), .word("and"), .word("x"),
                .symbol(.compare(.ne)),
                .symbol(.arith(.sub)), .number(ExactNumber(3)),
            ])
    }

    func testDecimalsAreExact() {
        XCTAssertEqual(kinds("2.5"), [.number(ExactNumber(units: 2_500_000))])
    }

    func testDatesAndDateTimesInBothForms() {
        let d = CivilDate(year: 2019, month: 4, day: 1)
        let dt = CivilDateTime(date: CivilDate(year: 2019, month: 4, day: 1)!, hour: 16, minute: 0)
        XCTAssertEqual(kinds("2019-04-01"), [.date(d!)])
        XCTAssertEqual(kinds("2019-04-01 16:00"), [.dateTime(dt!)])
        XCTAssertEqual(kinds("2019-04-01T16:00"), [.dateTime(dt!)])
        // A date followed by a number on the same line that is not a time stays a date.
        XCTAssertEqual(kinds("2019-04-01 16"), [.date(d!), .number(ExactNumber(16))])
    }

    func testStringsKeepUnicodeAndEscapes() {
        XCTAssertEqual(kinds(#""“Child’s” £5 café \"x\" \\ \n""#), [.string("“Child’s” £5 café \"x\" \\ \n")])
    }

    func testCommentsRunToEndOfLine() {
        XCTAssertEqual(kinds("a # comment b\nc"), [.word("a"), .word("c")])
    }

    func testColumnsCountCharactersNotBytes() {
        let tokens = Lexer.tokenize(SourceFile(path: "t", text: "\"£££\" x")).tokens
        XCTAssertEqual(tokens[1].span.start.column, 7)
    }

    func testStartsLineIsTracked() {
        let tokens = Lexer.tokenize(SourceFile(path: "t", text: "a b\n  c")).tokens
        XCTAssertEqual(tokens.map(\.startsLine).prefix(3), [true, false, true])
    }

    func testLexicalErrorsAreLocatedAndLexingGoesOn() {
        let (tokens, diags) = Lexer.tokenize(SourceFile(path: "t", text: "a \"open\nb 2019-13-01 c ! d"))
        XCTAssertEqual(diags.map(\.code), [.unterminatedString, .badDate, .unexpectedCharacter])
        XCTAssertEqual(diags[0].span?.start, SourceLocation(file: "t", line: 1, column: 3))
        XCTAssertEqual(diags[1].span?.start, SourceLocation(file: "t", line: 2, column: 3))
        XCTAssertTrue(tokens.contains { $0.kind == .word("d") })
    }

    /// Unexpected characters are skipped in a loop: each is reported, and the token after a run of them stands
    /// in its place with the span from the run's start. The lexer called itself once per character, and 24,000 in
    /// a row overflowed the stack of every command that reads rules (found by an attack test).
    func testARunOfUnexpectedCharactersIsSkippedWithoutEnd() {
        let run = String(repeating: "@", count: 200_000)
        let (tokens, diags) = Lexer.tokenize(SourceFile(path: "t", text: "a " + run + " b\n!" + run))
        XCTAssertEqual(diags.filter { $0.code == .unexpectedCharacter }.count, 400_001)
        XCTAssertEqual(tokens.map(\.kind), [.word("a"), .word("b"), .endOfFile])
        XCTAssertEqual(tokens[1].span.start, SourceLocation(file: "t", line: 1, column: 3))
        XCTAssertFalse(tokens[1].startsLine)
        XCTAssertTrue(tokens[1].spaceBefore)
        // A run at the end of the text: the end stands in its place, from the run's start.
        XCTAssertEqual(tokens[2].span.start, SourceLocation(file: "t", line: 2, column: 1))
        XCTAssertTrue(tokens[2].startsLine)
    }

    /// A carriage return alone ends a line in an editor, so it is an error here, and ends a comment: what the
    /// editor shows as code after it is read as code (it was read as part of the comment; an attack test).
    func testACarriageReturnAloneIsAnErrorAndEndsAComment() {
        let (tokens, diags) = Lexer.tokenize(SourceFile(path: "t", text: "a # only a\r and b\r\nc"))
        XCTAssertEqual(tokens.map(\.kind), [.word("a"), .word("and"), .word("b"), .word("c"), .endOfFile])
        XCTAssertEqual(diags.map(\.code), [.unexpectedCharacter])
        XCTAssertEqual(diags.first?.span?.start, SourceLocation(file: "t", line: 1, column: 11))
    }

    func testTooManyDecimalPlacesIsAnError() {
        let (_, diags) = Lexer.tokenize(SourceFile(path: "t", text: "1.1234567"))
        XCTAssertEqual(diags.first?.code, .badNumber)
    }

    /// A control character in a string was taken as it was: `check` passed a rules file whose titles held an
    /// escape sequence, and the REPL printed it raw (found by a review).
    func testAControlCharacterInAStringIsAnErrorOnceAString() {
        let (tokens, diags) = Lexer.tokenize(
            SourceFile(path: "t", text: "a \"x\u{1B}]0;t\u{07}y\" \"tab\there\" \"c1 \u{85}\"\n"))
        XCTAssertEqual(diags.map(\.code), [.unexpectedCharacter, .unexpectedCharacter])
        XCTAssertEqual(diags[0].message, "a control character (U+001B) in a string")
        XCTAssertEqual(diags[0].span?.start, SourceLocation(file: "t", line: 1, column: 5))
        XCTAssertEqual(diags[0].hint, "remove it: it cannot be seen in an editor, and is printed as `␛`")
        XCTAssertEqual(diags[1].message, "a control character (U+0085) in a string")
        // The strings are still read whole, and a tab in one is not a control character here.
        XCTAssertEqual(tokens.map(\.kind).dropLast().count, 4)
        XCTAssertTrue(tokens.contains { $0.kind == .string("tab\there") })
    }

    func testCurlyQuotesGetAHint() {
        let (_, diags) = Lexer.tokenize(SourceFile(path: "t", text: "“x”"))
        XCTAssertEqual(diags.first?.hint, "use straight quotes `\"` around strings")
    }
}
