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
    if r.get("score_one_us"):
        rows.append(("`threshold score` of one referral, front-door.rules, a whole process (best of 10)",
                     "%.1f ms" % (int(r["score_one_us"]) / 1000), "", ""))
        rows.append(("  a process that starts with nothing to do (an empty batch of the 8-rule table)",
                     "%.1f ms" % (int(r["start_us"]) / 1000), "", ""))
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
    t_batch2 = t_batch
    if r.get("table_batch_j2"):
        l2, s2, _ = r["table_batch_j2"].split()
        t_batch2 = int(l2) / float(s2)
    t_eval = json.loads(r["table_eval"])["outcome_per_s"]
    t_out = t_out2 = None
    if r.get("table_outcome"):
        l, s_, _ = r["table_outcome"].split()
        t_out = int(l) / float(s_)
        l, s_, _ = r["table_outcome_j2"].split()
        t_out2 = int(l) / float(s_)
    rows.append(("Same 8-rule table, %s scenarios: threshold batch --jobs 1 (JSON in, result objects out, whole process)"
                 % "{:,}".format(cmp["scenarios"]), rate(t_batch), "", "outcomes verified"))
    rows.append(("  threshold batch --jobs 2", rate(t_batch2), "", ""))
    if t_out:
        rows.append(("  threshold batch --outcome-only (the outcome alone, as the engines below give), --jobs 1",
                     rate(t_out), "", "outcomes verified"))
        rows.append(("  threshold batch --outcome-only --jobs 2", rate(t_out2), "", ""))
    rows.append(("  threshold in process, outcome only", rate(t_eval), "", ""))

    def ratios(other, digits):
        text = ("threshold batch %.{0}fx (--jobs 2: %.{0}fx)".format(digits) % (t_batch / other, t_batch2 / other))
        if t_out:
            text += ("; --outcome-only %.{0}fx (--jobs 2: %.{0}fx)".format(digits) % (t_out / other, t_out2 / other))
        return text + ("; in process %.{0}fx".format(0 if digits == 1 else 1) % (t_eval / other))
    rows.append(("  GoRules zen-engine %s, Python `%s`" % (r["zen_version"], cmp["zen_api"]), rate(cmp["zen_per_s"]),
                 ">= 30x end to end", ratios(cmp["zen_per_s"], 1)))
    rows.append(("  CLIPS (clipspy %s), template assert + run" % r["clips_version"], rate(cmp["clips_per_s"]),
                 ">= 30x end to end", ratios(cmp["clips_per_s"], 1)))
    if "rego_per_s" in cmp:
        rows.append(("  Rego (regorus, opa-eval %s), a call per scenario" % r.get("rego_version", "?"),
                     rate(cmp["rego_per_s"]), ">= 30x end to end", ratios(cmp["rego_per_s"], 1)))
    rows.append(("  plain Python loop (if-statements over dicts)", rate(cmp["python_per_s"]), "", ratios(cmp["python_per_s"], 2)))

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
