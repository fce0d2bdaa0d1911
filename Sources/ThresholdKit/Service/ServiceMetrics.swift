import Foundation

/// Request counts, errors and latency histograms, rendered in the Prometheus text format. Only routes,
/// statuses and durations are kept: never a fact or a scenario id. A route is its label in the route table
/// (`APIRoute.label`: the path pattern, `/v1/rulesets/{name}`), or one of `APIRoute.Label`'s for an answer
/// given before a route is found. Safe to use from many threads.
public final class ServiceMetrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5,
    ]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServiceMetrics.buckets.count)
        var count = 0
        var sum = 0.0
    }

    private let lock = NSLock()
    private var requests: [String: Int] = [:]  // "route\u{0}status" → count
    private var latency: [String: Histogram] = [:]  // route → histogram
    private var errors = 0
    private var reloads = 0
    private var reloadFailures = 0
    private var openConnections = 0
    private var queuedRequests = 0
    private var bufferedBytes = 0

    public init() {}

    public func record(route: String, status: Int, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        requests[route + "\u{0}" + String(status), default: 0] += 1
        if status >= 400 { errors += 1 }
        var h = latency[route] ?? Histogram()
        for (i, b) in ServiceMetrics.buckets.enumerated() where seconds <= b { h.counts[i] += 1 }
        h.count += 1
        h.sum += seconds
        latency[route] = h
    }

    public func recordReload(failed: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if failed { reloadFailures += 1 } else { reloads += 1 }
    }

    /// The server's gauges: connections open, requests waiting for a scoring worker, and bytes the
    /// connections hold (requests read and not yet handled, answers not yet written).
    public func setLoad(openConnections: Int, queuedRequests: Int, bufferedBytes: Int = 0) {
        lock.lock()
        defer { lock.unlock() }
        self.openConnections = openConnections
        self.queuedRequests = queuedRequests
        self.bufferedBytes = bufferedBytes
    }

    /// The Prometheus text exposition (format 0.0.4), sorted so the same counts give the same text.
    func render() -> String {
        lock.lock()
        defer { lock.unlock() }
        var out = "# HELP threshold_http_requests_total HTTP requests answered, by route and status.\n"
        out += "# TYPE threshold_http_requests_total counter\n"
        for key in requests.keys.sorted() {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            out +=
                "threshold_http_requests_total{route=\"\(parts[0])\",status=\"\(parts.count > 1 ? parts[1] : "")\"} \(requests[key] ?? 0)\n"
        }
        out += "# HELP threshold_http_errors_total HTTP requests answered with a status of 400 or more.\n"
        out += "# TYPE threshold_http_errors_total counter\n"
        out += "threshold_http_errors_total \(errors)\n"
        out +=
            "# HELP threshold_http_request_duration_seconds Time from a request's last byte read to its response written.\n"
        out += "# TYPE threshold_http_request_duration_seconds histogram\n"
        for route in latency.keys.sorted() {
            guard let h = latency[route] else { continue }
            for (i, b) in ServiceMetrics.buckets.enumerated() {
                out += "threshold_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(b)\"} \(h.counts[i])\n"
            }
            out += "threshold_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(h.count)\n"
            out += "threshold_http_request_duration_seconds_sum{route=\"\(route)\"} \(String(format: "%.6f", h.sum))\n"
            out += "threshold_http_request_duration_seconds_count{route=\"\(route)\"} \(h.count)\n"
        }
        out += "# HELP threshold_rules_reloads_total Rule set reloads (--watch), by result.\n"
        out += "# TYPE threshold_rules_reloads_total counter\n"
        out += "threshold_rules_reloads_total{result=\"ok\"} \(reloads)\n"
        out += "threshold_rules_reloads_total{result=\"error\"} \(reloadFailures)\n"
        out += "# HELP threshold_open_connections Client connections open.\n"
        out += "# TYPE threshold_open_connections gauge\n"
        out += "threshold_open_connections \(openConnections)\n"
        out += "# HELP threshold_queued_requests Requests waiting for a scoring worker.\n"
        out += "# TYPE threshold_queued_requests gauge\n"
        out += "threshold_queued_requests \(queuedRequests)\n"
        out +=
            "# HELP threshold_buffered_bytes Bytes the connections hold: requests not yet handled, answers not yet written.\n"
        out += "# TYPE threshold_buffered_bytes gauge\n"
        out += "threshold_buffered_bytes \(bufferedBytes)\n"
        return out
    }
}
