/// `GET /health` (liveness, no token) and `GET /metrics` (Prometheus text, `ServiceMetrics`).
extension APIService {
    func health() -> HTTPResponse { json(Array("{}\n".utf8)) }

    func metricsText() -> HTTPResponse {
        HTTPResponse(
            status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
            body: .bytes(Array(metrics.render().utf8)))
    }
}
