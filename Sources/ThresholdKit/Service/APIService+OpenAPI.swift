/// `GET /v1/openapi.json`: the OpenAPI 3.1 description of this API, built from the route table
/// (`OpenAPIDocument`); the same bytes as `docs/openapi.json`.
extension APIService {
    func openAPI() -> HTTPResponse { json(OpenAPIDocument.bytes) }
}
