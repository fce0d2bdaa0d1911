import Foundation
import ThresholdKit

#if canImport(Glibc)
    import Glibc
#endif

/// The scoring workers: a fixed number of threads, each with its own `ServiceWorker` (an `Evaluator` is
/// not thread-safe), taking requests from a bounded queue and handing their answers back to the I/O
/// thread (`takeCompletions`), waking it through a pipe. A streamed answer (`/v1/batch`) is produced on a
/// worker and handed back in pieces of 64 KiB or so; it pauses while its reader has more than `streamBuffer`
/// bytes waiting (backpressure), and stops if its connection closes meanwhile.
///
/// Two lanes, each with its own threads and queue: long work on one (streamed answers and the rules editor's
/// calls, `ServiceConnection.isLongWork`), everything else on the other. A batch whose reader does not read
/// pauses its thread, and an editor's check takes a good part of a second; on a lane of their own, neither holds
/// a thread that `/v1/score` is waiting for.
final class WorkerPool: @unchecked Sendable {
    /// A request's link to its connection, shared by the worker and the I/O thread: closed when the
    /// connection closes (the worker stops), and, for a streamed answer, how many of its bytes wait to be
    /// written, so that the worker pauses while a slow reader has more than `--stream-buffer` waiting.
    final class Flow: @unchecked Sendable {
        private let condition = NSCondition()
        private var closed = false
        /// Bytes the worker handed over, bytes the I/O thread took from the completions, and bytes of answers
        /// the connection has not yet written: what waits is `handed - taken + buffered`.
        private var handed = 0
        private var taken = 0
        private var buffered = 0
        /// Bytes of a plain answer the worker wrote itself.
        private var directWritten = 0

        /// The I/O thread: the connection closed.
        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }

        var isClosed: Bool {
            condition.lock()
            defer { condition.unlock() }
            return closed
        }

        /// The I/O thread: it took `took` more bytes of chunks, and the connection now holds `buffered` unwritten.
        func update(took: Int = 0, buffered: Int) {
            condition.lock()
            taken += took
            self.buffered = buffered
            condition.signal()
            condition.unlock()
        }

