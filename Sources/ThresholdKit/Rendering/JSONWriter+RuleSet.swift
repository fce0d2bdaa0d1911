/// Which rule set, as the JSON outputs name it: `{"name": …, "version": … or null, "fingerprint": "sha256:…"}`.
extension JSONWriter {
    mutating func ruleSetIdentity(_ rs: RuleSet) {
        beginObject()
        member("name", rs.name)
        member("version", rs.version)
        member("fingerprint", rs.fingerprint)
        endObject()
    }
}
