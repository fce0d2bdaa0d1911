import Foundation
import ThresholdTestSupport

/// A rule set in Tests/Fixtures/lint with the warnings it should get, marked in the file itself: a comment
/// line `#    ^ expect: warning CODE` puts a caret under the column of a warning on the line above it
/// (the nearest line above that is not itself an expectation), swift-format style.
struct LintFixture {
    struct Expected: Hashable, CustomStringConvertible {
        var line: Int
        var column: Int
        var code: String
        var description: String { "\(line):\(column) \(code)" }
    }

    let path: String
    let expected: Set<Expected>

    static let folder = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Fixtures/lint").path

    static func all() throws -> [LintFixture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".rules") }
            .sorted()
        return try names.map { try LintFixture(path: folder + "/" + $0) }
    }

    init(path: String) throws {
        self.path = path
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        var expected = Set<Expected>()
        var target = 0
        for (i, line) in lines.enumerated() {
            guard let marker = LintFixture.marker(line) else {
                target = i + 1
                continue
            }
            expected.insert(Expected(line: target, column: marker.column, code: marker.code))
        }
        self.expected = expected
    }

    /// `#   ^ expect: warning CODE` → the caret's column and the code.
    static func marker(_ line: String) -> (column: Int, code: String)? {
        let chars = Array(line)
        guard chars.first == "#", let caret = chars.firstIndex(of: "^"),
            let range = line.range(of: "expect: warning ")
        else { return nil }
        let code = line[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
        return (caret + 1, code)
    }
}
