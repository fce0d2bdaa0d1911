#!/usr/bin/env python3
"""A synthetic month of front-door decisions for `threshold audit` against rules/camden-mash.rules, with
known disagreements planted. Standard library only; deterministic for a seed.

    bench/audit-month.py --out month.csv --manifest planted.json          # about 3,000 decisions, CSV
    bench/audit-month.py --count 1000000 --format jsonl --out big.jsonl   # the benchmark's million

Each decision is one of a few kinds of referral whose answer under the Camden rules is known (every
question the rules could still ask is answered, so the answer is settled), recorded at that level by
practitioners p01..p24 in teams north, south, east and west, with these planted disagreements (written to
the manifest, which bench/audit-check.py compares with the audit's JSON):

  1. team north downgrades domestic abuse notifications: amber (rule physical_abuse_flag) recorded green;
  2. practitioner p07 ignores the section 47 cap: sexual abuse in the family with the section 47 test
     answered no gives amber (cap s47_answered_no), recorded red;
  3. practitioner p19 rates long-term neglect as early help: amber (rule neglect_cumulative) recorded green;
  4. referrals sent on before the checks: decisions with the section 47 and 17 tests and the history left
     unanswered, so the rules' answer is provisional, recorded green.
Plus noise: 2% of the other decisions recorded one level off, at random.
"""
import argparse
import csv
import datetime as dt
import json
import random
import sys

YES_NO = """imminent_danger risk_of_significant_harm child_in_need early_help_needs abuse_within_family domestic_abuse
domestic_abuse_high_risk situational_violence parental_mental_health parental_substance_misuse sex_offender_contact
abduction_risk neglect_long_term not_brought_to_appointments currently_missing exploitation_risk homeless
partner_checks_complete child_views_recorded all_carers_considered consent_sought referrer_informed disabled
learning_disability disability_needs_unmet previous_children_removed previous_proceedings
previous_child_protection_plan forced_marriage_risk honour_based_abuse trafficking_concern
unaccompanied_asylum_seeking concern_about_professional lado_criteria_met missing_education home_educated
home_education_evidenced fgm_carried_out fgm_risk unborn_child private_fostering harmful_sexual_behaviour
held_in_custody_overnight radicalisation_risk young_carer placed_by_other_authority disguised_compliance
return_interview_refused contact_supervised""".split()
# Questions put only when another answer opens them: left empty unless the kind sets them.
FOLLOW_UPS = {"contact_supervised", "home_education_evidenced", "days_missing", "return_interview_refused"}
PRACTICE_YES = {"partner_checks_complete", "child_views_recorded", "all_carers_considered", "consent_sought",
                "referrer_informed"}
OTHER = ["age", "received", "referrer", "sex", "concerns", "siblings", "missing_episodes", "referrals_last_12_months",
         "open_case", "days_missing"]
COLUMNS = ["id", "received", "decided_at", "team", "by", "recorded"] + [f for f in OTHER if f != "received"] + YES_NO
LEVELS = ["blue", "green", "amber", "red", "red_urgent"]
TEAMS = ["north", "south", "east", "west"]
PRACTITIONERS = ["p%02d" % i for i in range(1, 25)]  # p01-p06 north, p07-p12 south, p13-p18 east, p19-p24 west


