import Foundation
import ThresholdKit

#if canImport(Glibc)
    import Glibc
#endif

/// The scoring workers: a fixed number of threads, each with its own `ServiceWorker` (an `Evaluator` is
/// not thread-safe), taking requests from a bounded queue and handing their answers back to the I/O
/// thread (`takeCompletions`), waking it through a pipe. A streamed answer (`/v1/batch`) is produced on the
/// worker and handed back in pieces of up to 64 KiB; it stops if its connection closes meanwhile.
final class WorkerPool: @unchecked Sendable {
    /// Set by the I/O thread when a connection closes.
    final class Cancel: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() {
            lock.lock()
            value = true
            lock.unlock()
        }
        var isSet: Bool {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
    }

    struct Job: @unchecked Sendable {
        var fd: Int32
        var serial: UInt64
        var request: HTTPRequest
        var cancel: Cancel
    }

    /// An answer (not `Sendable`: its stream is a closure), handed from one thread to another once.
    final class ResponseBox: @unchecked Sendable {
        let response: HTTPResponse
        init(_ response: HTTPResponse) { self.response = response }
    }

    struct Completion: @unchecked Sendable {
        enum Event {
            case response(ResponseBox)
            case chunk([UInt8])
            case end
        }
        var fd: Int32
        var serial: UInt64
        var event: Event
    }

    let workers: Int
    let maxQueue: Int
    let service: APIService
    let wakeRead: Int32
    private let wakeWrite: Int32
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var jobsHead = 0
    private let doneLock = NSLock()
    private var done: [Completion] = []
    private var woken = false

    init(workers: Int, maxQueue: Int, service: APIService) {
        self.workers = workers
        self.maxQueue = maxQueue
        self.service = service
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        setNonBlocking(wakeRead)
        setNonBlocking(wakeWrite)
    }

    func start() {
        for _ in 0..<workers {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }

    /// Requests waiting for a worker.
    var queued: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - jobsHead
    }

    /// Queues a request; false when the queue is full.
    func submit(_ job: Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard jobs.count - jobsHead < maxQueue else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    func takeCompletions() -> [Completion] {
        doneLock.lock()
        defer { doneLock.unlock() }
        let out = done
        done = []
        woken = false
        return out
    }

    private func complete(_ c: Completion) {
        doneLock.lock()
        done.append(c)
        let wake = !woken
        woken = true
        doneLock.unlock()
        if wake {
            var b: UInt8 = 1
            _ = write(wakeWrite, &b, 1)
        }
    }

    private func next() -> Job {
        condition.lock()
        defer { condition.unlock() }
        while jobs.count == jobsHead { condition.wait() }
        let job = jobs[jobsHead]
        jobsHead += 1
        if jobsHead >= 1024 && jobsHead * 2 >= jobs.count {
            jobs.removeFirst(jobsHead)
            jobsHead = 0
        }
        return job
    }

    private func work() {
        let worker = ServiceWorker()
        struct Closed: Error {}
        while true {
            let job = next()
            if job.cancel.isSet { continue }
            let response = service.handle(job.request, worker: worker)
            complete(Completion(fd: job.fd, serial: job.serial, event: .response(ResponseBox(response))))
            guard case .stream(let produce) = response.body, job.request.method != "HEAD" else { continue }
            var piece: [UInt8] = []
            do {
                try produce { bytes in
                    piece += bytes
                    if piece.count >= 1 << 16 {
                        if job.cancel.isSet { throw Closed() }
                        complete(Completion(fd: job.fd, serial: job.serial, event: .chunk(piece)))
                        piece = []
                    }
                }
            } catch {}
            if !piece.isEmpty { complete(Completion(fd: job.fd, serial: job.serial, event: .chunk(piece))) }
            complete(Completion(fd: job.fd, serial: job.serial, event: .end))
        }
    }
}
