/// The scenarios of a JSON file, as every reader of one takes them: one document (its id the file's stem), an
/// array of documents (`stem-1`, `stem-2`, …), or else JSON Lines (`stem-LINE`; blank lines skipped), each
/// line parsed on its own so one bad line does not hide the others. An array's items are all on line 1 as far
/// as the reader knows (it keeps no positions), so each comes with its number in the array (`item`, from 1),
/// for messages to name; a line's `item` is nil.
enum JSONScenarioDocuments {
    static func each(
        in text: String, stem: String,
        _ body: (_ document: Result<JSONValue, JSONParseError>, _ line: Int, _ id: String, _ item: Int?) -> Void
    ) {
        if let whole = try? JSONReader.parse(text) {
            if let items = whole.arrayValue {
                for (i, item) in items.enumerated() { body(.success(item), 1, "\(stem)-\(i + 1)", i + 1) }
            } else {
                body(.success(whole), 1, stem, nil)
            }
            return
        }
        var number = 0
        // "\r\n" is one Character: split on it too, or a CRLF file is one long line.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            body(
                Result { () throws(JSONParseError) in try JSONReader.parse(String(line)) }, number, "\(stem)-\(number)",
                nil)
        }
    }
}
