#!/usr/bin/env python3
"""Writes a suite of generated scenarios for rules/camden-mash.rules, for timing `threshold test`.

usage: bench/generate-scenarios.py OUTPUT_FOLDER [--files N] [--per-file M] [--rules PATH]

Writes N files (default 100) of M scenarios each (default 100) into OUTPUT_FOLDER. Each file's
`rules` line points at the rule set by absolute path, so the folder can live anywhere (a temp dir).

The scenarios are built from six templates whose expectations hold by construction (the facts
that decide each expectation are given explicitly), so the whole suite passes: `threshold test`
exits 0 and ends with "10000 passed, 0 failed". Every clause kind that the Camden rule set can
exercise is used: outcome (exact, at least, at most), fired, not fired, advice, no advice, missing
and due. Other facts are filled in at random (seeded: the same arguments give the same files).
"""
import argparse
import datetime
import os
import random
import sys

REFERRERS = ["police", "health", "school", "early_years", "family_friend_self", "anonymous", "probation", "other"]
CONCERNS = ["neglect", "physical", "sexual", "emotional"]

# Facts that only add texture: they can fire advice or lower-level rules but never raise the outcome
# above what a template fixes (the templates fix imminent_danger whenever the exact level matters).
TEXTURE_YES_NO = ["child_views_recorded", "all_carers_considered", "consent_sought", "referrer_informed",
                  "partner_checks_complete"]


def when(rng):
    """A contact time in 2019-2020, in office hours."""
    day = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(0, 700))
    return datetime.datetime(day.year, day.month, day.day, rng.randrange(8, 19), rng.choice([0, 15, 30, 45]))


def fmt(t):
    return t.strftime("%Y-%m-%d %H:%M")


def yn(b):
    return "yes" if b else "no"


def texture(rng, facts):
    facts.setdefault("age", str(rng.randrange(0, 18)))
    facts.setdefault("referrer", rng.choice(REFERRERS))
    facts.setdefault("siblings", str(rng.randrange(0, 5)))
    for name in TEXTURE_YES_NO:
        if rng.random() < 0.5:
            facts.setdefault(name, yn(rng.random() < 0.5))


def urgent(rng, received):
    facts = {"imminent_danger": "yes", "received": fmt(received)}
    texture(rng, facts)
    expect = ["outcome red_urgent", "fired imminent_danger", "advice hold_strategy_discussion",
              "due " + fmt(received + datetime.timedelta(hours=4))]
    return "Imminent danger", facts, expect


def significant_harm(rng, received):
    facts = {"imminent_danger": "no", "risk_of_significant_harm": "yes", "received": fmt(received)}
    texture(rng, facts)
    expect = ["outcome red", "fired significant_harm", "not fired imminent_danger", "advice hold_strategy_discussion",
              "due " + fmt(received + datetime.timedelta(hours=24))]
    return "Significant harm", facts, expect


def missing_exploited(rng, received):
    facts = {"imminent_danger": "no", "currently_missing": "yes", "exploitation_risk": "yes",
             "days_missing": str(rng.randrange(1, 28)), "received": fmt(received)}
    texture(rng, facts)
    expect = ["outcome red", "fired missing_and_exploited", "fired missing_now", "not fired missing_prolonged",
              "advice return_home_interview", "advice exploitation_assessment",
              "due " + fmt(received + datetime.timedelta(hours=24))]
    return "Missing and exploited", facts, expect


def sexual_outside_family(rng, received):
    facts = {"concerns": "(sexual)", "abuse_within_family": "no", "received": fmt(received)}
    texture(rng, facts)
    expect = ["outcome at least amber", "fired sexual_abuse_alleged", "not fired sexual_abuse_in_family",
              "missing imminent_danger", "missing risk_of_significant_harm"]
    return "Sexual abuse alleged outside the family", facts, expect


def child_in_need(rng, received):
    facts = {"child_in_need": "yes", "referrals_last_12_months": str(rng.randrange(0, 4)), "received": fmt(received)}
    texture(rng, facts)
    expect = ["outcome at least amber", "fired child_in_need_s17", "missing imminent_danger", "no advice check_history"]
    return "Child in need", facts, expect


def early_help(rng, received):
    """Every fact that a rule reads is known, so the outcome is exactly green."""
    facts = {name: "no" for name in [
        "imminent_danger", "risk_of_significant_harm", "child_in_need", "abuse_within_family", "domestic_abuse",
        "domestic_abuse_high_risk", "situational_violence", "parental_mental_health", "parental_substance_misuse",
        "sex_offender_contact", "contact_supervised", "abduction_risk", "neglect_long_term",
        "not_brought_to_appointments", "currently_missing", "exploitation_risk", "homeless"]}
    carers = rng.random() < 0.5
    facts.update({"early_help_needs": "yes", "concerns": "(emotional)", "referrals_last_12_months": "0",
                  "days_missing": "0", "all_carers_considered": yn(carers), "received": fmt(received)})
    texture(rng, facts)
    expect = ["outcome green", "outcome at most amber", "fired early_help_needed",
              "not fired repeat_referral_continuing_needs", "not fired toxic_trio_present",
              "no advice check_history", "no advice hold_strategy_discussion",
              ("no advice " if carers else "advice ") + "consider_all_carers"]
    return "Early help", facts, expect


TEMPLATES = [urgent, significant_harm, missing_exploited, sexual_outside_family, child_in_need, early_help]


def scenario(rng, file_index, k):
    template = TEMPLATES[(file_index + k) % len(TEMPLATES)]
    title, facts, expect = template(rng, when(rng))
    out = [f'scenario s{file_index:03d}_{k:03d} "{title}: generated case {file_index}.{k}"']
    out.append("  given")
    out += [f"    {name} = {value}" for name, value in facts.items()]
    out.append("  expect")
    out += [f"    {e}" for e in expect]
    out.append("end")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output")
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--per-file", type=int, default=100)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--rules", default=os.path.join(here, "..", "rules", "camden-mash.rules"))
    args = parser.parse_args()
    rules = os.path.abspath(args.rules)
    if not os.path.isfile(rules):
        sys.exit(f"generate-scenarios: no rule set at {rules}")
    os.makedirs(args.output, exist_ok=True)
    for i in range(args.files):
        rng = random.Random(i)
        body = [f'rules "{rules}"', ""]
        body += [scenario(rng, i, k) + "\n" for k in range(args.per_file)]
        with open(os.path.join(args.output, f"generated-{i:03d}.scenario"), "w", encoding="utf-8") as f:
            f.write("\n".join(body))
    print(f"wrote {args.files * args.per_file} scenarios in {args.files} files to {args.output}")


if __name__ == "__main__":
    main()
