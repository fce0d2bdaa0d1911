import Foundation

/// Cohen's kappa for a square agreement table (rows: the first rater, here the recorded level; columns: the
/// second, the rules), unweighted or linearly weighted over ordered categories, with the large-sample
/// standard error of Fleiss, Cohen and Everitt (1969) and a 95% normal interval. The formulas are those of
/// `statsmodels.stats.inter_rater.cohens_kappa` (`wt="linear"` for the weighted form: weights
/// `|i - j| / (k - 1)`), so the two agree to rounding; Tests/Fixtures/audit/kappa-reference.json holds
/// statsmodels' and scikit-learn's answers, written by scripts/kappa-reference.py.
struct Kappa: Sendable, Equatable {
    var kappa: Double
    /// The standard error under the alternative (for the interval).
    var standardError: Double
    /// The standard error under the null hypothesis kappa = 0.
    var standardErrorNull: Double
    var low: Double
    var high: Double

    /// The 0.975 quantile of the standard normal distribution (`scipy.stats.norm.ppf(0.975)`).
    static let z975 = 1.959963984540054

    enum Weighting: String, Sendable { case unweighted, linear }

    /// Kappa for `table` (`table[i][j]`: cases rated `i` by the first rater and `j` by the second), or nil
    /// when it is undefined: no cases, or chance agreement of 1 (every case in one row and one column).
    static func of(_ table: [[Int]], _ weighting: Weighting) -> Kappa? {
        let k = table.count
        guard k > 0, table.allSatisfy({ $0.count == k }) else { return nil }
        let n = Double(table.reduce(0) { $0 + $1.reduce(0, +) })
        guard n > 0 else { return nil }
        // v: agreement weights (1 on the diagonal); the linear form gives partial credit to near cells.
        var v = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for i in 0..<k {
            for j in 0..<k {
                switch weighting {
                case .unweighted: v[i][j] = i == j ? 1 : 0
                case .linear: v[i][j] = k == 1 ? 1 : 1 - Double(abs(i - j)) / Double(k - 1)
                }
            }
        }
        let p = table.map { $0.map { Double($0) / n } }
        let row = p.map { $0.reduce(0, +) }
        let column = (0..<k).map { j in p.reduce(0) { $0 + $1[j] } }
        var observed = 0.0
        var expected = 0.0
        for i in 0..<k {
            for j in 0..<k {
                observed += v[i][j] * p[i][j]
                expected += v[i][j] * row[i] * column[j]
            }
        }
        guard expected < 1 else { return nil }
        let kappa = (observed - expected) / (1 - expected)
        // Fleiss, Cohen and Everitt (1969): the weighted means of the weights by row and by column.
        let wRow = (0..<k).map { i in (0..<k).reduce(0.0) { $0 + column[$1] * v[i][$1] } }
        let wColumn = (0..<k).map { j in (0..<k).reduce(0.0) { $0 + row[$1] * v[$1][j] } }
        var a = 0.0
        var a0 = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let d = v[i][j] - (wRow[i] + wColumn[j]) * (1 - kappa)
                a += p[i][j] * d * d
                let d0 = v[i][j] - (wRow[i] + wColumn[j])
                a0 += row[i] * column[j] * d0 * d0
            }
        }
        let scale = 1 / ((1 - expected) * (1 - expected) * n)
        let c = kappa - expected * (1 - kappa)
        let variance = Swift.max(0, (a - c * c) * scale)
        let variance0 = Swift.max(0, (a0 - expected * expected) * scale)
        let se = variance.squareRoot()
        return Kappa(
            kappa: kappa, standardError: se, standardErrorNull: variance0.squareRoot(), low: kappa - z975 * se,
            high: kappa + z975 * se)
    }
}

/// Fleiss' kappa (Fleiss 1971): agreement among many raters, each subject rated by several of them, over
/// unordered categories. `table[i][j]` is how many raters put subject `i` in category `j`. With the same
/// number of raters for every subject it is `statsmodels.stats.inter_rater.fleiss_kappa(table)` (checked to
/// 1e-9 against Tests/Fixtures/audit/fleiss-reference.json, written by scripts/fleiss-reference.py); with
/// different numbers, each subject's agreement is taken over its own raters and the category shares over all
/// ratings (the usual generalisation). Subjects with fewer than two ratings say nothing of agreement and are
/// left out.
enum Fleiss {
    /// Kappa, or nil when undefined: no subject with two ratings, or every rating in one category.
    static func kappa(_ table: [[Int]]) -> Double? {
        let rows = table.filter { $0.reduce(0, +) >= 2 }
        guard let k = rows.first?.count, rows.allSatisfy({ $0.count == k }) else { return nil }
        let total = Double(rows.reduce(0) { $0 + $1.reduce(0, +) })
        var agreement = 0.0
        for r in rows {
            let n = Double(r.reduce(0, +))
            let squares = r.reduce(0.0) { $0 + Double($1) * Double($1) }
            agreement += (squares - n) / (n * (n - 1))
        }
        agreement /= Double(rows.count)
        var expected = 0.0
        for j in 0..<k {
            let p = Double(rows.reduce(0) { $0 + $1[j] }) / total
            expected += p * p
        }
        guard expected < 1 else { return nil }
        return (agreement - expected) / (1 - expected)
    }
}
