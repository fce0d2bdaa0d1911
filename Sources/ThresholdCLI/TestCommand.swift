import ThresholdKit

enum TestCommand {
    static let usage = "usage: threshold test (not yet available)"

    static func run(_ args: [String]) -> Console.Exit {
        Console.err("threshold test: not yet available in this build\n")
        return .couldNotRun
    }
}
