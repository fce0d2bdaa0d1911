import ThresholdKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `threshold` command: a thin layer that reads arguments, calls the library and prints.
let arguments = Array(CommandLine.arguments.dropFirst())
let code: Console.Exit
if let bad = RawArguments.firstNotUTF8(CommandLine.unsafeArgv, count: CommandLine.argc) {
    Console.err(RawArguments.message(bad))
    code = .couldNotRun
} else {
    code = Commands.run(arguments)
}
exit(Console.finish(code).rawValue)
