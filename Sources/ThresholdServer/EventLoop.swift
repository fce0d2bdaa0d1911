import CEpoll
import Foundation
import Glibc
import ThresholdKit

/// The write end of the pipe the signal handler writes to (a signal handler can reach only globals).
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// The server's I/O thread: accepts, reads and writes every connection with `epoll` and non-blocking
/// sockets; each connection's state is a `ServiceConnection`. Requests go to the `WorkerPool`, except
/// `/health` and `/metrics`, answered here; the workers' answers come back through `WorkerPool`'s
/// completions, with a pipe to wake the loop. Deadlines are looked at every 50 ms. SIGTERM and SIGINT arrive
/// through a pipe written by their handler (the self-pipe trick); SIGPIPE is ignored.
final class EventLoop {
    /// One open connection: its socket, its state, and a serial number, so that an answer for a connection
    /// closed meanwhile is not given to a later one that got the same descriptor.
    final class Slot {
        let fd: Int32
        let serial: UInt64
        var connection: ServiceConnection
        /// Counted against `--max-connections` (refused connections are not).
        let counted: Bool
        var events: UInt32 = 0
        var shutDown = false
        /// The link to the worker answering it: closed with the connection, so that a worker streaming to it
        /// stops; told how much of a streamed answer waits to be written, so that the worker paces itself.
        var flow: WorkerPool.Flow?
        /// Bytes this connection's socket has accepted from `send` (the I/O thread's and the workers'), and of
        /// those, how many the client had taken when last asked (`delivered`).
        var handed = 0
        var taken = 0
        init(fd: Int32, serial: UInt64, connection: ServiceConnection, counted: Bool) {
            self.fd = fd
            self.serial = serial
            self.connection = connection
            self.counted = counted
        }
    }

    /// Connections closed unanswered for want of descriptors since the log last said so, and when it did.
    private var closedUnanswered = 0
    private var lastOutOfDescriptorsLog = -Double.infinity

    let listener: Int32
    let configuration: HTTPServer.Configuration
    let service: APIService
    let hosts: HostPolicy
    let log: @Sendable (String) -> Void
    let limits: ServiceConnection.Limits
    let pool: WorkerPool
    /// For the requests answered on this thread.
    let worker = ServiceWorker()

    private var epoll: Int32 = -1
    private var signalRead: Int32 = -1
    private var slots: [Int32: Slot] = [:]
    private var serial: UInt64 = 0
    private var counted = 0
    private var refused = 0
    /// A descriptor kept in reserve: when accept fails for want of descriptors, it is closed so that the
    /// waiting connection can be accepted and closed (not left to make the listener ready for ever).
    private var reserve: Int32 = -1
    private var stopping = false
    private var stopBy = 0.0
    private var scratch = [UInt8](repeating: 0, count: 1 << 16)
    /// Bytes read and not yet handled, and answers not yet written, over every connection (at the last sweep).
    private var bufferedBytes = 0

    init(
        listener: Int32, configuration: HTTPServer.Configuration, service: APIService, hosts: HostPolicy,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.listener = listener
        self.configuration = configuration
        self.service = service
        self.hosts = hosts
        self.log = log
        limits = configuration.connectionLimits
        let workers =
            configuration.workers > 0 ? configuration.workers : max(1, ProcessInfo.processInfo.activeProcessorCount)
        pool = WorkerPool(
            workers: workers, maxQueue: configuration.maxQueue, streamBuffer: configuration.streamBuffer,
            service: service)
    }

