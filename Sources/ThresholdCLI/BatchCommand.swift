import ThresholdKit

enum BatchCommand {
    static let usage = "usage: threshold batch (not yet available)"

    static func run(_ args: [String]) -> Console.Exit {
        Console.err("threshold batch: not yet available in this build\n")
        return .couldNotRun
    }
}
