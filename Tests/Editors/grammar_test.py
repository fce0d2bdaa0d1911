#!/usr/bin/env python3
"""Checks editors/vscode/syntaxes/threshold.tmLanguage.json against every shipped .rules and .scenario file.

Each line is tokenized as a TextMate engine does with this grammar's top-level patterns: at each position the
pattern whose match starts first wins (the earlier pattern on a tie); the string rule (begin/end) runs to its
closing quote or the end of the line. The test fails when anything but whitespace is left unmatched, or when a
pattern of the grammar is never used (so every token class is exercised). The regexes are in the subset that
Python's `re` and Oniguruma read alike.

  python3 Tests/Editors/grammar_test.py       exit 0 when the grammar covers everything
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load_patterns():
    grammar = json.loads((ROOT / "editors/vscode/syntaxes/threshold.tmLanguage.json").read_text())
    patterns = []
    for p in grammar["patterns"]:
        rule = grammar["repository"][p["include"][1:]]
        if "match" in rule:
            patterns.append((rule["name"], re.compile(rule["match"])))
        else:
            # begin/end: the begin, then up to the end (or the end of the line), skipping escapes.
            assert rule["begin"] == '"' and rule["end"] == '"|$', rule
            escape = rule["patterns"][0]["match"]
            patterns.append((rule["name"], re.compile('"(?:%s|[^"\\\\])*(?:"|$)' % escape)))
    return patterns


def tokenize(line, patterns, used):
    i = 0
    leftovers = []
    while i < len(line):
        best = None
        for name, rx in patterns:
            m = rx.search(line, i)
            if m and m.end() > m.start() and (best is None or m.start() < best[1].start()):
                best = (name, m)
        if best is None:
            leftovers.append(line[i:])
            break
        name, m = best
        if line[i:m.start()].strip():
            leftovers.append(line[i:m.start()])
        used.add(name)
        i = m.end()
    return [l for l in leftovers if l.strip()]


def main():
    patterns = load_patterns()
    used = set()
    problems = []
    files = sorted(list(ROOT.glob("rules/**/*.rules")) + list(ROOT.glob("scenarios/**/*.scenario")))
    for path in files:
        for n, line in enumerate(path.read_text().split("\n"), 1):
            for left in tokenize(line, patterns, used):
                problems.append("%s:%d: unmatched %r" % (path.relative_to(ROOT), n, left))
    unused = [name for name, _ in patterns if name not in used]
    for name in unused:
        problems.append("pattern %s matched nothing in the shipped files" % name)
    for p in problems[:50]:
        print(p)
    print("%d files, %d token classes used of %d; %d problems" % (len(files), len(used), len(patterns), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
