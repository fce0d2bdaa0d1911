#!/usr/bin/env python3
"""The same small front-door table through threshold, GoRules zen-engine, CLIPS (clipspy), Rego (regorus,
through PyPI's opa-eval) and a plain Python loop; verifies that all five give the same outcome for every
scenario, and times each.

One table (8 rules, 5 levels, 9 facts) is written here once, and from it this script writes the threshold
rule set, the zen JDM decision table, the CLIPS rules and the Rego policy, so the five cannot drift apart. Every fact is
known in every scenario, so threshold's three-valued logic and the others' two-valued logic agree.

  compare.py write OUTDIR             write table.rules, table.jdm.json, table.clp, table.rego into OUTDIR
  compare.py scenarios N OUT.jsonl    N scenarios as JSON Lines (every fact known)
  compare.py run OUTDIR SCENARIOS.jsonl THRESHOLD_BATCH_OUTPUT.jsonl
                                      run zen, CLIPS, Rego and Python on the scenarios, compare their outcomes
                                      with threshold's (read from its batch output), print JSON timings;
                                      exit 1 on any disagreement
  compare.py interleave OUTDIR SCENARIOS.jsonl INPUT.jsonl ROUNDS BIN...
                                      ROUNDS rounds, each timing Rego on SCENARIOS and then each BIN's
                                      `batch --jobs 2 --outcome-only` on INPUT: the ratio of each round, so a
                                      machine whose speed drifts over minutes compares like with like
"""
import json
import random
import re
import sys
import time

LEVELS = ["blue", "green", "amber", "red", "red_urgent"]

# name, type, threshold declaration
FACTS = [
    ("imminent_danger", "bool", "yes/no"),
    ("risk_of_significant_harm", "bool", "yes/no"),
    ("child_in_need", "bool", "yes/no"),
    ("early_help_needs", "bool", "yes/no"),
    ("sex_offender_contact", "bool", "yes/no"),
    ("domestic_abuse", "bool", "yes/no"),
    ("age", "number", "number 0 to 25"),
    ("referrer", "enum", "one of police, health, school, other"),
    ("missing_episodes", "number", "count to 50"),
]

# rule name, level, conditions (fact, operator, operand): all must hold
RULES = [
    ("imminent_danger", "red_urgent", [("imminent_danger", "is", True)]),
    ("significant_harm", "red", [("risk_of_significant_harm", "is", True)]),
    ("offender_and_young", "red", [("sex_offender_contact", "is", True), ("age", "<", 16)]),
    ("abuse_and_missing", "red", [("domestic_abuse", "is", True), ("missing_episodes", ">=", 3)]),
    ("child_in_need", "amber", [("child_in_need", "is", True)]),
    ("police_adolescent", "amber", [("referrer", "=", "police"), ("age", "between", (10, 17))]),
    ("early_help", "green", [("early_help_needs", "is", True)]),
    ("missing_child", "green", [("missing_episodes", ">=", 1), ("age", "<", 18)]),
]


def by_severity():
    return sorted(RULES, key=lambda r: -LEVELS.index(r[1]))


# ---- threshold -------------------------------------------------------------------------------------

def threshold_rules():
    out = ['ruleset "Front door table (benchmark)" version "1"', ""]
    for name, _, decl in FACTS:
        out.append('fact %s %s "%s?"' % (name, decl, name.replace("_", " ")))
    out += ["", "levels"] + ['  %s "%s"' % (l, l.replace("_", " ").title()) for l in LEVELS] + ["end", "default blue", ""]
    for name, level, conds in RULES:
        parts = []
        for fact, op, v in conds:
            if op == "is":
                parts.append(fact if v else "not " + fact)
            elif op == "between":
                parts.append("%s between %d and %d" % (fact, v[0], v[1]))
            else:
                parts.append("%s %s %s" % (fact, op, v))
        out += ['rule %s "%s"' % (name, name.replace("_", " ")), "  when " + " and ".join(parts), "  then " + level, "end", ""]
    return "\n".join(out)