    /// Serves until SIGTERM or SIGINT, then returns once what was in flight is answered (at most 4.5 s).
    func run() {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            log("cannot make a pipe: \(String(cString: strerror(errno)))")
            return
        }
        signalRead = fds[0]
        signalPipeWrite = fds[1]
        for fd in fds { setNonBlocking(fd) }
        let handler: @convention(c) (Int32) -> Void = { _ in
            var b: UInt8 = 1
            _ = write(signalPipeWrite, &b, 1)
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        setNonBlocking(listener)
        reserve = open("/dev/null", O_RDONLY | O_CLOEXEC)
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else {
            log("cannot create an epoll instance: \(String(cString: strerror(errno)))")
            return
        }
        watch(listener, EPOLLIN.rawValue, op: EPOLL_CTL_ADD)
        watch(signalRead, EPOLLIN.rawValue, op: EPOLL_CTL_ADD)
        watch(pool.wakeRead, EPOLLIN.rawValue, op: EPOLL_CTL_ADD)
        pool.start()

        var events = [epoll_event](repeating: epoll_event(), count: 512)
        var lastSweep = monotonicSeconds()
        while true {
            let n = events.withUnsafeMutableBufferPointer {
                epoll_wait(epoll, $0.baseAddress, Int32($0.count), 50)
            }
            if n < 0 && errno != EINTR {
                log("epoll_wait failed: \(String(cString: strerror(errno)))")
                return
            }
            // Answers the workers wrote themselves come back without a wake: taken before the events, so a
            // connection's state is up to date before its next request is read.
            if pool.hasCompletions { completions() }
            for i in 0..<max(0, Int(n)) {
                let (fd, tag) = Self.unpack(events[i].data.u64)
                let flags = events[i].events
                if fd == listener {
                    acceptAll()
                } else if fd == pool.wakeRead {
                    drainPipe(fd)
                    completions()
                } else if fd == signalRead {
                    drainPipe(fd)
                    beginStop()
                } else if let slot = slots[fd], Self.tag(slot.serial) == tag {
                    // An event of a connection closed earlier in this batch, whose descriptor `accept` has
                    // since given to a new one, is not the new one's: its reset would close it unanswered.
                    handle(slot, flags)
                }
            }
            let now = monotonicSeconds()
            if now - lastSweep >= 0.05 {
                lastSweep = now
                sweep(now)
                service.metrics.setLoad(
                    openConnections: counted, queuedRequests: pool.queued, bufferedBytes: bufferedBytes)
            }
            if stopping {
                let inFlight = slots.values.contains { s in
                    switch s.connection.phase {
                    case .head, .body, .busy, .writing: return true
                    default: return false
                    }
                }
                if !inFlight || now >= stopBy {
                    for s in Array(slots.values) { closeSlot(s) }
                    log("stopped")
                    return
                }
            }
        }
    }

    // MARK: Accepting

