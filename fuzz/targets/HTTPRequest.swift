// HTTP requests for `threshold serve`, with no socket: the bytes through `HTTPRequestParser`, then (a whole
// request) through the pure `APIService` with the fuzz rule set loaded, and its body once more as a
// `POST /v1/score`. A finding is a crash, a sanitizer report, a hang, or a broken invariant:
// - the parser's answer is a request that took 1...count bytes, `.incomplete`, or a failure with a 4xx/5xx status;
// - every prefix of the bytes a request took is `.incomplete` (a request is never read from fewer bytes), and
//   the bytes it took, with anything after them, give the same request;
// - every response has a status between 100 and 599 with a reason phrase; a JSON body (every error, every
//   score) is valid JSON; a streamed body (batch) streams without throwing.
import Foundation
@testable import ThresholdKit

/// The fuzz rule set, written once to a scratch file (`ServiceRuleSets` loads from paths).
let service: APIService = {
    let dir = NSTemporaryDirectory() + "threshold-fuzz-http-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/fuzz.rules"
    guard (try? fuzzRules.write(toFile: path, atomically: true, encoding: .utf8)) != nil else {
        preconditionFailure("cannot write \(path)")
    }
    let sets = ServiceRuleSets(paths: [path], caseFolders: [])
    guard sets.entry("fuzz")?.ruleSet != nil else { preconditionFailure("the fuzz rule set does not load in the service") }
    return APIService(ruleSets: sets)
}()
nonisolated(unsafe) let worker = ServiceWorker()

/// Checks one response's status, head and body.
func check(_ r: HTTPResponse, _ what: String) {
    guard (100...599).contains(r.status) else { finding("\(what): status \(r.status)") }
    if HTTPResponse.reason(r.status).isEmpty { finding("\(what): no reason phrase for \(r.status)") }
    _ = r.head(keepAlive: true)
    let type = r.headers.first { $0.name.lowercased() == "content-type" }?.value ?? ""
    switch r.body {
    case .bytes(let body):
        if type.hasPrefix("application/json") {
            do { _ = try JSONReader.parse(bytes: body) } catch {
                finding("\(what): a JSON body that is not JSON (\(r.status)): \(String(decoding: body.prefix(200), as: UTF8.self))")
            }
        }
    case .stream(let write):
        var streamed = 0
        do { try write { streamed += $0.count } } catch { finding("\(what): the stream threw \(error)") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let outcome = HTTPRequestParser.parse(bytes)
    switch outcome {
    case .incomplete:
        return 0
    case .failure(let f):
        guard (400...599).contains(f.status) else { finding("parser failure with status \(f.status)") }
        check(service.failure(f), "failure \(f.status)")
        return 0
    case .request(let request, let consumed):
        guard consumed >= 1, consumed <= size else { finding("consumed \(consumed) of \(size) bytes") }
        // Fewer bytes than the request took: always "read more". Cut at a few places (every place would be
        // quadratic): just short of the end, the middle, and a point that depends on the input.
        for cut in Set([consumed - 1, consumed / 2, Int(bytes[0]) % consumed]) where cut < consumed {
            let prefix = HTTPRequestParser.parse(Array(bytes[..<cut]))
            if prefix != .incomplete { finding("a prefix of \(cut) of the \(consumed) bytes a request took gives \(prefix)") }
        }
        // Exactly the bytes it took: the same request.
        if consumed < size, HTTPRequestParser.parse(Array(bytes[..<consumed])) != outcome {
            finding("the \(consumed) bytes a request took, alone, give another answer")
        }
        check(service.handle(request, worker: worker), "\(request.method) \(request.path)")
        // Its body as a score request, so that every body the fuzzer makes reaches the scenario decoder.
        if !request.body.isEmpty {
            let score = HTTPRequest(method: "POST", path: "/v1/score", headers: [("host", "fuzz"), ("content-type", "application/json")],
                                    body: request.body)
            check(service.handle(score, worker: worker), "POST /v1/score")
        }
        return 0
    }
}
