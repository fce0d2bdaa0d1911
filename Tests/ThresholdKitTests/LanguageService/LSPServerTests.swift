import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

final class LSPServerTests: XCTestCase {
    typealias F = LSPFixture

    func frame(_ json: String) -> [UInt8] { MessageFramer.frame(Array(json.utf8)) }

    /// The messages in a server's output, parsed.
    func messages(_ bytes: [UInt8]) -> [JSONValue] {
        var f = MessageFramer()
        f.append(bytes)
        var out: [JSONValue] = []
        while case .message(let b) = f.next() {
            guard let v = try? JSONReader.parse(bytes: b) else {
                XCTFail("not JSON: \(String(decoding: b, as: UTF8.self))")
                continue
            }
            out.append(v)
        }
        XCTAssertEqual(f.pending, 0)
        return out
    }

    func request(_ id: Int, _ method: String, _ params: JSONValue) -> [UInt8] {
        LSPJSON.bytes(
            .object([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)]))
    }

    func notification(_ method: String, _ params: JSONValue) -> [UInt8] {
        LSPJSON.bytes(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
    }

    func open(_ path: String, _ text: String) -> [UInt8] {
        notification(
            "textDocument/didOpen",
            .object([
                (
                    "textDocument",
                    .object([
                        ("uri", .string(DocumentURI.uri(path))), ("languageId", .string("threshold")),
                        ("version", .int(1)), ("text", .string(text)),
                    ])
                )
            ]))
    }

    func at(_ path: String, _ p: LSPPosition) -> JSONValue {
        .object([
            ("textDocument", .object([("uri", .string(DocumentURI.uri(path)))])), ("position", LSPJSON.position(p)),
        ])
    }

    func testFramingSurvivesAnySplitOfTheBytes() {
        let bytes =
            MessageFramer.frame(request(1, "initialize", .object([])))
            + MessageFramer.frame(request(2, "shutdown", .null))
        for split in [1, 7, 30, bytes.count - 1] {
            let server = LSPServer()
            var out = server.receive(Array(bytes[0..<split]))
            out += server.receive(Array(bytes[split...]))
            let replies = messages(out)
            XCTAssertEqual(replies.map { $0["id"] }, [.int(1), .int(2)], "split at \(split)")
        }
    }

    func testRequestsBeforeInitializeAndAfterShutdownAndBadInput() {
        let server = LSPServer()
        var replies = messages(
            server.receive(
                MessageFramer.frame(request(1, "textDocument/hover", at(F.main, LSPPosition(line: 0, character: 0))))))
        XCTAssertEqual(replies.first?["error"]?["code"], .int(-32002))
        replies = messages(
            server.receive(frame("{not json") + frame("[1,2]") + frame(#"{"jsonrpc":"2.0","id":{},"method":"x"}"#)))
        XCTAssertEqual(replies.map { $0["error"]?["code"] }, [.int(-32700), .int(-32600), .int(-32600)])
        replies = messages(server.receive(Array("Content-Length: x\r\n\r\n".utf8)))
        XCTAssertEqual(replies.first?["error"]?["code"], .int(-32700))
        _ = server.receive(MessageFramer.frame(request(2, "initialize", .object([]))))
        replies = messages(server.receive(MessageFramer.frame(request(3, "no/such", .null))))
        XCTAssertEqual(replies.first?["error"]?["code"], .int(-32601))
        replies = messages(server.receive(MessageFramer.frame(request(4, "textDocument/hover", .object([])))))
        XCTAssertEqual(replies.first?["error"]?["code"], .int(-32602))
        replies = messages(server.receive(MessageFramer.frame(request(5, "shutdown", .null))))
        XCTAssertEqual(replies.first?["result"], .null)
        replies = messages(server.receive(MessageFramer.frame(request(6, "textDocument/hover", .null))))
        XCTAssertEqual(replies.first?["error"]?["code"], .int(-32600))
        XCTAssertNil(server.exitCode)
        _ = server.receive(MessageFramer.frame(notification("exit", .null)))
        XCTAssertEqual(server.exitCode, 0)
        let early = LSPServer()
        _ = early.receive(MessageFramer.frame(notification("exit", .null)))
        XCTAssertEqual(early.exitCode, 1)
    }

    /// Found by a review: after one bad frame (no header, a length that is not a number, negative or over the
    /// limit, a length shorter than its body) every later message was refused as an unreadable header, and
    /// `shutdown` was never answered. The framer now drops what is not a message and reads on from the next
    /// `Content-Length`. Split at every byte, too.
    func testOneBadFrameDoesNotSpoilTheFramesAfterIt() {
        let body = #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#
        let bad: [(String, String)] = [
            ("no header", body),
            ("not a number", "Content-Length: abc\r\n\r\n" + body),
            ("negative", "Content-Length: -1\r\n\r\n" + body),
            ("over the limit", "Content-Length: 99999999999\r\n\r\n" + body),
            ("too short", "Content-Length: 10\r\n\r\n" + body),
            ("lower case", "content-length: \(body.utf8.count)\r\n\r\n" + body),
        ]
        for (what, junk) in bad {
            let bytes =
                MessageFramer.frame(request(1, "initialize", .object([]))) + Array(junk.utf8)
                + MessageFramer.frame(request(2, "no/such", .null)) + MessageFramer.frame(request(3, "shutdown", .null))
            for split in what == "no header" ? Array(1..<bytes.count) : [bytes.count] {
                let server = LSPServer()
                let out = server.receive(Array(bytes[0..<split])) + server.receive(Array(bytes[split...]))
                let ids = messages(out).compactMap { $0["id"] }.filter { $0 != .null }
                XCTAssertEqual(ids, [.int(1), .int(2), .int(3)], "\(what), split at \(split)")
            }
        }
        // The messages that say why: the length is named as it was wrong.
        let server = LSPServer()
        let said = messages(server.receive(Array("Content-Length: -1\r\n\r\nContent-Length: 99999999999\r\n\r\n".utf8)))
            .compactMap { $0["error"]?["message"]?.stringValue }
        XCTAssertEqual(
            said,
            [
                "unreadable header: a Content-Length that is not a whole number of bytes",
                "unreadable header: a Content-Length over the limit",
            ])
    }

    /// A document opened before `initialize` is not read, and no diagnostics go out before the server has
    /// answered `initialize` (the protocol's rule; a review found them sent).
    func testNotificationsBeforeInitializeAreDropped() {
        let server = LSPServer()
        let early = messages(server.receive(MessageFramer.frame(open(F.main, "rule broken"))))
        XCTAssertEqual(early, [])
        let replies = messages(server.receive(MessageFramer.frame(request(1, "initialize", .object([])))))
        XCTAssertEqual(replies.map { $0["id"] }, [.int(1)])
    }

    func testACancelledRequestIsNotRun() {
        let server = LSPServer()
        _ = server.receive(MessageFramer.frame(request(1, "initialize", .object([]))))
        let bytes =
            MessageFramer.frame(request(2, "textDocument/hover", at(F.main, LSPPosition(line: 0, character: 0))))
            + MessageFramer.frame(notification("$/cancelRequest", .object([("id", .int(2))])))
        XCTAssertEqual(messages(server.receive(bytes)).first?["error"]?["code"], .int(-32800))
    }

    func testOpenEditHoverAndDiagnosticsThroughTheProtocol() throws {
        let server = LSPServer()
        _ = server.receive(MessageFramer.frame(request(1, "initialize", .object([]))))
        var out = messages(
            server.receive(
                MessageFramer.frame(open(F.facts, F.factsText)) + MessageFramer.frame(open(F.main, F.mainText))))
        // One publication per open document, both empty of errors.
        XCTAssertEqual(
            out.compactMap { $0["params"]?["uri"]?.stringValue }.sorted(),
            [DocumentURI.uri(F.facts), DocumentURI.uri(F.main)].sorted())
        // An incremental edit after the emoji: `age` → `agee`.
        let p = F.position(of: "age < 5", in: F.mainText, offset: 3)
        let change = notification(
            "textDocument/didChange",
            .object([
                ("textDocument", .object([("uri", .string(DocumentURI.uri(F.main))), ("version", .int(2))])),
                (
                    "contentChanges",
                    .array([.object([("range", LSPJSON.range(LSPRange(start: p, end: p))), ("text", .string("e"))])])
                ),
            ]))
        out = messages(server.receive(MessageFramer.frame(change)))
        // The main file's diagnostics, and the fragment's: its lint warnings go while the rule set has an error.
        XCTAssertEqual(
            out.compactMap { $0["params"]?["uri"]?.stringValue }.sorted(),
            [DocumentURI.uri(F.facts), DocumentURI.uri(F.main)].sorted())
        XCTAssertEqual(
            out.first { $0["params"]?["uri"]?.stringValue == DocumentURI.uri(F.facts) }?["params"]?["diagnostics"],
            .array([]))
        let published = out.first { $0["params"]?["uri"]?.stringValue == DocumentURI.uri(F.main) }
        let d = try XCTUnwrap(published?["params"]?["diagnostics"])
        guard case .array(let ds) = d else { return XCTFail("\(d)") }
        let undeclared = try XCTUnwrap(ds.first { $0["code"]?.stringValue == "undeclared-name" })
        XCTAssertEqual(LSPJSON.range(undeclared["range"])?.start, F.position(of: "age < 5", in: F.mainText))
        XCTAssertEqual(published?["params"]?["version"], .int(2))
        // Its quick fix.
        let actions = messages(
            server.receive(
                MessageFramer.frame(
                    request(
                        2, "textDocument/codeAction",
                        .object([
                            ("textDocument", .object([("uri", .string(DocumentURI.uri(F.main)))])),
                            ("range", undeclared["range"] ?? .null),
                            ("context", .object([("diagnostics", .array([undeclared]))])),
                        ])))))
        XCTAssertEqual(
            actions.first?["result"].flatMap {
                if case .array(let a) = $0 { return a.first?["title"] } else { return nil }
            }, .string("Change `agee` to `age`"))
        // Hover through the protocol.
        let hover = messages(
            server.receive(
                MessageFramer.frame(
                    request(
                        3, "textDocument/hover",
                        at(
                            F.main,
                            F.position(
                                of: "then red", in: F.mainText.replacingOccurrences(of: "age < 5", with: "agee < 5"),
                                offset: 5))))))
        XCTAssertEqual(
            hover.first?["result"]?["contents"]?["value"]?.stringValue,
            "**level** `red`: Red\n\n*Route:* MASH\n\n*Within:* 24 hours")
        // Closing clears the document's diagnostics.
        out = messages(
            server.receive(
                MessageFramer.frame(
                    notification(
                        "textDocument/didClose",
                        .object([("textDocument", .object([("uri", .string(DocumentURI.uri(F.main)))]))])))))
        XCTAssertTrue(
            out.contains {
                $0["params"]?["uri"]?.stringValue == DocumentURI.uri(F.main)
                    && $0["params"]?["diagnostics"] == .array([])
            })
    }

    /// An error in a file that the open rule set includes, and that the editor has not opened, is published on
    /// that file (as `check` reports it there); it is cleared when the file is put right on disk, and the file's
    /// own publication takes over when it is opened.
    func testAnErrorInAnIncludedFileThatIsNotOpenIsPublishedOnIt() throws {
        let cal = "holiday 2019-04-19 \"Good Friday\"\nrule late when agee > 3 then red end\n"
        let folder = try TemporaryFolder(files: ["cal.rules": cal])
        defer { folder.remove() }
        let main = folder.url.appendingPathComponent("main.rules").path
        let calPath = folder.url.appendingPathComponent("cal.rules").path
        let mainText = """
            ruleset "Included" version "1"
            include "cal.rules"
            fact age number 0 to 25 "How old?"
            levels
              blue "Blue"
              red "Red" within 24 hours
            end
            default blue
            rule young when age < 2 then red end

            """
        let server = LSPServer()
        _ = server.receive(MessageFramer.frame(request(1, "initialize", .object([]))))
        var out = messages(server.receive(MessageFramer.frame(open(main, mainText))))
        func diagnostics(_ path: String) -> [JSONValue]? {
            guard
                case .array(let ds)? = out.first(where: { $0["params"]?["uri"]?.stringValue == DocumentURI.uri(path) }
                )?[
                    "params"]?["diagnostics"]
            else { return nil }
            return ds
        }
        XCTAssertEqual(diagnostics(main), [])
        let onCal = try XCTUnwrap(diagnostics(calPath), "no publication for the included file")
        XCTAssertEqual(onCal.map { $0["code"]?.stringValue }, ["undeclared-name"])
        XCTAssertEqual(LSPJSON.range(onCal.first?["range"])?.start, LSPPosition(line: 1, character: 15))
        // Put right on disk: cleared.
        try folder.write("cal.rules", "holiday 2019-04-19 \"Good Friday\"\nrule late when age > 3 then red end\n")
        out = messages(
            server.receive(
                MessageFramer.frame(
                    notification(
                        "workspace/didChangeWatchedFiles",
                        .object([
                            (
                                "changes",
                                .array([.object([("uri", .string(DocumentURI.uri(calPath))), ("type", .int(2))])])
                            )
                        ])))))
        XCTAssertEqual(diagnostics(calPath), [])
        // Broken again in the editor, once opened: its own publication, with its version.
        out = messages(server.receive(MessageFramer.frame(open(calPath, cal))))
        XCTAssertEqual(diagnostics(calPath)?.map { $0["code"]?.stringValue }, ["undeclared-name"])
        XCTAssertEqual(
            out.first { $0["params"]?["uri"]?.stringValue == DocumentURI.uri(calPath) }?["params"]?["version"], .int(1))
    }

    func testFormattingUsesTheFormatter() {
        let server = LSPServer()
        _ = server.receive(MessageFramer.frame(request(1, "initialize", .object([]))))
        func formatting(_ id: Int) -> JSONValue? {
            let document = JSONValue.object([("uri", .string(DocumentURI.uri(F.facts)))])
            let bytes = MessageFramer.frame(
                request(id, "textDocument/formatting", .object([("textDocument", document)])))
            return messages(server.receive(bytes)).first
        }
        _ = server.receive(MessageFramer.frame(open(F.facts, "fact   danger yes/no \"Danger?\"\n")))
        guard case .array(let edits)? = formatting(2)?["result"] else { return XCTFail("no edits") }
        XCTAssertEqual(edits.first?["newText"]?.stringValue, "fact danger yes/no \"Danger?\"\n")
        // A file with a syntax error is not formatted, and the answer says why (it was an empty list).
        _ = server.receive(MessageFramer.frame(open(F.facts, "fact   danger yes/no \"Danger?\"\nrule (\n")))
        let refused = formatting(3)
        XCTAssertEqual(refused?["error"]?["code"], .int(-32803))
        XCTAssertTrue(
            refused?["error"]?["message"]?.stringValue?.hasPrefix(
                "not formatted: the file has 1 syntax error; the first, line ") ?? false,
            "\(String(describing: refused))")
    }
}
