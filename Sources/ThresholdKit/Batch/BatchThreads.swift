import Dispatch
import Foundation

/// A few threads kept for the length of one batch run, to score a block's slices side by side. With `run`,
/// slice 0 runs on the calling thread and slice j on thread j; with `launch`, slice j runs on thread j + 1
/// while the calling thread goes on (reading and writing), until `join`.
/// (`DispatchQueue.concurrentPerform` was measured running its iterations one after another on the target
/// Linux machine, so the batch does not rely on it.)
///
/// `@unchecked Sendable`: `work`, `launched` and `stopping` are written only by the thread that calls `run`,
/// `launch`, `join` and `stop`, before it signals the `go` semaphores, and read by the other threads only
/// after they wait on them; the caller reads results only after waiting on `done` for each. The semaphores
/// order every access (a signal happens before the wait it releases), so no two threads touch them at once.
/// `go` and `extra` are `let`s.
final class BatchThreads: @unchecked Sendable {
    private let extra: Int
    private let go: [DispatchSemaphore]
    private let done = DispatchSemaphore(value: 0)
    /// The work of the current `run`; set before the threads are woken, read by them after.
    private var work: ((Int) -> Void)?
    private var stopping = false
    /// How many threads the last `launch` started and `join` has not waited for.
    private var launched = 0

    /// `count` slices at most (count - 1 threads are started).
    init(count: Int) {
        extra = Swift.max(0, count - 1)
        go = (0..<extra).map { _ in DispatchSemaphore(value: 0) }
        for j in 0..<extra {
            let thread = Thread { [self] in self.loop(j) }
            thread.stackSize = 8 << 20  // as the main thread: explanations recurse through definitions
            thread.start()
        }
    }

    private func loop(_ j: Int) {
        while true {
            go[j].wait()
            if stopping {
                done.signal()
                return
            }
            work?(j)
            done.signal()
        }
    }

    /// Runs `body(j)` for `j` in `0..<n` (`n` at most the count given to `init`), `j = 0` here and the
    /// others on the threads, and returns when all are done.
    func run(_ n: Int, _ body: (Int) -> Void) {
        let others = Swift.min(n - 1, extra)
        withoutActuallyEscaping(body) { body in
            work = { body($0 + 1) }
            for j in 0..<Swift.max(0, others) { go[j].signal() }
            body(0)
            for _ in 0..<Swift.max(0, others) { done.wait() }
            work = nil
        }
    }

    /// Starts `body(j)` for `j` in `0..<n` on the threads (`n` at most the count given to `init` less one) and
    /// returns at once; `join` waits for them. One launch at a time.
    func launch(_ n: Int, _ body: @escaping (Int) -> Void) {
        launched = Swift.min(n, extra)
        work = body
        for j in 0..<launched { go[j].signal() }
    }

    /// Waits for what `launch` started.
    func join() {
        for _ in 0..<launched { done.wait() }
        launched = 0
        work = nil
    }

    /// Ends the threads (call once, when the run is over).
    func stop() {
        stopping = true
        for j in 0..<extra { go[j].signal() }
        for _ in 0..<extra { done.wait() }
    }
}
