#!/usr/bin/env python3
"""Prints the benchmark's one table from the key=value lines that bench/run.sh collected."""
import json
import sys


def load(path):
    r = {}
    for line in open(path):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            r[k] = v
    return r


def rate(x):
    return "{:,.0f}/s".format(x)


def status(value, target, higher_is_better=True):
    if higher_is_better:
        return "met" if value >= target else "missed by %.0f%% (%.2fx short)" % (100 * (1 - value / target), target / value)
    return "met" if value <= target else "missed by %.0f%% (%.1fx over)" % (100 * (value / target - 1), value / target)


def main(path):
    r = load(path)
    rows = []
    for key, label in (("eval_contact", "contact mix"), ("eval_full", "every tool filled in")):
        ev = json.loads(r[key])
        rows.append(("Evaluation in process, outcome only (`Evaluator.outcomeLevel`), front-door.rules, %s, 1 thread" % label,
                     rate(ev["outcome_per_s"]), ">= 2,000,000/s", status(ev["outcome_per_s"], 2e6)))
        rows.append(("  every rule, score and advice (`Evaluator.evaluate`)", rate(ev["evaluate_per_s"]), "", ""))
        rows.append(("  full result object (evaluate, explain, write JSON; %s bytes)" % "{:,}".format(ev["full_bytes_per_result"]),
                     rate(ev["full_per_s"]), ">= 300,000/s", status(ev["full_per_s"], 3e5)))
    for mix, label in (("contact", "contact mix"), ("full", "every tool filled in")):
        inb, outb = (int(x) for x in r["bytes_%s" % mix].split())
        for jobs in (1, 2):
            lines, secs, kb = r["batch_%s_j%d" % (mix, jobs)].split()
            lines, secs, mb = int(lines), float(secs), int(kb) / 1024
            lps = lines / secs
            target = ">= 300,000/s" if mix == "contact" else ""
            st = status(lps, 3e5) if mix == "contact" else ""
            rows.append(("`threshold batch`, %s (%d B in, %d B out a line), %s lines, --jobs %d"
                         % (label, inb // 2000, outb // 2000, "{:,}".format(lines), jobs), rate(lps), target, st))
            if mix == "contact":
                rows.append(("  peak memory (max RSS) of that run", "%.0f MB" % mb, "< 100 MB (1,000,000 lines)",
                             status(mb, 100, higher_is_better=False) if lines >= 1000000 else "(fewer lines)"))
    for n in (100, 1000, 10000):
        if "load_%d" % n in r:
            ld = json.loads(r["load_%d" % n])
            target = "< 1 s" if n == 10000 else ""
            rows.append(("Load and check %s generated rules (parse, resolve, type-check, compile; in process)" % "{:,}".format(n),
                         "%.3f s" % ld["load_s"], target, status(ld["load_s"], 1.0, higher_is_better=False) if n == 10000 else ""))
    for n in (100, 1000, 10000):
        c = r.get("check_%d" % n)
        if c:
            fig = "> timeout" if c == "timeout" else "%.2f s" % (int(c) / 1000)
            rows.append(("`threshold check` of %s generated rules (the above plus the linter, whole process)" % "{:,}".format(n),
                         fig, "< 1 s" if n == 10000 else "",
                         ("missed (did not finish within the timeout)" if c == "timeout" else status(int(c) / 1000, 1.0, False)) if n == 10000 else ""))
    cmp = json.loads(r["compare"])
    tlines, tsecs, _ = r["table_batch"].split()
    t_batch = int(tlines) / float(tsecs)
    t_eval = json.loads(r["table_eval"])["outcome_per_s"]
    rows.append(("Same 8-rule table, %s scenarios: threshold batch (JSON in, result objects out, whole process)"
                 % "{:,}".format(cmp["scenarios"]), rate(t_batch), "", "outcomes verified"))
    rows.append(("  threshold in process, outcome only", rate(t_eval), "", ""))
    rows.append(("  GoRules zen-engine %s, Python `%s`" % (r["zen_version"], cmp["zen_api"]), rate(cmp["zen_per_s"]),
                 "", "threshold batch %.1fx, in process %.0fx" % (t_batch / cmp["zen_per_s"], t_eval / cmp["zen_per_s"])))
    rows.append(("  CLIPS (clipspy %s), template assert + run" % r["clips_version"], rate(cmp["clips_per_s"]),
                 "", "threshold batch %.1fx, in process %.0fx" % (t_batch / cmp["clips_per_s"], t_eval / cmp["clips_per_s"])))
    rows.append(("  plain Python loop (if-statements over dicts)", rate(cmp["python_per_s"]),
                 "", "threshold batch %.2fx, in process %.1fx" % (t_batch / cmp["python_per_s"], t_eval / cmp["python_per_s"])))

    print("threshold benchmark: %s; load average %s before, %s after" % (r["machine"], r["load_before"], r["load_after"]))
    print()
    print("| Measure | Figure | Target | Result |")
    print("| --- | ---: | --- | --- |")
    for m, f, t, s in rows:
        print("| %s | %s | %s | %s |" % (m, f, t, s))
    print()
    print("zen-engine APIs tried: " + ", ".join("%s %s" % (k, rate(v)) for k, v in cmp["zen_all_per_s"].items())
          + "; its batch API used %.2f CPU seconds a second." % cmp["zen_batch_cpu_per_wall"])


if __name__ == "__main__":
    main(sys.argv[1])
