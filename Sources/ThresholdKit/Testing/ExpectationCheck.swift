/// The verdict on one `expect` clause of a scenario: whether it held, and both sides in words.
///
/// For `outcome red` against an amber result:
/// - `expected`: `outcome red`
/// - `actual`: `amber (decided by physical_abuse_flag)`
/// - `message`: `expected outcome red, got amber (decided by physical_abuse_flag)`
struct ExpectationCheck: Sendable {
    /// The clause as the scenario file wrote it, with its place.
    var expectation: LocatedExpectation
    var passed: Bool
    /// What the clause asks for, in the language's own words (`fired significant_harm`).
    var expected: String
    /// What the result had instead, or confirms (`it did not fire (its condition is unknown: …)`).
    var actual: String
    /// One sentence for people: `expected …, got …` or `expected …, but …`.
    var message: String
    /// The line the clause is written on (nil for scenarios without a source).
    var line: Int?

    init(expectation: LocatedExpectation, passed: Bool, expected: String, actual: String, message: String) {
        self.expectation = expectation
        self.passed = passed
        self.expected = expected
        self.actual = actual
        self.message = message
        line = expectation.span.map { $0.start.line }
    }

    /// How the clause was written, or its canonical form when no source text is known.
    var written: String {
        let t = expectation.text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
        return t.isEmpty ? expected : t
    }
}
