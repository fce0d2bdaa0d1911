#!/usr/bin/env python3
"""Reference values for `threshold audit`'s kappa statistics, from statsmodels and scikit-learn.

Installs nothing itself. Run it after

    pip install statsmodels scikit-learn

and it writes Tests/Fixtures/audit/kappa-reference.json, which KappaTests compares with to 1e-9 (CI reads
the committed file; it does not run Python). Each case is a square table (rows: the first rater, the
recorded level; columns: the second, the rules) with statsmodels' `cohens_kappa` (unweighted, and
`wt="linear"`): kappa, its standard error (`std_kappa`), the standard error under kappa = 0
(`std_kappa0`) and the 95% interval (`kappa_low`, `kappa_upp`); and scikit-learn's `cohen_kappa_score`
(unweighted and `weights="linear"`) on the same ratings expanded to pairs, as a second check of kappa.

The cases: published worked examples (Cohen 1960's table; the 3 x 3 table of Fleiss, Levin and Paik,
Statistical Methods for Rates and Proportions, 3rd ed., 2003, Table 18.1 / Fleiss 1981 Table 13.1,
psychiatric diagnoses by two raters, 100 subjects), a table with an empty level, and generated tables of
2 to 6 levels with a fixed seed.
"""
import json
import os

import numpy as np
import sklearn
import statsmodels
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import cohens_kappa

PUBLISHED = [
    # Fleiss, Levin and Paik (2003), Table 18.1; Fleiss (1981), Table 13.1: diagnoses (psychotic,
    # neurotic, organic) by two psychiatrists of 100 patients: kappa 0.676 as printed.
    ("fleiss-table-18.1", [[75, 1, 4], [5, 4, 1], [0, 0, 10]]),
    # Cohen (1960), Table 1 (its proportions times 200): kappa 0.492 as printed.
    ("cohen-1960-table-1", [[88, 14, 18], [10, 40, 10], [2, 6, 12]]),
    # A level nobody used (a rule set level the rules and the recording never give).
    ("empty-level", [[20, 3, 0, 1], [2, 30, 0, 4], [0, 0, 0, 0], [1, 2, 0, 15]]),
]


def generated(rng):
    out = []
    for n, k in enumerate([2, 3, 4, 5, 5, 5, 6, 4, 3, 5]):
        size = int(rng.integers(40, 3000))
        truth = rng.integers(0, k, size)
        noise = rng.random(size)
        other = np.where(noise < 0.75, truth, np.clip(truth + rng.choice([-2, -1, 1, 2], size), 0, k - 1))
        table = np.zeros((k, k), dtype=int)
        for a, b in zip(truth, other):
            table[a, b] += 1
        out.append(("generated-%d" % n, table.tolist()))
    return out


def reference(name, table):
    t = np.asarray(table, dtype=float)
    k = t.shape[0]
    rows, cols = [], []
    for i in range(k):
        for j in range(k):
            rows += [i] * int(t[i, j])
            cols += [j] * int(t[i, j])
    case = {"name": name, "table": table}
    for label, kwargs, sk in [("unweighted", {}, None), ("linear", {"wt": "linear"}, "linear")]:
        r = cohens_kappa(t, **kwargs)
        case[label] = {
            "kappa": float(r.kappa),
            "se": float(r.std_kappa),
            "se0": float(r.std_kappa0),
            "low": float(r.kappa_low),
            "high": float(r.kappa_upp),
            "sklearn_kappa": float(cohen_kappa_score(rows, cols, labels=list(range(k)), weights=sk)),
        }
    return case


def main():
    rng = np.random.default_rng(20240401)
    cases = [reference(n, t) for n, t in PUBLISHED + generated(rng)]
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "Tests", "Fixtures", "audit", "kappa-reference.json")
    with open(path, "w") as f:
        json.dump({"statsmodels": statsmodels.__version__, "scikit-learn": sklearn.__version__, "cases": cases}, f,
                  indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path), len(cases), "cases")


if __name__ == "__main__":
    main()