    private func acceptAll() {
        while !stopping {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                switch errno {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return
                case EMFILE, ENFILE:
                    // Out of descriptors: let go of the reserve, take the waiting connection and close it.
                    if reserve >= 0 {
                        close(reserve)
                        let c = accept(listener, nil, nil)
                        if c >= 0 { close(c) }
                        reserve = open("/dev/null", O_RDONLY | O_CLOEXEC)
                    }
                    // Said at most once a second, with how many since, so that a flood does not flood the log.
                    closedUnanswered += 1
                    let now = monotonicSeconds()
                    if now - lastOutOfDescriptorsLog >= 1 {
                        let n = closedUnanswered
                        log("out of file descriptors: \(n) connection\(n == 1 ? " was" : "s were") closed unanswered")
                        closedUnanswered = 0
                        lastOutOfDescriptorsLog = now
                    }
                    return
                default:
                    log("accept failed: \(String(cString: strerror(errno)))")
                    return
                }
            }
            setNonBlocking(fd)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            serial &+= 1
            let now = monotonicSeconds()
            let slot: Slot
            if counted < configuration.maxConnections {
                counted += 1
                slot = Slot(
                    fd: fd, serial: serial,
                    connection: ServiceConnection(service: service, hosts: hosts, limits: limits, now: now),
                    counted: true)
            } else if refused < 256 {
                // Over the limit: a 503 with Retry-After, written and drained for a second, not a reset.
                refused += 1
                var r = service.failure(HTTPFailure(status: 503, message: "too many connections; try again"))
                r.route = "refused"
                var l = limits
                l.drainSeconds = 1
                slot = Slot(
                    fd: fd, serial: serial,
                    connection: ServiceConnection(refusing: r, service: service, limits: l, now: now),
                    counted: false)
            } else {
                close(fd)
                continue
            }
            slots[fd] = slot
            update(slot, now: now, adding: true)
        }
    }

    // MARK: Connections

    private func handle(_ slot: Slot, _ flags: UInt32) {
        let now = monotonicSeconds()
        if flags & EPOLLERR.rawValue != 0 || (flags & EPOLLHUP.rawValue != 0 && !slot.connection.wantsRead) {
            // Reset, or closed both ways while its request is with a worker: nothing can be written to it.
            slot.connection.failed()
        } else {
            if flags & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLRDHUP.rawValue) != 0, slot.connection.wantsRead {
                read(slot, now: now)
            }
            if flags & (EPOLLOUT.rawValue | EPOLLHUP.rawValue) != 0, slot.connection.wantsWrite {
                flush(slot, now: now)
            }
        }
        update(slot, now: now)
    }

    /// Reads what the socket holds (a few buffers' worth at a time, so that one client cannot hold the loop).
    private func read(_ slot: Slot, now: Double) {
        var rounds = 0
        while slot.connection.wantsRead && rounds < 4 {
            rounds += 1
            let n = scratch.withUnsafeMutableBytes { Glibc.read(slot.fd, $0.baseAddress, $0.count) }
            if n > 0 {
                scratch.withUnsafeBytes {
                    slot.connection.received(UnsafeRawBufferPointer(rebasing: $0[0..<n]), now: now)
                }
                // Less than asked for: the socket is empty for now (level-triggered: epoll says when there is more).
                if n < scratch.count { return }
            } else if n == 0 {
                slot.connection.receivedEnd(now: now)
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else {
                slot.connection.failed()
            }
        }
    }

    /// Tells the connection how much more of what it wrote the client has taken: what its socket accepted
    /// less what it still holds (`SIOCOUTQ`: not yet sent, or not yet acknowledged by the client).
    private func noteDelivered(_ slot: Slot, now: Double) {
        var queued: Int32 = 0
        guard ioctl(slot.fd, UInt(TIOCOUTQ), &queued) == 0 else { return }
        let taken = slot.handed - Int(queued)
        if taken > slot.taken {
            slot.connection.delivered(taken - slot.taken, now: now)
            slot.taken = taken
        }
    }

    /// Writes what the socket takes.
    private func flush(_ slot: Slot, now: Double) {
        while slot.connection.wantsWrite {
            let n = slot.connection.withPendingOutput { raw in
                Glibc.send(slot.fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                slot.handed += n
                slot.connection.wrote(n, now: now)
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else {
                slot.connection.failed()
            }
        }
    }

    /// After any event: hands on requests read, writes, shuts down or closes, and sets what epoll waits for.
    private func update(_ slot: Slot, now: Double, adding: Bool = false) {
        var progress = true
        while progress {
            progress = false
            if let request = slot.connection.takeRequest() {
                dispatch(slot, request, now: now)
                progress = true
            }
            if slot.connection.wantsWrite {
                let before = slot.connection.bufferedBytes
                flush(slot, now: now)
                if slot.connection.bufferedBytes != before { progress = true }
            }
        }
        slot.flow?.update(buffered: slot.connection.unwrittenBytes)
        if slot.connection.phase == .draining && !slot.shutDown {
            slot.shutDown = true
            shutdown(slot.fd, Int32(SHUT_WR))
        }
        if slot.connection.phase == .closed {
            closeSlot(slot)
            return
        }
        // Level-triggered: only what the connection waits for, or a client that went away would wake the
        // loop again and again while its request is with a worker (EPOLLHUP and EPOLLERR come regardless).
        var want: UInt32 = 0
        if slot.connection.wantsRead { want |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if slot.connection.wantsWrite { want |= EPOLLOUT.rawValue }
        if adding {
            slot.events = want
            watch(slot.fd, want, op: EPOLL_CTL_ADD, tag: Self.tag(slot.serial))
        } else if want != slot.events {
            slot.events = want
            watch(slot.fd, want, op: EPOLL_CTL_MOD, tag: Self.tag(slot.serial))
        }
    }

    /// A request read whole: answered here (`/health`, `/metrics`), queued for a worker, or refused with 503
    /// when the queue is full.
    private func dispatch(_ slot: Slot, _ request: HTTPRequest, now: Double) {
        if ServiceConnection.isAnsweredAhead(request) {
            let response = service.handle(request, worker: worker)
            if slot.connection.respond(response, now: now), case .stream(let produce) = response.body {
                // Not expected of these routes; produced here all the same.
                try? produce { slot.connection.streamed($0, now: now) }
                slot.connection.endStream(now: now)
            }
            return
        }
        let flow = WorkerPool.Flow()
        let direct = !stopping && slot.connection.unwrittenBytes == 0
        if pool.submit(.init(fd: slot.fd, serial: slot.serial, request: request, flow: flow, direct: direct)) {
            slot.flow = flow
        } else {
            var r = service.failure(
                HTTPFailure(status: 503, message: "the server is busy: \(configuration.maxQueue) requests are waiting"))
            r.route = "overloaded"
            slot.connection.respond(r, now: now)
        }
    }

    /// The workers' answers.
    private func completions() {
        let now = monotonicSeconds()
        var touched: [Slot] = []
        for c in pool.takeCompletions() {
            guard let slot = slots[c.fd], slot.serial == c.serial else { continue }
            switch c.event {
            case .response(let box):
                slot.connection.respond(box.response, now: now)
                if !box.response.isStreamed { slot.flow = nil }
            case .written(let box, let encoded, let at):
                let written = slot.flow?.written ?? 0
                slot.handed += written
                slot.connection.respond(box.response, encoded: encoded, written: written, now: at)
                slot.flow = nil
            case .chunk(let bytes):
                slot.connection.streamed(bytes, now: now)
                slot.flow?.update(took: bytes.count, buffered: slot.connection.unwrittenBytes)
            case .end:
                slot.connection.endStream(now: now)
                slot.flow = nil
            }
            if !touched.contains(where: { $0 === slot }) { touched.append(slot) }
        }
        for slot in touched where slots[slot.fd] === slot { update(slot, now: now) }
    }

    /// Deadlines: idle connections closed, slow requests answered 408, unread answers abandoned.
    private func sweep(_ now: Double) {
        var due: [Slot] = []
        var buffered = 0
        for slot in slots.values {
            if slot.connection.phase == .writing { noteDelivered(slot, now: now) }
            if let d = slot.connection.deadline, now >= d { due.append(slot) }
            buffered += slot.connection.bufferedBytes
        }
        bufferedBytes = buffered
        for slot in due {
            slot.connection.expire(now: now)
            update(slot, now: now)
        }
    }

    private func beginStop() {
        guard !stopping else { return }
        stopping = true
        stopBy = monotonicSeconds() + 4.5
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, listener, nil)
        close(listener)
        let now = monotonicSeconds()
        for slot in Array(slots.values) {
            slot.connection.stop(now: now)
            update(slot, now: now)
        }
        log("stopping: finishing \(slots.count) connection\(slots.count == 1 ? "" : "s")")
    }

    private func closeSlot(_ slot: Slot) {
        slot.flow?.close()
        if slot.connection.resetOnClose {
            var reset = linger(l_onoff: 1, l_linger: 0)
            setsockopt(slot.fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
        }
        close(slot.fd)  // also takes it out of the epoll set
        slots[slot.fd] = nil
        if slot.counted { counted -= 1 } else { refused -= 1 }
    }

    // MARK: Pieces

    /// Watches `fd` for `events`; the event carries the descriptor and `tag` (a connection's serial, 0 for the
    /// listener and the pipes), so that an event can be told from one for an earlier user of the descriptor.
    private func watch(_ fd: Int32, _ events: UInt32, op: Int32, tag: UInt32 = 0) {
        var e = epoll_event()
        e.events = events
        e.data.u64 = Self.pack(fd, tag)
        if epoll_ctl(epoll, op, fd, &e) != 0 {
            log("epoll_ctl failed: \(String(cString: strerror(errno)))")
        }
    }

    /// An event's data: the descriptor in the low 32 bits, the tag in the high ones.
    static func pack(_ fd: Int32, _ tag: UInt32) -> UInt64 {
        UInt64(tag) << 32 | UInt64(UInt32(bitPattern: fd))
    }

    static func unpack(_ data: UInt64) -> (fd: Int32, tag: UInt32) {
        (Int32(bitPattern: UInt32(truncatingIfNeeded: data)), UInt32(truncatingIfNeeded: data >> 32))
    }

    /// A connection's tag: its serial's low 32 bits (serials start at 1; four billion connections later a
    /// descriptor's stale event would have to meet its exact successor in one batch).
    static func tag(_ serial: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: serial) }

    private func drainPipe(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ Glibc.read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }
}

func setNonBlocking(_ fd: Int32) {
    let flags = fcntl(fd, F_GETFL, 0)
    _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
}
