import Foundation

/// Each file in Tests/Fixtures/malformed states on its first line where its error is and what code it has:
/// `# expect: LINE:COL CODE` (or `# expect: OTHER/FILE:LINE:COL CODE` for an error in an included file).
public struct MalformedFixture: Sendable {
    public let path: String
    public let file: String
    public let line: Int
    public let column: Int
    public let code: String

    public static let folder = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Fixtures/malformed").path

    public static func all() throws -> [MalformedFixture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".rules") || $0.hasSuffix(".scenario") }.sorted()
        return try names.map { name in
            let path = folder + "/" + name
            let first =
                try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
            let parts = first.replacingOccurrences(of: "# expect: ", with: "").split(separator: " ")
            let place = parts.first?.split(separator: ":").map(String.init) ?? []
            guard parts.count == 2, place.count >= 2 else {
                throw NSError(domain: "fixture \(name) has no `# expect:` line", code: 1)
            }
            let file = place.count == 3 ? folder + "/" + place[0] : path
            return MalformedFixture(
                path: path, file: file, line: Int(place[place.count - 2]) ?? 0,
                column: Int(place[place.count - 1]) ?? 0, code: String(parts[1]))
        }
    }
}
