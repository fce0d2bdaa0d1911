/// The operators the language has, shared by the syntax (what was written), the compiled nodes and the
/// evaluator (what they mean). They live with the model, so the later stages do not read the syntax's files.

enum CompareOp: String, Sendable {
    case eq = "="
    case ne = "!="
    case lt = "<"
    case le = "<="
    case gt = ">"
    case ge = ">="
}
enum ArithOp: String, Sendable {
    case add = "+"
    case sub = "-"
    case mul = "*"
    case div = "/"
}
/// `is L`, `is at least L`, `is at most L`.
enum RankTest: String, Sendable {
    case exactly = "is"
    case atLeast = "is at least"
    case atMost = "is at most"
}
enum CountMode: Sendable, Equatable {
    case atLeast(Int)
    case atMost(Int)
    case all, any, none
}
