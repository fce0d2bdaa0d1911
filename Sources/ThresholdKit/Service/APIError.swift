/// The stable words of the API's errors (`{"error": {"code": …}}`), each with the one HTTP status it is
/// answered with. A new code is a new case here, documented in docs/api.md's Errors table (in the row of its
/// status), where `APIErrorCodeTests` checks that every case is documented and that each is answered.
enum APIErrorCode: String, CaseIterable, Sendable {
    // 400
    case badJSON = "bad_json"
    case notAnObject = "not_an_object"
    case badRequest = "bad_request"
    // 401, 403
    case unauthorized
    case badJoinCode = "bad_join_code"
    case editNotAllowed = "edit_not_allowed"
    case crossOrigin = "cross_origin"
    // 404
    case notFound = "not_found"
    case unknownRuleSet = "unknown_ruleset"
    case unknownCase = "unknown_case"
    case unknownFile = "unknown_file"
    case noExercise = "no_exercise"
    // 405, 408
    case methodNotAllowed = "method_not_allowed"
    case timeout
    // 409: a rating the exercise cannot take now
    case alreadyRated = "already_rated"
    case revealed
    case movedOn = "moved_on"
    case finished
    case full
    // 409: the rule file changed on disk since the editor loaded it
    case sourceChanged = "source_changed"
    // 413, 415, 417, 421
    case tooLarge = "too_large"
    case unsupportedMediaType = "unsupported_media_type"
    case expectationFailed = "expectation_failed"
    case misdirectedRequest = "misdirected_request"
    // 422
    case unknownFact = "unknown_fact"
    case badValue = "bad_value"
    case invalidScenario = "invalid_scenario"
    case missingMember = "missing_member"
    case unknownTarget = "unknown_target"
    case badID = "bad_id"
    case invalidScenarioFile = "invalid_scenario_file"
    case badTrainee = "bad_trainee"
    case badLevel = "bad_level"
    case badRationale = "bad_rationale"
    case rulesInvalid = "rules_invalid"
    // 431, 500, 501, 503, 505
    case headerTooLarge = "header_too_large"
    case ratingsUnwritable = "ratings_unwritable"
    case rulesUnwritable = "rules_unwritable"
    case notImplemented = "not_implemented"
    case ruleSetUnavailable = "ruleset_unavailable"
    case unavailable
    case httpVersion = "http_version"

    /// The HTTP status this code is answered with.
    var status: Int {
        switch self {
        case .badJSON, .notAnObject, .badRequest: return 400
        case .unauthorized: return 401
        case .badJoinCode, .editNotAllowed, .crossOrigin: return 403
        case .notFound, .unknownRuleSet, .unknownCase, .unknownFile, .noExercise: return 404
        case .methodNotAllowed: return 405
        case .timeout: return 408
        case .alreadyRated, .revealed, .movedOn, .finished, .full, .sourceChanged: return 409
        case .tooLarge: return 413
        case .unsupportedMediaType: return 415
        case .expectationFailed: return 417
        case .misdirectedRequest: return 421
        case .unknownFact, .badValue, .invalidScenario, .missingMember, .unknownTarget, .badID, .invalidScenarioFile,
            .badTrainee, .badLevel, .badRationale, .rulesInvalid:
            return 422
        case .headerTooLarge: return 431
        case .ratingsUnwritable, .rulesUnwritable: return 500
        case .notImplemented: return 501
        case .ruleSetUnavailable, .unavailable: return 503
        case .httpVersion: return 505
        }
    }

    /// The code for a request that could not be read (`HTTPFailure`'s status: the parser's, a timeout, a
    /// full server).
    init(failureStatus status: Int) {
        switch status {
        case 408: self = .timeout
        case 413: self = .tooLarge
        case 417: self = .expectationFailed
        case 431: self = .headerTooLarge
        case 501: self = .notImplemented
        case 503: self = .unavailable
        case 505: self = .httpVersion
        default: self = .badRequest
        }
    }
}

/// An API error: `{"error": {"code": …, "message": …, "field": …}}` with its HTTP status.
struct APIError: Error, Sendable, Equatable {
    var code: APIErrorCode
    var message: String
    /// The request member at fault (`facts.age`), if there is one.
    var field: String?
    /// The HTTP status: the code's, except for a request the parser refused with a status of its own.
    var status: Int

    init(_ code: APIErrorCode, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.status = code.status
    }

    /// The answer to a request that could not be read: the parser's status, with the code that fits it.
    init(failure: HTTPFailure) {
        self.init(APIErrorCode(failureStatus: failure.status), failure.message)
        self.status = failure.status
    }

    /// `{"error": {"code": …, "message": …, "field": … or null}}` and a newline; `more` writes any members an
    /// error has beyond these (an invalid scenario file's `diagnostics`).
    func json(_ more: (inout JSONWriter) -> Void = { _ in }) -> [UInt8] {
        APIService.line("error") { w in
            w.object { w in
                w.member("code", code.rawValue)
                w.member("message", message)
                w.member("field", field)
                more(&w)
            }
        }
    }
}