# ---- zen-engine (GoRules JDM decision table, hit policy "first", most severe row first) -------------

def zen_cell(op, v):
    if op == "is":
        return "true" if v else "false"
    if op == "between":
        return "[%d..%d]" % v
    if op == "=":
        return json.dumps(v)
    return "%s %s" % (op, v)


def zen_jdm():
    inputs = [{"id": "in_" + name, "name": name, "type": "expression", "field": name} for name, _, _ in FACTS]
    rows = []
    for name, level, conds in by_severity():
        row = {"_id": name}
        for fact, _, _ in FACTS:
            row["in_" + fact] = ""
        for fact, op, v in conds:
            row["in_" + fact] = zen_cell(op, v)
        row["out_level"] = json.dumps(level)
        rows.append(row)
    default = {"_id": "default", "out_level": json.dumps("blue")}
    default.update({"in_" + f: "" for f, _, _ in FACTS})
    rows.append(default)
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
            {"id": "table", "type": "decisionTableNode", "name": "FrontDoor", "position": {"x": 200, "y": 0},
             "content": {"hitPolicy": "first", "inputs": inputs,
                         "outputs": [{"id": "out_level", "name": "level", "type": "expression", "field": "level"}],
                         "rules": rows}},
            {"id": "response", "type": "outputNode", "name": "Response", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "request", "targetId": "table", "type": "edge"},
            {"id": "e2", "sourceId": "table", "targetId": "response", "type": "edge"},
        ],
    }


# ---- CLIPS ------------------------------------------------------------------------------------------

def clips_rules():
    slots = " ".join("(slot %s)" % name for name, _, _ in FACTS)
    out = ["(deftemplate referral (slot id) %s)" % slots, "(deftemplate fired (slot id) (slot level))"]
    for name, level, conds in RULES:
        pattern = ["(id ?id)"]
        for fact, op, v in conds:
            if op == "is":
                pattern.append("(%s %s)" % (fact, "TRUE" if v else "FALSE"))
            elif op == "=":
                pattern.append("(%s %s)" % (fact, v))
            elif op == "between":
                pattern.append("(%s ?%s&:(>= ?%s %d)&:(<= ?%s %d))" % (fact, fact, fact, v[0], fact, v[1]))
            else:
                pattern.append("(%s ?%s&:(%s ?%s %s))" % (fact, fact, op, fact, v))
        out.append("(defrule %s (referral %s) => (assert (fired (id ?id) (level %d))))"
                   % (name, " ".join(pattern), LEVELS.index(level)))
    return "\n".join(out) + "\n"


# ---- Rego (OPA's language, evaluated by regorus through PyPI's opa-eval) -------------------------------

def rego_cond(fact, op, v):
    if op == "is":
        return "input.%s == %s" % (fact, "true" if v else "false")
    if op == "between":
        return "input.%s >= %d\n    input.%s <= %d" % (fact, v[0], fact, v[1])
    if op == "=":
        return "input.%s == %s" % (fact, json.dumps(v))
    return "input.%s %s %s" % (fact, op, v)


def rego_policy():
    """One complete rule, `level`, as a chain of `else`: the first row that holds, most severe first."""
    out = ["package frontdoor", "", "import rego.v1", ""]
    first = True
    for name, level, conds in by_severity():
        body = "\n".join("    " + rego_cond(*c) for c in conds)
        head = "level := %s if {" % json.dumps(level) if first else "} else := %s if {" % json.dumps(level)
        out += [head, body]
        first = False
    out += ['} else := "blue"', ""]
    return "\n".join(out)


# ---- plain Python -----------------------------------------------------------------------------------

def python_source():
    lines = ["def outcome(f):"]
    for name, level, conds in by_severity():
        tests = []
        for fact, op, v in conds:
            if op == "is":
                tests.append("f[%r] is %r" % (fact, v))
            elif op == "between":
                tests.append("%d <= f[%r] <= %d" % (v[0], fact, v[1]))
            elif op == "=":
                tests.append("f[%r] == %r" % (fact, v))
            else:
                tests.append("f[%r] %s %r" % (fact, op, v))
        lines.append("    if %s: return %r" % (" and ".join(tests), level))
    lines.append("    return 'blue'")
    return "\n".join(lines) + "\n"


