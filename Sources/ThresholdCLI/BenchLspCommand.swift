import Foundation
import ThresholdKit

/// `threshold bench-lsp RULES` (hidden, for bench/lsp-bench.sh): the language service's latency in process,
/// through the library's `LSPServer` (the protocol's JSON included, no pipes): diagnostics after an edit,
/// completion and hover. Prints one JSON object of p50/p95/max milliseconds.
enum BenchLspCommand {
    static let command = Command(
        name: "bench-lsp", synopsis: "RULES", summary: "the language service's latency in process", hidden: true,
        about: """
            Opens RULES in an in-process LSPServer, then N times (default 200) each: edits a rule's `because` text
            (an incremental change) and times until the diagnostics are published; asks for completion after the
            `when` of a rule; asks for hover on a fact name. Prints {"lines", "diagnostics_ms", "completion_ms",
            "hover_ms"}, each {"p50", "p95", "max"}.
            """,
        options: [.value("runs", "N")], run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        guard let path = a.positional.first, let runs = Int(a.value("runs") ?? "200"), runs > 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else {
            Console.err("\(command.help)\n")
            return .couldNotRun
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let uri = URL(fileURLWithPath: absolute).absoluteString
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Where to edit, complete and hover: the first `because "`, the first `  when `, the first fact's name.
        guard let because = lines.firstIndex(where: { $0.hasPrefix("  because \"") }),
            let when = lines.firstIndex(where: { $0.hasPrefix("  when ") }),
            let fact = lines.firstIndex(where: { $0.hasPrefix("fact ") })
        else {
            Console.err("threshold bench-lsp: RULES needs a fact and a rule written `  when …` / `  because \"…\"`\n")
            return .couldNotRun
        }
        let server = LSPServer()
        var id = 0
        func send(_ json: String) -> [UInt8] {
            let body = Array(json.utf8)
            return server.receive(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        }
        func request(_ method: String, _ params: String) -> [UInt8] {
            id += 1
            return send(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#)
        }
        _ = request("initialize", "{}")
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
        let opened = send(
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"threshold","version":1,"text":"\#(escaped)"}}}"#
        )
        guard String(decoding: opened, as: UTF8.self).contains("publishDiagnostics") else {
            Console.err("threshold bench-lsp: no diagnostics were published on opening\n")
            return .couldNotRun
        }
        var diagnostics: [Double] = []
        var completion: [Double] = []
        var hover: [Double] = []
        let doc = #"{"uri":"\#(uri)"}"#
        for i in 0..<runs {
            // Insert, then delete, one letter inside the `because` text: each edit changes the file.
            let insert = i % 2 == 0
            let range =
                #"{"start":{"line":\#(because),"character":11},"end":{"line":\#(because),"character":\#(insert ? 11 : 12)}}"#
            var t = now()
            let out = send(
                #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":\#(i + 2)},"contentChanges":[{"range":\#(range),"text":"\#(insert ? "x" : "")"}]}}"#
            )
            diagnostics.append(now() - t)
            guard String(decoding: out, as: UTF8.self).contains("publishDiagnostics") else {
                Console.err("threshold bench-lsp: an edit published no diagnostics\n")
                return .couldNotRun
            }
            t = now()
            _ = request(
                "textDocument/completion", #"{"textDocument":\#(doc),"position":{"line":\#(when),"character":7}}"#)
            completion.append(now() - t)
            t = now()
            _ = request("textDocument/hover", #"{"textDocument":\#(doc),"position":{"line":\#(fact),"character":6}}"#)
            hover.append(now() - t)
        }
        func stats(_ xs: [Double]) -> String {
            let s = xs.sorted()
            func at(_ q: Double) -> String {
                String(format: "%.3f", s[min(s.count - 1, Int((Double(s.count) * q).rounded(.up)) - 1)] * 1000)
            }
            return #"{"p50":\#(at(0.5)),"p95":\#(at(0.95)),"max":\#(at(1.0))}"#
        }
        Console.out(
            #"{"lines":\#(lines.count),"runs":\#(runs),"diagnostics_ms":\#(stats(diagnostics)),"completion_ms":\#(stats(completion)),"hover_ms":\#(stats(hover))}"#
                + "\n")
        return .success
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
