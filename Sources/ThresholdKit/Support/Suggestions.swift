/// "Did you mean …?" suggestions for misspelt names.
public enum Suggestions {
    /// The candidate most likely meant by `name`, or `nil` if none is close.
    ///
    /// Closeness is the Damerau-Levenshtein distance (optimal string
    /// alignment: insert, delete, substitute, swap two neighbours) between the
    /// lowercased Unicode scalars. A candidate qualifies when its distance is at
    /// most `max(1, scalars in name / 3)`, or, failing any such candidate, when
    /// one name contains the other and the shorter has at least 3 scalars
    /// (`danger` → `imminent_danger`).
    ///
    /// Ties are broken deterministically: lowest case-insensitive distance,
    /// then lowest case-sensitive distance, then earliest in `candidates`.
    /// An empty `name` gets no suggestion.
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        let folded = Array(name.lowercased().unicodeScalars)
        let exact = Array(name.unicodeScalars)
        guard !exact.isEmpty else { return nil }
        let limit = Swift.max(1, exact.count / 3)

        var best: (distance: Int, exactDistance: Int, candidate: String)?
        var bestContaining: (distance: Int, exactDistance: Int, candidate: String)?
        for candidate in candidates {
            let candidateFolded = Array(candidate.lowercased().unicodeScalars)
            // The distance is at least the difference in length: skip the work when that is too far.
            // (When one contains the other, the distance is exactly that difference.)
            let lengthDifference = abs(candidateFolded.count - folded.count)
            let closeEnough = lengthDifference <= limit
            let folds = closeEnough ? distance(folded, candidateFolded) : lengthDifference
            if folds > limit && !contains(folded, candidateFolded) { continue }
            let exacts = closeEnough ? distance(exact, Array(candidate.unicodeScalars)) : lengthDifference
            let score = (distance: folds, exactDistance: exacts, candidate: candidate)
            if folds <= limit {
                if best.map({ (folds, exacts) < ($0.distance, $0.exactDistance) }) ?? true {
                    best = score
                }
            } else if bestContaining.map({ (folds, exacts) < ($0.distance, $0.exactDistance) }) ?? true {
                bestContaining = score
            }
        }
        return (best ?? bestContaining)?.candidate
    }

    /// True when one sequence contains the other and the shorter has at least 3 elements.
    private static func contains(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard short.count >= 3 else { return false }
        var start = 0
        while start + short.count <= long.count {
            var k = 0
            while k < short.count && long[start + k] == short[k] { k += 1 }
            if k == short.count { return true }
            start += 1
        }
        return false
    }

    /// Damerau-Levenshtein distance (optimal string alignment) between two strings,
    /// on Unicode scalars, case-sensitive.
    static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    /// Optimal string alignment distance, in O(a × b) time and O(b) space.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = Swift.min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