# ---- scenarios and runs -----------------------------------------------------------------------------

def scenarios(n, path):
    rng = random.Random(7)
    with open(path, "w") as out:
        for i in range(n):
            f = {name: rng.random() < 0.12 for name, kind, _ in FACTS if kind == "bool"}
            f["age"] = rng.randrange(0, 19)
            f["referrer"] = rng.choice(["police", "health", "school", "other"])
            f["missing_episodes"] = rng.choice([0, 0, 0, 0, 1, 2, 3, 5])
            out.write(json.dumps({"id": "t%d" % (i + 1), "facts": f}, separators=(",", ":")) + "\n")


def timed(fn):
    """The result, the wall time and the CPU time (all threads) of fn()."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - start, time.process_time() - cpu


def run(outdir, scenarios_path, threshold_output):
    lines = open(scenarios_path, "rb").read().splitlines()
    facts = [json.loads(l)["facts"] for l in lines]
    n = len(facts)
    level_re = re.compile(rb'"outcome":\{"level":"([a-z_]+)"')
    expected = []
    for line in open(threshold_output, "rb"):
        m = level_re.search(line)
        expected.append(m.group(1).decode() if m else "?")
    if len(expected) != n:
        sys.exit("threshold gave %d results for %d scenarios" % (len(expected), n))
    report = {"scenarios": n}

    # plain Python
    namespace = {}
    exec(python_source(), namespace)
    outcome = namespace["outcome"]
    got, secs, cpu = timed(lambda: [outcome(f) for f in facts])
    check("python", got, expected)
    report["python_per_s"] = n / secs

    # zen-engine: the fastest of its Python APIs
    import zen
    engine = zen.ZenEngine()
    decision = engine.create_decision(open(outdir + "/table.jdm.json").read())
    zen_runs = {}
    # The one-call-per-scenario APIs are slow (a few thousand a second): timed on a sample, checked on it.
    sample = min(n, 20000)
    got, secs, _ = timed(lambda: [decision.evaluate(f)["result"]["level"] for f in facts[:sample]])
    check("zen evaluate(dict)", got, expected[:sample])
    zen_runs["evaluate(dict)"] = sample / secs
    # JSON text as the context (each scenario's facts object, serialised beforehand).
    fact_bytes = [json.dumps(f, separators=(",", ":")).encode() for f in facts[:sample]]
    got, secs, _ = timed(lambda: [decision.evaluate(b)["result"]["level"] for b in fact_bytes])
    check("zen evaluate(json bytes)", got, expected[:sample])
    zen_runs["evaluate(json bytes)"] = sample / secs
    batch_engine = zen.ZenEngine({"loader": {"type": "static", "content": {"table": zen_jdm()}}})
    chunk = 10000
    def zen_batch():
        out = []
        for s in range(0, n, chunk):
            res = batch_engine.evaluate_batch([{"key": "table", "context": f} for f in facts[s:s + chunk]])
            out += [r["data"]["result"]["level"] if r.get("success") else "?" for r in res]
        return out
    got, secs, cpu = timed(zen_batch)
    check("zen evaluate_batch", got, expected)   # every scenario
    zen_runs["evaluate_batch"] = n / secs
    report["zen_batch_cpu_per_wall"] = cpu / secs
    best = max(zen_runs, key=zen_runs.get)
    report["zen_api"] = best
    report["zen_per_s"] = zen_runs[best]
    report["zen_all_per_s"] = zen_runs

    # CLIPS: assert the referrals through the template (its fastest Python API; parsing fact strings with
    # load_facts or assert_string is about ten times slower), run, read the fired facts.
    import clips
    env = clips.Environment()
    for construct in clips_rules().strip().split("\n"):
        env.build(construct)
    template = env.find_template("referral")
    yes, no = clips.Symbol("TRUE"), clips.Symbol("FALSE")
    symbols = {}
    def slot(v):
        if v is True:
            return yes
        if v is False:
            return no
        if isinstance(v, str):
            return symbols.setdefault(v, clips.Symbol(v))
        return v
    def clips_run():
        best_level = [0] * n
        chunk = 50000
        for s in range(0, n, chunk):
            env.reset()
            for i in range(s, min(n, s + chunk)):
                template.assert_fact(id=i, **{k: slot(v) for k, v in facts[i].items()})
            env.run()
            for fact in env.facts():
                if fact.template.name == "fired":
                    i, level = fact["id"], fact["level"]
                    if level > best_level[i]:
                        best_level[i] = level
        return [LEVELS[l] for l in best_level]
    got, secs, _ = timed(clips_run)
    check("CLIPS", got, expected)
    report["clips_per_s"] = n / secs

    # Rego: OPA's language, evaluated by regorus (the Rust engine) through PyPI's opa-eval, whose one API is a
    # call per scenario with the input as JSON text (serialised beforehand, as for zen's JSON bytes above).
    import opa_eval
    policy = opa_eval.OpaEval(outdir + "/table.rego", query="data.frontdoor.level")
    inputs = [json.dumps(f, separators=(",", ":")) for f in facts]
    got, secs, _ = timed(lambda: [policy.evaluate_parsed(t) for t in inputs])
    check("Rego (regorus)", got, expected)
    report["rego_per_s"] = n / secs
    print(json.dumps(report))


def interleave(outdir, scenarios_path, input_path, rounds, bins):
    import statistics
    import subprocess
    import opa_eval
    facts = [json.loads(l)["facts"] for l in open(scenarios_path, "rb")]
    inputs = [json.dumps(f, separators=(",", ":")) for f in facts]
    policy = opa_eval.OpaEval(outdir + "/table.rego", query="data.frontdoor.level")
    lines = sum(1 for _ in open(input_path, "rb"))
    ratios = {b: [] for b in bins}
    for r in range(rounds):
        _, secs, _ = timed(lambda: [policy.evaluate_parsed(t) for t in inputs])
        rego = len(inputs) / secs
        row = ["round %d: Rego %.0f/s" % (r + 1, rego)]
        for b in bins:
            cmd = [b, "batch", outdir + "/table.rules", "--jobs", "2", "--outcome-only", "--input", input_path]
            _, secs, _ = timed(lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True))
            ratios[b].append(lines / secs / rego)
            row.append("%s %.0f/s (%.1fx)" % (b, lines / secs, lines / secs / rego))
        print("  ".join(row))
    print(json.dumps({b: round(statistics.median(v), 2) for b, v in ratios.items()}))


def check(engine, got, expected):
    bad = [i for i, (g, e) in enumerate(zip(got, expected)) if g != e]
    if len(got) != len(expected) or bad:
        i = bad[0] if bad else min(len(got), len(expected))
        sys.stderr.write("MISMATCH: %s disagrees with threshold on %d of %d scenarios (first: scenario %d, %s vs %s)\n"
                         % (engine, len(bad), len(expected), i + 1, got[i] if i < len(got) else "-",
                            expected[i] if i < len(expected) else "-"))
        sys.exit(1)


def main(argv):
    if len(argv) == 2 and argv[0] == "write":
        open(argv[1] + "/table.rules", "w").write(threshold_rules())
        open(argv[1] + "/table.jdm.json", "w").write(json.dumps(zen_jdm(), indent=1))
        open(argv[1] + "/table.clp", "w").write(clips_rules())
        open(argv[1] + "/table.py", "w").write(python_source())
        open(argv[1] + "/table.rego", "w").write(rego_policy())
    elif len(argv) == 3 and argv[0] == "scenarios":
        scenarios(int(argv[1]), argv[2])
    elif len(argv) == 4 and argv[0] == "run":
        run(argv[1], argv[2], argv[3])
    elif len(argv) >= 6 and argv[0] == "interleave":
        interleave(argv[1], argv[2], argv[3], int(argv[4]), argv[5:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
