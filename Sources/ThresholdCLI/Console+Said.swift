import Foundation

extension Console {
    /// Messages on standard error, the first `limit` of them, then `more` once: a line for each of a million
    /// bad input lines was more output than input (found by an attack test). The totals are said after.
    final class Said: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        private let limit: Int
        private let more: String

        init(limit: Int, more: String) {
            self.limit = limit
            self.more = more
        }

        func err(_ text: String) {
            lock.lock()
            defer { lock.unlock() }
            count += 1
            if count <= limit { Console.err(text) } else if count == limit + 1 { Console.err(more) }
        }
    }
}
