#!/usr/bin/env python3
"""Generates the benchmark's inputs under .build-bench/ (reproducible: fixed seeds).

  generate.py scenarios SCHEMA.jsonl N OUT.jsonl   JSON Lines scenarios for a rule set, from the fact schema
                                                   that `threshold bench-eval RULES --schema` prints
  generate.py rules N OUT.rules                    a rule set with N rules (for load-and-check timing)
  generate.py table-scenarios N OUT.jsonl          scenarios for bench/front-door-table.rules (every fact known)
"""
import json
import random
import sys
from datetime import date, timedelta


def scenario_facts(schema, rng):
    """Like BenchScenarios.random in Swift: 30% of facts left out (default or unknown), else a random value."""
    facts = {}
    base = date(2019, 1, 1)
    for f in schema:
        if rng.random() < 0.30:
            continue
        t = f["type"]
        if t == "yesno":
            v = rng.random() < 0.30
        elif t == "number":
            lo = int(float(f["min"])) if f.get("min") is not None else 0
            hi = int(float(f["max"])) if f.get("max") is not None else lo + 100
            v = rng.randint(lo, max(lo, hi))
        elif t == "count":
            hi = int(float(f["max"])) if f.get("max") is not None else 10
            v = rng.randint(0, min(hi, 10))
        elif t == "one_of" or t == "level":
            v = rng.choice(f["options"])
        elif t == "some_of":
            v = [o for o in f["options"] if rng.random() < 0.30]
        elif t == "text":
            v = "note"
        elif t == "date":
            v = (base + timedelta(days=rng.randrange(1000))).isoformat()
        elif t == "datetime":
            d = base + timedelta(days=rng.randrange(1000))
            m = rng.randrange(24 * 60)
            v = "%sT%02d:%02d" % (d.isoformat(), m // 60, m % 60)
        else:
            continue
        facts[f["name"]] = v
    return facts


def scenarios(schema_path, n, out_path):
    schema = [json.loads(line) for line in open(schema_path) if line.strip()]
    rng = random.Random(2019)
    # A pool of distinct scenarios, repeated with fresh ids: generating a million random ones in Python
    # takes longer than scoring them.
    pool = [scenario_facts(schema, rng) for _ in range(min(n, 20000))]
    with open(out_path, "w") as out:
        for i in range(n):
            out.write(json.dumps({"id": "c%d" % (i + 1), "facts": pool[i % len(pool)]}, separators=(",", ":")))
            out.write("\n")


RULES_HEADER = '''ruleset "Generated %d rules" version "1"
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


TABLE_FACTS = ["imminent_danger", "risk_of_significant_harm", "child_in_need", "early_help_needs",
               "sex_offender_contact", "domestic_abuse"]


def table_scenarios(n, out_path):
    """Every fact known, so the three engines' two-valued logic and threshold's three-valued logic agree."""
    rng = random.Random(7)
    referrers = ["police", "health", "school", "other"]
    with open(out_path, "w") as out:
        for i in range(n):
            facts = {name: rng.random() < 0.15 for name in TABLE_FACTS}
            facts["age"] = rng.randrange(0, 19)
            facts["referrer"] = rng.choice(referrers)
            facts["missing_episodes"] = rng.choice([0, 0, 0, 1, 2, 3, 4, 6])
            out.write(json.dumps({"id": "t%d" % (i + 1), "facts": facts}, separators=(",", ":")))
            out.write("\n")


def main(argv):
    if len(argv) == 4 and argv[0] == "scenarios":
        scenarios(argv[1], int(argv[2]), argv[3])
    elif len(argv) == 3 and argv[0] == "rules":
        rules(int(argv[1]), argv[2])
    elif len(argv) == 3 and argv[0] == "table-scenarios":
        table_scenarios(int(argv[1]), argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
