/// An API error: `{"error": {"code": …, "message": …, "field": …}}` with its HTTP status.
struct APIError: Error, Sendable, Equatable {
    var status: Int
    /// A stable word: `bad_json`, `unknown_fact`, `not_found`, …
    var code: String
    var message: String
    /// The request member at fault (`facts.age`), if there is one.
    var field: String?

    init(_ status: Int, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    var json: [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("error")
        w.beginObject()
        w.key("code")
        w.string(code)
        w.key("message")
        w.string(message)
        w.key("field")
        if let field { w.string(field) } else { w.null() }
        w.endObject()
        w.endObject()
        return w.bytes + [10]
    }
}
