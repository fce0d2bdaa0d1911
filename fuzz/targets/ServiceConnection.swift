// The connection state machine of `threshold serve` (`ServiceConnection`), with no socket: a stream of bytes
// (the fuzzer's own, or valid requests it picks, pipelined) read in random pieces, answers written in random
// partial writes, the client ending its side or the clock jumping to the next deadline, all as the input says.
// A finding is a crash, a sanitizer report, a hang, or a broken invariant:
// - the requests the connection gives, in order, are the first of those `HTTPRequestParser.parse` reads one
//   after another from the whole stream: however the bytes are split, no request is lost, added or changed;
// - what is written is HTTP/1.1 answers (it starts with `HTTP/1.1 `, or is cut short inside it by the write time);
// - a closed connection wants neither to read nor to write and has no deadline; an idle one has nothing to write;
// - the bytes held stay within the limits (head + body + one read, plus the answer being written).
import Foundation
@testable import ThresholdKit

let service: APIService = {
    let dir = NSTemporaryDirectory() + "threshold-fuzz-conn-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/fuzz.rules"
    guard (try? fuzzRules.write(toFile: path, atomically: true, encoding: .utf8)) != nil else {
        preconditionFailure("cannot write \(path)")
    }
    let sets = ServiceRuleSets(paths: [path], caseFolders: [])
    return APIService(ruleSets: sets)
}()
nonisolated(unsafe) let worker = ServiceWorker()
let hosts = HostPolicy(listenHost: "127.0.0.1", port: 8080, loopback: true)
let limits = ServiceConnection.Limits(
    http: HTTPLimits(headerBytes: 512, bodyBytes: 256, headerFields: 8), headerTimeout: 5, bodyTimeout: 5,
    idleTimeout: 30, writeTimeout: 5)

/// Valid requests, pipelined by the fuzzer's choice.
let valid: [[UInt8]] = [
    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /metrics HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
    "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{\"facts\":{\"age\":3}}     ",
    "POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nContent-Length: 26\r\n\r\n{\"facts\":{\"age\":3}}\n{}\n\n\n\n",
    "HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
    "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "\r\nGET /health HTTP/1.1\nHost: 127.0.0.1\n\n",
    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
].map { Array($0.utf8) }

/// Split sizes and choices from the input's first bytes (a small generator, so every input is one run).
struct Choices {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(max(1, bound)))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 3 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var choices = Choices(state: UInt64(bytes[1]) << 8 | UInt64(bytes[2]))
    let stream: [UInt8] =
        bytes[0] & 1 == 0 ? Array(bytes.dropFirst(3)) : bytes.dropFirst(3).prefix(12).flatMap { valid[Int($0) % valid.count] }
    // What the parser reads from the whole stream, one request after another.
    var expected: [HTTPRequest] = []
    var rest = stream[...]
    while case .request(let r, let consumed) = HTTPRequestParser.parse(Array(rest), limits: limits.http) {
        expected.append(r)
        rest = rest.dropFirst(consumed)
    }

    var c = ServiceConnection(service: service, hosts: hosts, limits: limits, now: 0)
    var now = 0.0
    var offset = 0
    var taken: [HTTPRequest] = []
    var written: [UInt8] = []
    var steps = 0
    while c.phase != .closed && steps < 20_000 {
        steps += 1
        let bound = limits.http.headerBytes + limits.http.bodyBytes + 64 + HTTPRequestParser.leadingEmptyLineBytes
        if c.bufferedBytes > bound + 1 << 16 { finding("\(c.bufferedBytes) bytes held") }
        if c.phase == .idle && c.wantsWrite { finding("idle with bytes to write") }
        if let request = c.takeRequest() {
            taken.append(request)
            let response = service.handle(request, worker: worker)
            // As a worker does: a plain answer written (in part, or whole) to the socket before the
            // connection hears of it.
            if c.unwrittenBytes == 0, choices.next(2) == 0, let encoded = ServiceConnection.encoded(response, for: request) {
                let k = choices.next(encoded.count + 1)
                written += encoded[0..<k]
                c.respond(response, encoded: encoded, written: k, now: now)
                continue
            }
            if c.respond(response, now: now), case .stream(let produce) = response.body {
                try? produce { c.streamed($0, now: now) }
                c.endStream(now: now)
            }
            continue
        }
        let pick = choices.next(8)
        if c.wantsWrite && pick < 5 {
            let want = 1 + choices.next(700)
            let n = c.withPendingOutput { raw -> Int in
                let n = min(want, raw.count)
                written += raw[0..<n]
                return n
            }
            c.wrote(n, now: now)
            // The client takes some of what was written (what gives back write time).
            if choices.next(2) == 0 { c.delivered(choices.next(n + 1), now: now) }
            continue
        }
        if c.wantsRead && offset < stream.count {
            let n = min(stream.count - offset, 1 + choices.next(pick == 7 ? 200 : 16))
            c.received(Array(stream[offset..<(offset + n)]), now: now)
            offset += n
            now += Double(choices.next(3)) * 0.01
            continue
        }
        if c.wantsRead && pick == 6 {
            c.receivedEnd(now: now)
            continue
        }
        if let d = c.deadline {
            now = max(now, d)
            c.expire(now: now)
            continue
        }
        if c.wantsWrite { continue }
        break
    }
    if c.phase == .closed && (c.wantsRead || c.wantsWrite || c.deadline != nil) {
        finding("closed, yet wants to read \(c.wantsRead), write \(c.wantsWrite), deadline \(String(describing: c.deadline))")
    }
    if taken.count > expected.count || taken != Array(expected.prefix(taken.count)) {
        finding("requests given \(taken.map { $0.method + " " + $0.path }) are not the first of \(expected.map { $0.method + " " + $0.path })")
    }
    // (An answer cut short by the write time can stop inside its status line.)
    let status = Array("HTTP/1.1 ".utf8)
    if !written.starts(with: status) && !status.starts(with: written) {
        finding("wrote \(String(decoding: written.prefix(40), as: UTF8.self))")
    }
    return 0
}
