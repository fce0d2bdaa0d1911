import ThresholdKit

enum ReplCommand {
    static let usage = "usage: threshold repl (not yet available)"

    static func run(_ args: [String]) -> Console.Exit {
        Console.err("threshold repl: not yet available in this build\n")
        return .couldNotRun
    }
}
