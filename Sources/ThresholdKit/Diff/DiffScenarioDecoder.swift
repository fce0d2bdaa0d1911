/// Reads a JSON scenario for one version of a diff. A fact the other version declares but this one does
/// not is left out here (a referral written for the new version may give a fact the old one lacks); a fact
/// neither declares is an error, as in `batch`. Plain lines take `batch`'s fast path.
struct DiffScenarioDecoder {
    let ruleSet: RuleSet
    let other: RuleSet
    var fast: BatchLineDecoder
    let general: JSONScenarioDecoder

    init(_ ruleSet: RuleSet, other: RuleSet) {
        self.ruleSet = ruleSet
        self.other = other
        fast = BatchLineDecoder(ruleSet: ruleSet)
        general = JSONScenarioDecoder(ruleSet: ruleSet)
    }

    /// The scenario on a JSON Lines line, or the message for a bad line.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, defaultID: @autoclosure () -> String) -> Result<
        Scenario, JSONScenarioDecoder.Failure
    > {
        if let s = fast.decode(bytes, defaultID: defaultID()) { return .success(s) }
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes: bytes)
        } catch {
            return .failure(.init(message: "invalid JSON at column \(error.column): \(error.message)"))
        }
        return decode(json, defaultID: defaultID()).scenario
    }

    /// A parsed scenario object; `expectProblem` says why its `expect` could not be read under this
    /// version, when it was dropped to score the facts anyway.
    func decode(_ json: JSONValue, defaultID: String) -> (
        scenario: Result<Scenario, JSONScenarioDecoder.Failure>, expectProblem: String?
    ) {
        var json = json
        if case .failure = general.decode(json, defaultID: defaultID) { json = strip(json) }
        switch general.decode(json, defaultID: defaultID) {
        case .success(let s): return (.success(s), nil)
        case .failure(let f):
            guard case .object(let members) = json, members.contains(where: { $0.0 == "expect" }) else {
                return (.failure(f), nil)
            }
            let bare = JSONValue.object(members.filter { $0.0 != "expect" })
            switch general.decode(bare, defaultID: defaultID) {
            case .success(let s): return (.success(s), f.message)
            case .failure: return (.failure(f), nil)
            }
        }
    }

    /// The object without the facts only the other version declares.
    func strip(_ json: JSONValue) -> JSONValue {
        guard case .object(let members) = json else { return json }
        let keep: (String) -> Bool = { ruleSet.factIndex[$0] != nil || other.factIndex[$0] == nil }
        if members.contains(where: { $0.0 == "facts" }) {
            return .object(
                members.map { k, v in
                    guard k == "facts", case .object(let facts) = v else { return (k, v) }
                    return (k, .object(facts.filter { keep($0.0) }))
                })
        }
        return .object(members.filter { keep($0.0) })
    }
}