        /// The worker: writes `bytes` to `fd` itself, as much as the socket takes now, unless the connection has
        /// closed (nil then). `announce` runs first, under the same lock, so that the I/O thread, taking the
        /// answer, waits for the write and reads `written` (and a closing connection's descriptor is never
        /// written to: `close` waits for the lock too).
        func write(_ bytes: [UInt8], to fd: Int32, announce: () -> Void) -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard !closed else { return nil }
            announce()
            var n = 0
            while n < bytes.count {
                let r = bytes.withUnsafeBytes { raw in
                    Glibc.send(fd, raw.baseAddress.map { $0 + n }, bytes.count - n, Int32(MSG_NOSIGNAL))
                }
                if r > 0 {
                    n += r
                } else if r < 0 && errno == EINTR {
                    continue
                } else {
                    break  // full (EAGAIN), or failed: the I/O thread writes the rest, or finds the failure
                }
            }
            directWritten = n
            return n
        }

        /// The I/O thread: what the worker's `write` wrote.
        var written: Int {
            condition.lock()
            defer { condition.unlock() }
            return directWritten
        }

        /// The worker, before handing over `count` bytes: waits while more than `limit` bytes wait to be
        /// written (a slow reader), then counts them; false once the connection has closed.
        func handOver(_ count: Int, limit: Int) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while !closed && handed - taken + buffered > limit { _ = condition.wait(until: Date() + 0.25) }
            handed += count
            return !closed
        }
    }

    struct Job: @unchecked Sendable {
        var fd: Int32
        var serial: UInt64
        var request: HTTPRequest
        var flow: Flow
        /// The worker may write a plain answer to the socket itself (nothing else waits to be written to it).
        var direct: Bool
    }

    /// An answer (not `Sendable`: its stream is a closure), handed from one thread to another once.
    final class ResponseBox: @unchecked Sendable {
        let response: HTTPResponse
        init(_ response: HTTPResponse) { self.response = response }
    }

    struct Completion: @unchecked Sendable {
        enum Event {
            case response(ResponseBox)
            /// A plain answer the worker wrote itself, `encoded` (see `Flow.write`), at time `at`.
            case written(ResponseBox, encoded: [UInt8], at: Double)
            case chunk([UInt8])
            case end
        }
        var fd: Int32
        var serial: UInt64
        var event: Event
    }

    let workers: Int
    let maxQueue: Int
    /// Bytes of a streamed answer that may wait for a slow reader before its worker pauses.
    let streamBuffer: Int
    let service: APIService
    let wakeRead: Int32
    private let wakeWrite: Int32
    /// The lanes: requests answered whole, and streamed answers.
    private let plain: Lane
    private let streamed: Lane
    private let doneLock = NSLock()
    private var done: [Completion] = []
    private var woken = false

    init(workers: Int, maxQueue: Int, streamBuffer: Int, service: APIService) {
        self.workers = workers
        self.maxQueue = maxQueue
        self.streamBuffer = streamBuffer
        self.service = service
        plain = Lane(maxQueue: maxQueue)
        streamed = Lane(maxQueue: maxQueue)
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        setNonBlocking(wakeRead)
        setNonBlocking(wakeWrite)
    }

    /// Starts `workers` threads on each lane.
    func start() {
        for lane in [plain, streamed] {
            for _ in 0..<workers {
                let thread = Thread { [self] in work(lane) }
                thread.stackSize = 16 << 20  // the rules editor compiles and lints text from anyone: room to recurse
                thread.start()
            }
        }
    }

    /// Requests waiting for a worker.
    var queued: Int { plain.queued + streamed.queued }

    /// Queues a request on its lane; false when that lane's queue is full.
    func submit(_ job: Job) -> Bool {
        (ServiceConnection.isLongWork(job.request) ? streamed : plain).submit(job)
    }

    func takeCompletions() -> [Completion] {
        doneLock.lock()
        defer { doneLock.unlock() }
        let out = done
        done = []
        woken = false
        return out
    }

    /// Hands an answer back; `wake`: through the pipe, if the I/O thread has not been woken since it last took
    /// them (an answer the worker wrote whole needs no wake: the loop takes it before its next events).
    private func complete(_ c: Completion, wake: Bool = true) {
        doneLock.lock()
        done.append(c)
        let wake = wake && !woken
        if wake { woken = true }
        doneLock.unlock()
        if wake { self.wake() }
    }

    private func wake() {
        var b: UInt8 = 1
        _ = write(wakeWrite, &b, 1)
    }

    /// Whether answers wait to be taken.
    var hasCompletions: Bool {
        doneLock.lock()
        defer { doneLock.unlock() }
        return !done.isEmpty
    }

    private func work(_ lane: Lane) {
        let worker = ServiceWorker()
        struct Closed: Error {}
        while true {
            let job = lane.next()
            if job.flow.isClosed { continue }
            let response = service.handle(job.request, worker: worker)
            if job.direct, let bytes = ServiceConnection.encoded(response, for: job.request) {
                // Written here, with no hand-off to the I/O thread for the common case; the state is given
                // back lazily (the loop takes it before it reads this connection's next request).
                let done = Completion(
                    fd: job.fd, serial: job.serial,
                    event: .written(ResponseBox(response), encoded: bytes, at: monotonicSeconds()))
                let written = job.flow.write(bytes, to: job.fd) { complete(done, wake: false) }
                if written.map({ $0 < bytes.count }) ?? false { wake() }  // the rest is the I/O thread's
                continue
            }
            complete(Completion(fd: job.fd, serial: job.serial, event: .response(ResponseBox(response))))
            guard case .stream(let produce) = response.body, job.request.method != "HEAD" else { continue }
            var piece: [UInt8] = []
            do {
                try produce { bytes in
                    piece += bytes
                    if piece.count >= 1 << 16 {
                        guard job.flow.handOver(piece.count, limit: streamBuffer) else { throw Closed() }
                        complete(Completion(fd: job.fd, serial: job.serial, event: .chunk(piece)))
                        piece = []
                    }
                }
            } catch {}
            if !piece.isEmpty { complete(Completion(fd: job.fd, serial: job.serial, event: .chunk(piece))) }
            complete(Completion(fd: job.fd, serial: job.serial, event: .end))
        }
    }

    /// One lane's bounded queue of requests.
    final class Lane: @unchecked Sendable {
        private let condition = NSCondition()
        /// The jobs from `head` on wait; a job taken is cleared from its place at once, so that its request (a
        /// body of up to `--max-body` bytes) is freed when it is answered, not when the queue next moves.
        private var jobs: [Job?] = []
        private var head = 0
        private let maxQueue: Int

        init(maxQueue: Int) { self.maxQueue = maxQueue }

        /// Requests waiting for a worker.
        var queued: Int {
            condition.lock()
            defer { condition.unlock() }
            return jobs.count - head
        }

        /// Queues a request; false when the queue is full.
        func submit(_ job: Job) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard jobs.count - head < maxQueue else { return false }
            jobs.append(job)
            condition.signal()
            return true
        }

        /// The next request, waiting for one.
        func next() -> Job {
            condition.lock()
            defer { condition.unlock() }
            while true {
                while jobs.count == head { condition.wait() }
                let job = jobs[head].take()  // never nil: the places from `head` on are not yet taken
                head += 1
                if head == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    head = 0
                } else if head >= 1024 && head * 2 >= jobs.count {
                    jobs.removeFirst(head)
                    head = 0
                }
                if let job { return job }
            }
        }
    }
}
