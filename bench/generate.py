#!/usr/bin/env python3
"""Generates the benchmark's inputs under .build-bench/ (reproducible: fixed seeds).

  generate.py scenarios SCHEMA.jsonl MIX N OUT.jsonl   JSON Lines scenarios for a rule set, from the fact schema
                                                       that `threshold bench-eval RULES --schema` prints;
                                                       MIX is `contact` or `full` (see below)
  generate.py rules N OUT.rules                        a rule set with N rules (for load-and-check timing)

Mixes (yes/no facts are yes 30% of the time; numbers uniform in their range):
  contact  a typical front-door contact: each fact that belongs to no risk tool is known 50% of the time;
           each risk tool (facts named after a score: dash_..., cce_...) is filled in for 15% of contacts,
           and then each of its facts is known 90% of the time.
  full     every tool filled in: every fact is known 70% of the time (about 90 facts a line).
"""
import json
import random
import sys
from datetime import date, timedelta


def value(f, rng):
    base = date(2019, 1, 1)
    t = f["type"]
    if t == "yesno":
        return rng.random() < 0.30
    if t == "number":
        lo = int(float(f["min"])) if f.get("min") is not None else 0
        hi = int(float(f["max"])) if f.get("max") is not None else lo + 100
        return rng.randint(lo, max(lo, hi))
    if t == "count":
        hi = int(float(f["max"])) if f.get("max") is not None else 10
        return rng.randint(0, min(hi, 10))
    if t in ("one_of", "level"):
        return rng.choice(f["options"])
    if t == "some_of":
        return [o for o in f["options"] if rng.random() < 0.30]
    if t == "text":
        return "note"
    if t == "date":
        return (base + timedelta(days=rng.randrange(1000))).isoformat()
    if t == "datetime":
        d = base + timedelta(days=rng.randrange(1000))
        m = rng.randrange(24 * 60)
        return "%sT%02d:%02d" % (d.isoformat(), m // 60, m % 60)
    return None


def scenario_facts(schema, mix, rng):
    facts = {}
    groups = sorted({f["group"] for f in schema if f.get("group")})
    filled = {g for g in groups if rng.random() < 0.15}
    for f in schema:
        if mix == "full":
            known = rng.random() < 0.70
        elif f.get("group"):
            known = f["group"] in filled and rng.random() < 0.90
        else:
            known = rng.random() < 0.50
        if known:
            v = value(f, rng)
            if v is not None:
                facts[f["name"]] = v
    return facts


def scenarios(schema_path, mix, n, out_path):
    schema = [json.loads(line) for line in open(schema_path) if line.strip()]
    rng = random.Random(2019)
    # A pool of distinct scenarios, repeated with fresh ids: making a million random ones in Python would
    # take longer than scoring them.
    pool = [json.dumps(scenario_facts(schema, mix, rng), separators=(",", ":")) for _ in range(min(n, 20000))]
    with open(out_path, "w") as out:
        for i in range(n):
            out.write('{"id":"c%d","facts":%s}\n' % (i + 1, pool[i % len(pool)]))


RULES_HEADER = '''ruleset "Generated %d rules" version "1"
calendar "england-and-wales"
levels
  blue "Blue" route "Universal services"
  green "Green" route "Early help" within 3 working days
  amber "Amber" route "Social work" within 3 working days
  red "Red" route "MASH team" within 24 hours
  red_urgent "Red: imminent danger" route "MASH team" within 4 hours
end
default blue
clock starts received
fact received datetime "When did the contact reach the front door?"
'''


def rules(n, out_path):
    """N rules over N/4 yes/no facts, N/20 numbers, N/20 one-of facts and N/20 definitions."""
    facts_b = max(4, n // 4)
    facts_n = max(2, n // 20)
    facts_o = max(2, n // 20)
    defs = max(2, n // 20)
    levels = ["green", "amber", "red", "red_urgent"]
    rng = random.Random(n)
    with open(out_path, "w") as out:
        out.write(RULES_HEADER % n)
        for i in range(facts_b):
            out.write('fact b%d yes/no "Question %d?"\n' % (i, i))
        for i in range(facts_n):
            out.write('fact n%d number 0 to 100 "How many %d?"\n' % (i, i))
        for i in range(facts_o):
            out.write('fact o%d one of police, health, school, other "Who %d?"\n' % (i, i))
        for i in range(defs):
            out.write("define d%d = b%d and n%d >= %d\n" % (i, rng.randrange(facts_b), rng.randrange(facts_n), rng.randrange(100)))
        for i in range(n):
            kind = i % 4
            if kind == 0:
                cond = "b%d and not b%d" % (rng.randrange(facts_b), rng.randrange(facts_b))
            elif kind == 1:
                cond = "n%d between %d and %d or o%d in (police, health)" % (
                    rng.randrange(facts_n), rng.randrange(50), 50 + rng.randrange(50), rng.randrange(facts_o))
            elif kind == 2:
                cond = "at least 2 of (b%d, b%d, d%d)" % (rng.randrange(facts_b), rng.randrange(facts_b), rng.randrange(defs))
            else:
                cond = "d%d or (o%d = school and n%d > %d)" % (rng.randrange(defs), rng.randrange(facts_o), rng.randrange(facts_n), rng.randrange(100))
            out.write('rule r%d "Rule %d"\n  when %s\n  then %s\n  because "Generated rule %d."\nend\n' % (
                i, i, cond, levels[rng.randrange(len(levels))], i))


def main(argv):
    if len(argv) == 5 and argv[0] == "scenarios" and argv[2] in ("contact", "full"):
        scenarios(argv[1], argv[2], int(argv[3]), argv[4])
    elif len(argv) == 3 and argv[0] == "rules":
        rules(int(argv[1]), argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
