#!/usr/bin/env python3
"""Reference values for Fleiss' kappa (the agreement between trainees in a calibration exercise), from
statsmodels.

Installs nothing itself. Run it after

    pip install statsmodels

and it writes Tests/Fixtures/audit/fleiss-reference.json, which KappaTests compares with to 1e-9 (CI reads
the committed file; it does not run Python). Each case is a table of subjects x categories (how many raters
put each subject in each category, the same number of raters for every subject, as statsmodels requires)
with statsmodels' `fleiss_kappa(table, method="fleiss")`.

The cases: the published worked example of Fleiss (1971), as reprinted widely (10 subjects, 14 raters,
5 categories: kappa 0.210), and generated tables of 2 to 6 categories and 3 to 30 raters with a fixed seed.
"""
import json
import os

import numpy as np
import statsmodels
from statsmodels.stats.inter_rater import fleiss_kappa

PUBLISHED = [
    ("fleiss-1971-14-raters", [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]),
]


def generated(rng):
    out = []
    for n, (k, raters) in enumerate([(2, 3), (3, 5), (4, 12), (5, 8), (4, 30), (6, 4), (3, 20), (4, 3)]):
        subjects = int(rng.integers(5, 60))
        table = []
        for _ in range(subjects):
            truth = int(rng.integers(0, k))
            row = [0] * k
            for _ in range(raters):
                c = truth if rng.random() < 0.6 else int(rng.integers(0, k))
                row[c] += 1
            table.append(row)
        out.append(("generated-%d" % n, table))
    return out


def main():
    rng = np.random.default_rng(20261205)
    cases = [{"name": n, "table": t, "kappa": float(fleiss_kappa(np.asarray(t), method="fleiss"))}
             for n, t in PUBLISHED + generated(rng)]
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "Tests", "Fixtures", "audit", "fleiss-reference.json")
    with open(path, "w") as f:
        json.dump({"statsmodels": statsmodels.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path), len(cases), "cases")


if __name__ == "__main__":
    main()
