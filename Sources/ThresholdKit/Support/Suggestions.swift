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
        guard name.utf8.count <= Limits.suggestedNameBytes else { return nil }
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

    /// The candidates most likely meant by `name`, judged by spelling and by words: the nearest spelling
    /// (`nearest(to:in:)`) first, then every candidate sharing the most of `name`'s words (split at `_`, `-`
    /// and spaces) among the words of its name and its `text` (a fact's question, an advice's words, nothing
    /// for a value), in the order of `candidates`. `county_lines` finds `exploitation_risk`, whose question
    /// mentions county lines; `mace_referral` finds `refer_to_mace` (its name and text say MACE and refer).
    ///
    /// Two words match when they are equal, or the shorter has at least 4 letters and begins the longer
    /// (`refer`, `referral`). Words of fewer than 3 letters and a few common words are not compared. No
    /// candidate sharing the best count is left out, so the one meant is never cut from the list.
    public static func related(to name: String, in candidates: [(name: String, text: String)]) -> [String] {
        guard name.utf8.count <= Limits.suggestedNameBytes else { return [] }
        var out: [String] = []
        if let near = nearest(to: name, in: candidates.map(\.name)) { out.append(near) }
        let query = Set(words(name))
        guard !query.isEmpty else { return out }
        var best = 0
        var scored: [(name: String, count: Int)] = []
        for candidate in candidates {
            let own = Set(words(candidate.name) + words(candidate.text))
            let count = query.filter { q in own.contains { matches(q, $0) } }.count
            best = Swift.max(best, count)
            scored.append((candidate.name, count))
        }
        guard best > 0 else { return out }
        for c in scored where c.count == best && !out.contains(c.name) { out.append(c.name) }
        return out
    }

    /// "did you mean `a`?", "did you mean `a` or `b`?", "did you mean one of `a`, `b` or `c`?"; nil for none.
    /// JSON messages quote with `"`.
    public static func didYouMean(_ names: [String], quote: String = "`") -> String? {
        let quoted = names.map { quote + $0 + quote }
        switch quoted.count {
        case 0: return nil
        case 1: return "did you mean \(quoted[0])?"
        case 2: return "did you mean \(quoted[0]) or \(quoted[1])?"
        default:
            return "did you mean one of \(quoted.dropLast().joined(separator: ", ")) or \(quoted[quoted.count - 1])?"
        }
    }

    /// Words too common to say what a name is about.
    static let commonWords: Set<String> = [
        "the", "and", "for", "with", "not", "has", "have", "was", "are", "any", "its", "this", "that", "from",
        "been", "does", "did", "who", "what", "when", "how", "child", "children", "young", "person",
    ]

    /// The lowercased runs of letters and digits in `text`, of 3 or more characters and not common.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        func flush() {
            if word.count >= 3, !commonWords.contains(word) { out.append(word) }
            word = ""
        }
        for c in text.lowercased() {
            if c.isLetter || c.isNumber { word.append(c) } else { flush() }
        }
        flush()
        return out
    }

    /// Equal, or the shorter (of 4 or more characters) begins the longer.
    static func matches(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        return short.count >= 4 && long.hasPrefix(short)
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
