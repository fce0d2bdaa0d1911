/// What explanations found for earlier lines of a batch, kept for the lines after them: each entry is keyed by
/// everything the piece it keeps depends on, so a memoised explanation is the same as one made afresh.
///
/// Not thread-safe: one per batch worker (one thread at a time). Bounded: each table keeps a fixed number of
/// entries.
final class ExplanationMemo {
    init() {}
}
