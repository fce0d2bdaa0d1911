#!/usr/bin/env python3
"""Checks that `threshold audit` finds every disagreement bench/audit-month.py planted.

    bench/audit-month.py --out /tmp/month.csv --manifest /tmp/planted.json
    threshold audit rules/camden-mash.rules /tmp/month.csv --format json > /tmp/audit.json
    bench/audit-check.py /tmp/planted.json /tmp/audit.json

For each planted cause: a cause of the audit with the same recorded level and rules' answer, whose fired
rules include the planted rule and whose cap is the planted cap, counting at least the planted number; and
the planted team or practitioner's group counting at least the planted number of disagreements in that
direction ("rules higher" for a downgrade, "rules lower" for an upgrade). Whether that group also has the
most such disagreements is printed, not required: a small plant (a few decisions, as with a small --count)
can be outnumbered by the random decisions of another group, which says nothing about the audit. Also: at
least the planted number of undetermined decisions.
Exit 0 when every planted cause is found, 1 otherwise. Standard library only.
"""
import json
import sys


def main():
    planted = json.load(open(sys.argv[1]))
    audit = json.load(open(sys.argv[2]))
    ok = True
    for p in planted["causes"]:
        found = [c for c in audit["causes"] if c["recorded"] == p["recorded"] and c["rules"] == p["rules"]
                 and set(p["fired"]) <= set(c["fired"]) and (c["capped"] or {}).get("by") == p["capped"]]
        count = sum(c["count"] for c in found)
        kind, name = p["group"]
        groups = audit["groups"][kind]
        levels = audit["levels"]
        way = "rules_higher" if levels.index(p["rules"]) > levels.index(p["recorded"]) else "rules_lower"
        worst = max(groups, key=lambda g: groups[g][way]) if groups else None
        grouped = groups.get(name, {}).get(way, -1)
        hit = count >= p["count"] and grouped >= p["count"]
        print("%-40s planted %4d, found %4d in %d cause(s); %s %s: %s %d, the most (%s)" % (
            p["name"], p["count"], count, len(found), kind, name, way,
            grouped, worst))
        if found:
            print("    " + found[0]["text"][:160])
        ok = ok and hit
    u = audit["undetermined"]
    print("%-40s planted %4d, found %4d" % ("undetermined (sent on before checks)", planted["undetermined_at_least"], u))
    ok = ok and u >= planted["undetermined_at_least"]
    print("every planted cause found" if ok else "SOME PLANTED CAUSE NOT FOUND")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
