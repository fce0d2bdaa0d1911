import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The route table: every route is dispatched to by its path and labelled by it, a wrong method is 405 with
/// the route's label, the OpenAPI description lists every route the table describes, and `docs/openapi.json`
/// is what the server serves.
final class APIRouteTests: XCTestCase {
    let token = "route-table-token-0123456789"

    func service() -> APIService {
        let rules = ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules").path
        return APIService(
            ruleSets: ServiceRuleSets(paths: [rules], caseFolders: []), configuration: .init(token: token))
    }

    /// The path of a route with its parameters filled in.
    func concrete(_ route: APIRoute) -> String {
        route.path.replacingOccurrences(of: "{name}", with: "camden-mash").replacingOccurrences(of: "{n}", with: "1")
    }

    func request(_ method: String, _ path: String, bearer: Bool = true) -> HTTPRequest {
        HTTPRequest(
            method: method, path: path,
            headers: [("host", "x")] + (bearer ? [("authorization", "Bearer " + token)] : []))
    }

    func testEachRouteIsFoundByItsPathAndLabelledFromTheTable() {
        let s = service()
        var seen = Set<String>()
        for route in APIService.routes {
            XCTAssertTrue(seen.insert(route.method + " " + route.path).inserted, "\(route.path) declared twice")
            let r = s.handle(request(route.method, concrete(route)), worker: ServiceWorker())
            XCTAssertEqual(r.route, route.label, route.path)
            XCTAssertNotEqual(r.status, 405, route.path)
            if route.access == .token {
                let denied = s.handle(request(route.method, concrete(route), bearer: false), worker: ServiceWorker())
                XCTAssertEqual(denied.status, 401, route.path)
                XCTAssertEqual(denied.route, route.label, route.path)
            }
            let other = route.method == "GET" ? "POST" : "GET"
            let wrong = s.handle(request(other, concrete(route)), worker: ServiceWorker())
            XCTAssertEqual(wrong.status, 405, route.path)
            XCTAssertEqual(wrong.route, route.label, route.path)
            let allow = wrong.headers.first { $0.name == "Allow" }?.value
            XCTAssertEqual(allow, route.method == "GET" ? "GET, HEAD" : "POST", route.path)
        }
    }

    func testMetricsAreLabelledByTheRoutesPatternNeverByANameFromTheRequest() {
        let s = service()
        _ = s.handle(request("GET", "/v1/rulesets/front-door/cases/7"), worker: ServiceWorker())
        _ = s.handle(request("GET", "/v1/nothing-here"), worker: ServiceWorker())
        // The server records each answer's route (HTTPServer.record); here, as it would.
        for (path, label) in [
            ("/v1/rulesets/front-door/cases/7", "/v1/rulesets/{name}/cases/{n}"), ("/v1/nothing-here", "unknown"),
            ("/index.html", "/"),
        ] {
            XCTAssertEqual(s.handle(request("GET", path), worker: ServiceWorker()).route, label, path)
        }
        let labels = Set(APIService.routes.map(\.label))
        XCTAssertTrue(labels.allSatisfy { !$0.contains("camden") }, "\(labels)")
    }

    func testTheDescriptionListsEveryDescribedRouteWithItsErrors() throws {
        let doc = try JSONReader.parse(bytes: OpenAPIDocument.bytes)
        XCTAssertEqual(doc["openapi"]?.stringValue, "3.1.0")
        for route in APIService.routes where route.described {
            let op = try XCTUnwrap(doc["paths"]?[route.path]?[route.method.lowercased()], route.path)
            for code in route.errors {
                let response = try XCTUnwrap(op["responses"]?[String(code.status)], "\(route.path) \(code)")
                XCTAssertTrue(
                    response["description"]?.stringValue?.contains("`\(code.rawValue)`") == true,
                    "\(route.path) \(code)")
            }
            for a in route.answers { XCTAssertNotNil(op["responses"]?[String(a.status)], route.path) }
        }
        XCTAssertNil(doc["paths"]?["/index.html"])
    }

    func testDocsOpenAPIJSONIsWhatTheServerServes() throws {
        let r = service().handle(request("GET", "/v1/openapi.json"), worker: ServiceWorker())
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers.first { $0.name == "Content-Type" }?.value, "application/json")
        guard case .bytes(let served) = r.body else { return XCTFail("not bytes") }
        XCTAssertEqual(served, OpenAPIDocument.bytes)
        // THRESHOLD_UPDATE_GOLDEN=1 rewrites docs/openapi.json.
        assertGolden(String(decoding: served, as: UTF8.self), "../../docs/openapi.json")
    }
}