def team_of(by):
    return TEAMS[(int(by[1:]) - 1) // 6]


# Each kind: (name, weight, the facts that differ from a complete "nothing found" record, the rules' answer).
KINDS = [
    ("nothing_found", 20, {}, "blue"),
    ("early_help", 18, {"early_help_needs": True}, "green"),
    ("neglect", 10, {"concerns": ["neglect"]}, "green"),
    ("neglect_long_term", 12, {"concerns": ["neglect"], "neglect_long_term": True, "child_in_need": True}, "amber"),
    ("domestic_abuse", 14, {"domestic_abuse": True, "child_in_need": True}, "amber"),
    ("child_in_need", 10, {"child_in_need": True}, "amber"),
    ("physical", 6, {"concerns": ["physical"], "abuse_within_family": True, "child_in_need": True}, "amber"),
    ("significant_harm", 8, {"risk_of_significant_harm": True, "concerns": ["physical"], "abuse_within_family": True},
     "red"),
    ("sexual_abuse_s47_no", 4, {"concerns": ["sexual"], "abuse_within_family": True, "child_in_need": True}, "amber"),
    ("imminent_danger", 4, {"imminent_danger": True, "risk_of_significant_harm": True, "concerns": ["physical"]},
     "red_urgent"),
]


def base_record(rng, received):
    f = {k: (k in PRACTICE_YES) for k in YES_NO if k not in FOLLOW_UPS}
    f.update({"age": rng.randint(1, 17), "received": received, "referrer": rng.choice(
        ["police", "health", "school", "early_years", "family_friend_self"]), "sex": rng.choice(["female", "male"]),
        "concerns": [], "siblings": rng.randint(0, 3), "missing_episodes": 0, "referrals_last_12_months": 0,
        "open_case": "not_open"})
    if f["age"] < 10:
        del f["exploitation_risk"]  # not asked under 10
    return f


def cell_text(v):
    if v is None:
        return ""
    if v is True:
        return "yes"
    if v is False:
        return "no"
    if isinstance(v, list):
        return "(" + ", ".join(v) + ")"
    return str(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    ap.add_argument("--out", default="-")
    ap.add_argument("--manifest", help="write the planted causes (JSON) here")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    weights = [k[1] for k in KINDS]
    out = sys.stdout if a.out == "-" else open(a.out, "w", newline="")
    writer = None
    if a.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
    planted = {"domestic_abuse_downgraded_by_north": 0, "s47_cap_ignored_by_p07": 0,
               "long_term_neglect_as_early_help_by_p19": 0, "sent_on_before_checks": 0}
    start = dt.datetime(2024, 4, 1, 8, 0)
    for n in range(a.count):
        minute = int(n * (30 * 24 * 60) / max(1, a.count))
        received = start + dt.timedelta(minutes=minute)
        name, _, changes, level = rng.choices(KINDS, weights)[0]
        by = rng.choice(PRACTITIONERS)
        team = team_of(by)
        facts = base_record(rng, received.strftime("%Y-%m-%dT%H:%M"))
        facts.update(changes)
        facts = {k: v for k, v in facts.items() if v is not None}
        recorded = level
        planted_here = False
        if name == "domestic_abuse" and team == "north" and rng.random() < 0.7:
            recorded, planted_here = "green", True
            planted["domestic_abuse_downgraded_by_north"] += 1
        elif name == "sexual_abuse_s47_no" and by == "p07":
            recorded, planted_here = "red", True
            planted["s47_cap_ignored_by_p07"] += 1
        elif name == "neglect_long_term" and by == "p19":
            recorded, planted_here = "green", True
            planted["long_term_neglect_as_early_help_by_p19"] += 1
        elif name == "early_help" and rng.random() < 0.05:
            for k in ("risk_of_significant_harm", "child_in_need", "imminent_danger"):
                facts.pop(k, None)
            planted["sent_on_before_checks"] += 1
            planted_here = True
        if not planted_here and rng.random() < 0.02:
            i = LEVELS.index(level) + rng.choice([-1, 1])
            recorded = LEVELS[min(len(LEVELS) - 1, max(0, i))]
        # Decided within a few hours; red and red_urgent sometimes late.
        hours = rng.choice([0.5, 1, 2, 3, 6, 20, 30]) if level.startswith("red") else rng.choice([2, 20, 48, 96])
        decided = (received + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")
        ident = "d%07d" % (n + 1)
        if writer:
            row = {"id": ident, "decided_at": decided, "team": team, "by": by, "recorded": recorded}
            row.update({k: cell_text(v) for k, v in facts.items()})
            writer.writerow([row.get(c, "") if c in row else "" for c in COLUMNS])
        else:
            out.write(json.dumps({"id": ident, "facts": facts, "recorded": recorded, "by": by, "team": team,
                                  "decided_at": decided}, separators=(",", ":")) + "\n")
    if out is not sys.stdout:
        out.close()
    if a.manifest:
        causes = [
            {"name": "domestic_abuse_downgraded_by_north", "recorded": "green", "rules": "amber",
             "fired": ["physical_abuse_flag"], "capped": None, "group": ["team", "north"],
             "count": planted["domestic_abuse_downgraded_by_north"]},
            {"name": "s47_cap_ignored_by_p07", "recorded": "red", "rules": "amber", "fired": ["sexual_abuse_in_family"],
             "capped": "s47_answered_no", "group": ["by", "p07"], "count": planted["s47_cap_ignored_by_p07"]},
            {"name": "long_term_neglect_as_early_help_by_p19", "recorded": "green", "rules": "amber",
             "fired": ["neglect_cumulative"], "capped": None, "group": ["by", "p19"],
             "count": planted["long_term_neglect_as_early_help_by_p19"]},
        ]
        with open(a.manifest, "w") as m:
            json.dump({"count": a.count, "seed": a.seed, "causes": causes,
                       "undetermined_at_least": planted["sent_on_before_checks"]}, m, indent=2)
            m.write("\n")


if __name__ == "__main__":
    main()
