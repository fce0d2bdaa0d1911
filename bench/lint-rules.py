#!/usr/bin/env python3
"""Writes a large rule set for timing `threshold check` with its analysis warnings (bench/lint-bench.sh).

usage: bench/lint-rules.py N OUT.rules     (N rules; the same N gives the same file: fixed seed)

The rule set has the shape of the shipped packs, scaled up: yes/no, number, count, `one of` and `some of`
facts, definitions, two scored tools with bands and floors, N rules over conjunctions and disjunctions of
comparisons, definitions and score bands, and advice. Some rules are deliberately redundant or
contradictory, so every check has work to do.
"""
import random
import sys

LEVELS = ["blue", "green", "amber", "red", "red_urgent"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20190401)
    lines = ['ruleset "Generated lint benchmark" version "1"', "", "levels"]
    lines += ['  %s "%s"' % (l, l.replace("_", " ").title()) for l in LEVELS]
    lines += ["end", "default blue", ""]
    flags = ["flag_%d" % i for i in range(80)]
    numbers = ["num_%d" % i for i in range(12)]
    counts = ["cnt_%d" % i for i in range(12)]
    kinds = ["kind_%d" % i for i in range(6)]
    sets = ["set_%d" % i for i in range(4)]
    values = ["v%d" % i for i in range(6)]
    lines += ['fact %s yes/no "Flag %s?"' % (f, f) for f in flags]
    lines += ['fact %s number 0 to 25 "Number %s?"' % (f, f) for f in numbers]
    lines += ['fact %s count "Count %s?"' % (f, f) for f in counts]
    lines += ['fact %s one of %s "Kind %s?"' % (f, ", ".join(values), f) for f in kinds]
    lines += ['fact %s some of %s "Set %s?"' % (f, ", ".join(values), f) for f in sets]
    lines.append("")

    def literal():
        r = rng.random()
        if r < 0.45:
            f = rng.choice(flags)
            return ("not " + f) if rng.random() < 0.2 else f
        if r < 0.60:
            return "%s %s %d" % (rng.choice(numbers), rng.choice(["<", "<=", ">", ">=", "="]), rng.randint(0, 25))
        if r < 0.72:
            return "%s %s %d" % (rng.choice(counts), rng.choice([">=", ">", "<"]), rng.randint(0, 10))
        if r < 0.82:
            k = rng.choice(kinds)
            if rng.random() < 0.5:
                return "%s = %s" % (k, rng.choice(values))
            return "%s in (%s)" % (k, ", ".join(rng.sample(values, 3)))
        if r < 0.90:
            return "%s has %s" % (rng.choice(sets), rng.choice(values))
        if r < 0.96:
            return rng.choice(definitions)
        return "%s is at least %s" % rng.choice([("tool_a", "medium"), ("tool_a", "high"), ("tool_b", "medium"), ("tool_b", "high")])

    definitions = []
    for i in range(40):
        body = " and ".join(literal() for _ in range(rng.randint(1, 2))) if definitions else "%s and %s" % tuple(rng.sample(flags, 2))
        lines.append("define def_%d = %s" % (i, body))
        definitions.append("def_%d" % i)
    lines.append("")
    for tool in ["tool_a", "tool_b"]:
        lines.append('score %s "Tool %s"' % (tool, tool))
        for f in rng.sample(flags, 20):
            lines.append('  %d when %s "%s"' % (rng.randint(1, 3), f, f))
        lines.append('  add %s max 5 "episodes"' % rng.choice(counts))
        lines += ["  bands", '    low "Low" 0 to 9', '    medium "Medium" 10 to 19', '    high "High" 20 and above', "  end"]
        lines.append('  floor medium when %s "floor"' % rng.choice(flags))
        lines.append("end")
    lines.append("")
    for i in range(n):
        k = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        parts = [literal() for _ in range(k)]
        if k >= 3 and rng.random() < 0.3:
            cond = "(%s or %s) and %s" % (parts[0], parts[1], " and ".join(parts[2:]))
        else:
            cond = " and ".join(parts)
        lines += ['rule rule_%d "Rule %d"' % (i, i), "  when " + cond, "  then " + rng.choice(LEVELS[1:]),
                  '  because "Generated."', "end"]
    lines.append("")
    for i in range(50):
        lines += ['advise advice_%d "Generated advice %d."' % (i, i), "  when " + " and ".join(literal() for _ in range(2)), "end"]
    with open(out, "w") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
