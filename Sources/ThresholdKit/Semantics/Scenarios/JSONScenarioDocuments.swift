/// The scenarios of a JSON file, as every reader of one takes them: one document (its id the file's stem), an
/// array of documents (`stem-1`, `stem-2`, …), or else JSON Lines (`stem-LINE`; blank lines skipped), each
/// line parsed on its own so one bad line does not hide the others.
enum JSONScenarioDocuments {
    static func each(
        in text: String, stem: String,
        _ body: (_ document: Result<JSONValue, JSONParseError>, _ line: Int, _ id: String) -> Void
    ) {
        if let whole = try? JSONReader.parse(text) {
            if let items = whole.arrayValue {
                for (i, item) in items.enumerated() { body(.success(item), 1, "\(stem)-\(i + 1)") }
            } else {
                body(.success(whole), 1, stem)
            }
            return
        }
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            body(
                Result { () throws(JSONParseError) in try JSONReader.parse(String(line)) }, number, "\(stem)-\(number)")
        }
    }
}
