// `threshold lsp`'s protocol, with no pipes: an initialized `LSPServer` with the fuzz rule set open as a
// document, then the input. An input starting with `Content-Length` is fed as raw bytes, in two chunks split
// where its last byte says; any other input is a list of message bodies, one per line, each framed. A finding
// is a crash, a sanitizer report, a hang, or a broken invariant:
// - everything the server writes is whole `Content-Length` frames, each a JSON object with "jsonrpc": "2.0";
// - every response answers a request that was sent (or has id null, for a message that could not be read);
// - after message bodies (unless they said `exit`), `shutdown` is answered (after raw bytes it may not be: a
//   frame left unfinished takes the bytes that follow it).
@testable import ThresholdKit

let prelude: [UInt8] = {
    func frame(_ v: JSONValue) -> [UInt8] { MessageFramer.frame(LSPJSON.bytes(v)) }
    let open = JSONValue.object([
        ("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
        (
            "params",
            .object([
                (
                    "textDocument",
                    .object([
                        ("uri", .string("file:///fuzz/main.rules")), ("languageId", .string("threshold")),
                        ("version", .int(1)), ("text", .string(fuzzRules)),
                    ])
                )
            ])
        ),
    ])
    let initialize = JSONValue.object([
        ("jsonrpc", .string("2.0")), ("id", .int(0)), ("method", .string("initialize")), ("params", .object([])),
    ])
    return frame(initialize) + frame(open)
}()

/// The frames in `bytes`, each parsed; a finding when they are not whole frames of JSON objects.
func replies(_ bytes: [UInt8]) -> [JSONValue] {
    var framer = MessageFramer()
    framer.append(bytes)
    var out: [JSONValue] = []
    while true {
        switch framer.next() {
        case .message(let body):
            guard let v = try? JSONReader.parse(bytes: body), case .object = v else {
                finding("a reply that is not a JSON object: \(String(decoding: body.prefix(200), as: UTF8.self))")
            }
            if v["jsonrpc"] != .string("2.0") { finding("a reply without jsonrpc 2.0") }
            out.append(v)
        case .incomplete:
            if framer.pending != 0 { finding("\(framer.pending) bytes written that are not a whole frame") }
            return out
        case .badHeader(let why): finding("the server wrote a bad header: \(why)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let server = LSPServer()
    _ = replies(server.receive(prelude))
    var sentIDs = Set<String>()
    var chunks: [[UInt8]] = []
    if input.starts(with: Array("Content-Length".utf8)) {
        let split = Int(input.last ?? 0) % (input.count + 1)
        chunks = [Array(input[..<split]), Array(input[split...])]
        // Any id anywhere may be a request's: responses are only checked against framed bodies below.
        sentIDs.insert("*")
    } else {
        for line in input.split(separator: UInt8(ascii: "\n")) {
            if let v = try? JSONReader.parse(bytes: Array(line)), let id = v["id"] { sentIDs.insert(id.description) }
            chunks.append(MessageFramer.frame(Array(line)))
        }
    }
    for chunk in chunks {
        for r in replies(server.receive(chunk)) {
            guard let id = r["id"] else { continue }
            if id != .null, !sentIDs.contains("*"), !sentIDs.contains(id.description), id != .int(0) {
                finding("a response to id \(id), which was never sent")
            }
        }
        if server.exitCode != nil { return 0 }
    }
    if sentIDs.contains("*") { return 0 }
    let shutdown = JSONValue.object([
        ("jsonrpc", .string("2.0")), ("id", .string("fuzz-end")), ("method", .string("shutdown")),
    ])
    let last = replies(server.receive(MessageFramer.frame(LSPJSON.bytes(shutdown))))
    guard let answer = last.first(where: { $0["id"] == .string("fuzz-end") }) else {
        finding("shutdown was not answered")
    }
    // After an earlier `shutdown` in the input, a second one is an error; otherwise its result is null.
    if answer["result"] != .null, answer["error"]?["code"] != .int(-32600) { finding("shutdown answered \(answer)") }
    return 0
}
