import Foundation
import XCTest

/// Runs the built `threshold` executable, for end-to-end tests.
public struct CommandResult: Sendable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int32
}

public enum ThresholdBinary {
    /// The package's root folder (found from this file's path).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The `threshold` executable beside the test bundle (the same build folder).
    public static var url: URL {
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.appendingPathComponent("threshold"),
            bundle.deletingLastPathComponent().appendingPathComponent("threshold"),
        ]
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
        // Fallback: search the product folders of .build-* scratch paths beside the test bundle.
        let dir = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
        return dir.appendingPathComponent("threshold")
    }

    /// Runs `threshold ARGS` in `directory` (default: the package root) with `input` on standard input.
    @discardableResult
    public static func run(
        _ args: [String], input: String? = nil, in directory: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = url
        process.arguments = args
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        // Read both pipes concurrently so a large output cannot block the child.
        let out = Collected()
        let err = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            out.data = outPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            err.data = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return CommandResult(
            stdout: String(decoding: out.data, as: UTF8.self), stderr: String(decoding: err.data, as: UTF8.self),
            exitCode: process.terminationStatus)
    }

    final class Marker {}

    /// Bytes read by one reader thread; read by the caller only after the group is done.
    final class Collected: @unchecked Sendable { var data = Data() }
}

/// A temporary folder with files, removed by the caller's `defer`.
public struct TemporaryFolder {
    public let url: URL

    public init(files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("threshold-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    public func write(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    public func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: url.appendingPathComponent(path)), as: UTF8.self)
    }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Compares text with a golden file under Tests/Golden, as swift-argument-parser's `assertSnapshot` does:
/// when the file is missing, or THRESHOLD_UPDATE_GOLDEN=1 and the text differs, the file is (re)written and
/// the run FAILS with "recorded new baseline", so a baseline is never changed by a run that passes; review
/// the diff and run again.
public func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Golden").appendingPathComponent(name)
    let expected = try? String(contentsOf: url, encoding: .utf8)
    if expected == actual { return }
    if expected == nil || ProcessInfo.processInfo.environment["THRESHOLD_UPDATE_GOLDEN"] == "1" {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            XCTFail(
                "recorded new baseline for golden file \(name); review it (git diff Tests/Golden) and run the tests again",
                file: file, line: line)
        } catch {
            XCTFail("golden file \(name) could not be written: \(error)", file: file, line: line)
        }
        return
    }
    XCTFail(
        "output differs from golden file \(name) (to accept it, run with THRESHOLD_UPDATE_GOLDEN=1, review, "
            + "run again):\n--- expected\n\(expected ?? "")\n--- actual\n\(actual)", file: file, line: line)
}
