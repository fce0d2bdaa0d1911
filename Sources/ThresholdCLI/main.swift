import ThresholdKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `threshold` command: a thin layer that reads arguments, calls the library and prints.
let arguments = Array(CommandLine.arguments.dropFirst())
let code = Commands.run(arguments)
exit(Console.finish(code).rawValue)
