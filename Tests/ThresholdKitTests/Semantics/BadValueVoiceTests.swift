import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// One voice for bad values: the same bad value gets the same message by every route it can come in by
/// (`--set` and the REPL, a `.scenario` file, a JSON file, a `batch` line, `serve`'s `POST /v1/score`).
final class BadValueVoiceTests: XCTestCase {
    struct Bad {
        var fact: String
        /// As written in the language (`--set`, `.scenario`, the REPL).
        var written: String
        /// As written in JSON.
        var json: String
        /// The message every route must carry.
        var message: String
    }

    static let table: [Bad] = [
        Bad(
            fact: "age", written: "1e999999", json: "1e999999",
            message: "`1e999999` is too large: a number has at most 12 digits before the point"),
        Bad(
            fact: "age", written: "-0.000000000000000000000000001", json: "-0.000000000000000000000000001",
            message: "`-0.000000000000000000000000001` has more decimal places than the language holds (at most 6)"),
        Bad(
            fact: "age", written: "12345678901234567890123456789", json: "12345678901234567890123456789",
            message: "`12345678901234567890123456789` is too large: a number has at most 12 digits before the point"),
        Bad(
            fact: "age", written: "1.5e-9", json: "1.5e-9",
            message: "`1.5e-9` has more decimal places than the language holds (at most 6)"),
        Bad(fact: "age", written: "2e1", json: "2e1", message: "`2e1` has an exponent: write the number out in digits"),
        Bad(fact: "age", written: "-3", json: "-3", message: "-3 is below the lowest value, 0"),
        Bad(fact: "age", written: "26", json: "26", message: "26 is above the highest value, 25"),
        Bad(fact: "episodes", written: "2.5", json: "2.5", message: "2.5 is not a whole number of 0 or more"),
        Bad(
            fact: "received", written: "2019-02-29 10:00", json: #""2019-02-29T10:00""#,
            message: "`2019-02-29 10:00` is not a date-time: 2019 has no 29 February"),
        Bad(
            fact: "received", written: "2019-04-12 24:00", json: #""2019-04-12 24:00""#,
            message: "`2019-04-12 24:00` is not a date-time: there is no hour 24 (hours go from 00 to 23)"),
        Bad(
            fact: "received", written: "2019-04-12T16:60", json: #""2019-04-12T16:60""#,
            message: "`2019-04-12 16:60` is not a date-time: there is no minute 60 (minutes go from 00 to 59)"),
        Bad(
            fact: "received", written: "2019-04-12", json: #""2019-04-12""#,
            message: "expected a date-time, found the date 2019-04-12"),
        Bad(
            fact: "born", written: "2019-02-29", json: #""2019-02-29""#,
            message: "`2019-02-29` is not a date: 2019 has no 29 February"),
        Bad(
            fact: "born", written: "2019-13-01", json: #""2019-13-01""#,
            message: "`2019-13-01` is not a date: there is no month 13 (months go from 01 to 12)"),
        Bad(
            fact: "born", written: "2019-04-31", json: #""2019-04-31""#,
            message: "`2019-04-31` is not a date: 2019 has no 31 April"),
        Bad(
            fact: "born", written: "2019-04-00", json: #""2019-04-00""#,
            message: "`2019-04-00` is not a date: there is no day 0"),
        Bad(
            fact: "referrer", written: "nurse", json: #""nurse""#,
            message: "`nurse` is not one of the values (police, health, school)"),
        Bad(fact: "view", written: "purple", json: #""purple""#, message: "`purple` is not a level"),
    ]

    func ruleSet() throws -> RuleSet { try XCTUnwrap(BatchFixture.ruleSet()) }

    func testSetAndTheREPLSayIt() throws {
        let rs = try ruleSet()
        for bad in Self.table {
            switch FactAssignment.parse("\(bad.fact)=\(bad.written)", ruleSet: rs) {
            case .success: XCTFail("\(bad.written) was taken")
            case .failure(let f): XCTAssertEqual(f.message, bad.message, bad.written)
            }
            let session = ReplSession(files: MemoryReplFileSystem(["r.rules": BatchFixture.rules]))
            _ = session.handle("load r.rules")
            let reply = session.handle("\(bad.fact) = \(bad.written)").text
            XCTAssertTrue(reply.contains(bad.message), "REPL, \(bad.written): \(reply)")
        }
    }

    func testAScenarioFileSaysIt() throws {
        let rs = try ruleSet()
        for bad in Self.table {
            let (_, diagnostics) = InMemory.scenarios(
                "scenario s\n  given \(bad.fact) = \(bad.written)\nend\n", against: rs)
            // A value the lexer cannot read is said as it is; one that reads but does not fit names its fact.
            let message = try XCTUnwrap(diagnostics.first?.message, bad.written)
            XCTAssertTrue(
                message == bad.message || message == "`\(bad.fact)`: \(bad.message)", "\(bad.written): \(message)")
            XCTAssertEqual(diagnostics.first?.span?.start.line, 2, bad.written)
        }
    }

    func testAJSONFileSaysIt() throws {
        let rs = try ruleSet()
        for bad in Self.table {
            let text = #"{"id":"s","facts":{"\#(bad.fact)":\#(bad.json)}}"#
            let out = ScenarioInput.load(["cases.json"], against: rs, reader: MemoryReader(["cases.json": text]))
            XCTAssertEqual(out.diagnostics.map(\.message), ["fact \"\(bad.fact)\": \(bad.message)"], bad.json)
            // The decoder alone (`serve` reads request bodies through it).
            let json = try JSONReader.parse(text)
            guard case .failure(let f) = JSONScenarioDecoder(ruleSet: rs).decode(json) else {
                XCTFail(bad.json)
                continue
            }
            XCTAssertEqual(f.message, "fact \"\(bad.fact)\": \(bad.message)", bad.json)
        }
    }

    func testABatchLineSaysItOnEveryPath() throws {
        let rs = try ruleSet()
        for bad in Self.table {
            // Wrapped and bare lines (the fast path tries both first), on one thread and on two.
            for line in [#"{"id":"s","facts":{"\#(bad.fact)":\#(bad.json)}}"#, #"{"\#(bad.fact)":\#(bad.json)}"#] {
                for jobs in [1, 2] {
                    let r = BatchFixture.run(line + "\n", rs, .init(jobs: jobs))
                    XCTAssertEqual(r.failures.map(\.message), ["fact \"\(bad.fact)\": \(bad.message)"], line)
                }
            }
        }
    }

    func testServeSaysIt() throws {
        // `POST /v1/score` through `APIService` (no sockets), wrapped and bare: 422, code bad_value, the fact
        // named in `field`, and the same message as the JSON file.
        let folder = try TemporaryFolder(files: ["r.rules": BatchFixture.rules])
        defer { folder.remove() }
        let service = APIService(
            ruleSets: ServiceRuleSets(paths: [folder.url.appendingPathComponent("r.rules").path], caseFolders: []))
        let worker = ServiceWorker()
        for bad in Self.table {
            for body in [#"{"id":"s","facts":{"\#(bad.fact)":\#(bad.json)}}"#, #"{"\#(bad.fact)":\#(bad.json)}"#] {
                let request = HTTPRequest(
                    method: "POST", path: "/v1/score", headers: [("host", "x"), ("content-type", "application/json")],
                    body: Array(body.utf8))
                let response = service.handle(request, worker: worker)
                XCTAssertEqual(response.status, 422, body)
                guard case .bytes(let bytes) = response.body else {
                    XCTFail("streamed: \(body)")
                    continue
                }
                let error = try XCTUnwrap(try JSONReader.parse(bytes: bytes)["error"], body)
                XCTAssertEqual(error["code"]?.stringValue, "bad_value", body)
                XCTAssertEqual(error["field"]?.stringValue, "facts.\(bad.fact)", body)
                XCTAssertEqual(error["message"]?.stringValue, "fact \"\(bad.fact)\": \(bad.message)", body)
            }
        }
    }

    func testValuesAtTheEdgesStillRead() throws {
        let rs = try ruleSet()
        for (fact, written) in [
            ("age", "0"), ("age", "25"), ("age", "0.000001"), ("age", "-0"), ("received", "2020-02-29T23:59"),
        ] {
            if case .failure(let f) = FactAssignment.parse("\(fact)=\(written)", ruleSet: rs) {
                XCTFail("\(written): \(f.message)")
            }
        }
        XCTAssertNil(ValueProblems.date("2020-02-29"))
        XCTAssertNil(ValueProblems.dateTime("2019-04-12T23:59"))
        XCTAssertEqual(ValueProblems.number("1.2.3"), "`1.2.3` is not a number")
        XCTAssertEqual(
            ValueProblems.number("0e999999999999999999"),
            "`0e999999999999999999` has an exponent: write the number out in digits")
        XCTAssertEqual(
            ValueProblems.number("9999999999999.5"),
            "`9999999999999.5` is too large: a number has at most 12 digits before the point")
    }
}
