#!/usr/bin/env python3
"""Black-box checker of the claims a threshold result makes about itself.

    python3 Tests/Claims/claims.py --binary PATH [--seed N] [--count K]

Generates referrals for the shipped rule packs (random facts, many unknown, and the worked cases'
facts perturbed), scores them with `threshold batch --changes`, and tests what each result says
about itself by scoring again with changed facts:

  changes      "what would change it": each change gives its outcome; at most three per level;
               levels most severe first; a level reached by a single change is reported with single
               changes (unknown facts first, then known, each in declaration order), and pairs only
               where no single change reaches the level; no level left out that a single change reaches
  missing      "missing information": listed facts are unknown, could change what they say, are not
               questions that cannot apply; unknown facts not listed cannot change the outcome alone
  undetermined "could be LEVEL if ...": the named unknown facts can make the rule fire
  scores       the total, the possible range (total ... total + unknown items) and the bands it could
               reach, by filling the unknown questions; completion counts
  due          due times against an independent working-day calculation (England and Wales)

Standard library only. Exit status 1 when a claim is false, 0 otherwise, 2 when it cannot run.
See Tests/Claims/README.md for what is and is not checked.
"""

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, OrderedDict, defaultdict
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

import calendar_ew  # noqa: E402
import rulespack as RP  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
PACKS = ["camden-mash", "front-door", "london-continuum-of-need"]


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------

def jnum(d):
    d = Decimal(d)
    return int(d) if d == d.to_integral_value() else float(d)


def jvalue(v):
    if isinstance(v, Decimal):
        return jnum(v)
    if v is RP.CLEARED:
        return None
    return v


def current(pack, facts, name):
    """A fact's value in a scenario (JSON form), the default when it is not given; None: unknown."""
    if name in facts:
        return facts[name]
    f = pack.facts[name]
    return jvalue(f.default) if f.has_default else None


def canon(v):
    if isinstance(v, list):
        return tuple(sorted(v))
    if isinstance(v, float) and v == int(v):
        return int(v)
    return v


def show(v):
    if v is True:
        return "yes"
    if v is False:
        return "no"
    if v is None:
        return "unknown"
    if isinstance(v, list):
        return "(" + ", ".join(v) + ")"
    if isinstance(v, str) and len(v) == 16 and v[10] == "T":
        return v.replace("T", " ")
    return str(v)


def set_args(facts):
    out = []
    for k, v in facts.items():
        a = "%s=%s" % (k, show(v))
        out.append("--set '%s'" % a if (" " in a or "(" in a) else "--set %s" % a)
    return " ".join(out)


class Values:
    """Candidate values per fact, chosen here from the fact's type, its declared range and every
    number written in the pack (not from threshold's own candidates)."""

    def __init__(self, pack):
        self.pack = pack
        lits = sorted(x for x in pack.literals if x <= 1000)
        self.full = {}
        self.small = {}
        for f in pack.facts.values():
            self.full[f.name], self.small[f.name] = self._make(f, lits)

    def _make(self, f, lits):
        t = f.type
        if t == "bool":
            return [True, False], [True, False]
        if t == "one":
            return list(f.values), list(f.values)
        if t == "level":
            names = [n for n, _ in self.pack.levels]
            return names, names
        if t == "some":
            vs = f.values
            if len(vs) <= 6:
                full = [[v for v, b in zip(vs, bits) if b] for bits in itertools.product([0, 1], repeat=len(vs))]
            else:
                full = [[]] + [[v] for v in vs] + [list(vs)]
            small = [[]] + [[v] for v in vs] + [list(vs)]
            return full, small
        if t in ("count", "number"):
            lo = f.lo if f.lo is not None else Decimal(0)
            hi = f.hi
            top = hi if hi is not None else Decimal(40)
            s = set()
            k = lo
            while k <= min(top, lo + 60):
                s.add(k)
                k += 1
            for L in lits:
                for d in (Decimal(-1), Decimal(0), Decimal(1)):
                    s.add(L + d)
                if t == "number" and L == L.to_integral_value():
                    s.add(L - Decimal("0.5"))
            if hi is None:
                s.add(Decimal(1000))
            else:
                s.add(hi)
            full = sorted(x for x in s if x >= lo and (hi is None or x <= hi) and (t == "number" or x == x.to_integral_value()))
            small = set([lo, lo + 1])
            if hi is not None:
                small.add(hi)
            else:
                small.add(Decimal(40))
            for L in lits:
                if L in full:
                    small.add(L)
                if L - 1 in full:
                    small.add(L - 1)
            small = sorted(x for x in small if x in set(full))
            return [jnum(x) for x in full], [jnum(x) for x in small]
        if t == "datetime":
            return ["2024-06-03T10:00", "2024-06-09T10:00"], ["2024-06-03T10:00"]
        if t == "date":
            return ["2010-06-03", "2024-06-03"], ["2010-06-03"]
        return [], []

    def on(self, name):
        f = self.pack.facts[name]
        if f.type == "bool":
            return True
        if f.type in ("count", "number"):
            for s in self.pack.scores.values():
                for it in s.items:
                    if it["kind"] == "add" and it["simple_fact"] == name and it["max"] is not None:
                        return jnum(it["max"] if f.hi is None else min(it["max"], f.hi))
            return jnum(f.hi) if f.hi is not None else 40
        if f.type == "some":
            return list(f.values)
        return self.small[name][-1] if self.small[name] else None

    def off(self, name):
        f = self.pack.facts[name]
        if f.type == "bool":
            return False
        if f.type in ("count", "number"):
            return jnum(f.lo) if f.lo is not None else 0
        if f.type == "some":
            return []
        return self.small[name][0] if self.small[name] else None


# ---------------------------------------------------------------------------------------------
# The binary
# ---------------------------------------------------------------------------------------------

class Binary:
    def __init__(self, path, workdir):
        self.path = path
        self.workdir = workdir
        self.calls = 0
        self.lines = 0
        self.seconds = 0.0

    def batch(self, rules, facts_list, mode):
        """Scores each facts dict; mode 'outcome' (--outcome-only), 'full' or 'changes'."""
        if not facts_list:
            return []
        fd, inp = tempfile.mkstemp(suffix=".jsonl", dir=self.workdir)
        with os.fdopen(fd, "w") as f:
            for i, facts in enumerate(facts_list):
                f.write(json.dumps({"id": str(i), "facts": facts}, separators=(",", ":")))
                f.write("\n")
        args = [self.path, "batch", rules, "--input", inp]
        if mode == "outcome":
            args.append("--outcome-only")
        elif mode == "changes":
            args.append("--changes")
        t0 = time.time()
        p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.seconds += time.time() - t0
        self.calls += 1
        self.lines += len(facts_list)
        os.unlink(inp)
        out = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
        if len(out) != len(facts_list):
            raise RuntimeError("batch gave %d lines for %d: %s" % (len(out), len(facts_list), p.stderr[:2000]))
        for o in out:
            if "error" in o:
                raise RuntimeError("batch refused a line this checker wrote: %s" % o)
        return out

    def could_be(self, rules, facts_list):
        """The text result's "could be LEVEL if rule R fires" lines, per scenario: [{rule: level}]."""
        import re
        fd, inp = tempfile.mkstemp(suffix=".json", dir=self.workdir)
        with os.fdopen(fd, "w") as f:
            json.dump([{"id": "s%d" % i, "facts": facts} for i, facts in enumerate(facts_list)], f)
        t0 = time.time()
        p = subprocess.run([self.path, "score", rules, inp], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.seconds += time.time() - t0
        self.calls += 1
        os.unlink(inp)
        out = [dict() for _ in facts_list]
        cur = None
        for line in p.stdout.splitlines():
            m = re.match(r"^Scenario s(\d+)$", line)
            if m:
                cur = int(m.group(1))
                continue
            m = re.match(r"^  could be (\S+) if rule (\S+) fires", line)
            if m and cur is not None:
                out[cur][m.group(2)] = m.group(1)
        return out


# ---------------------------------------------------------------------------------------------
# Scenario generation
# ---------------------------------------------------------------------------------------------

def random_received(rng):
    r = rng.random()
    if r < 0.05:
        year = rng.choice([1, 1000, 1899, 1900, 2099, 2100, 2399, 9998])
    elif r < 0.2:
        year = rng.randint(1900, 2200)
    else:
        year = rng.randint(1978, 2060)
    if rng.random() < 0.6:
        hs = sorted(calendar_ew.holidays(year))
        d = rng.choice(hs)
        try:
            d = d + dt.timedelta(days=rng.randint(-4, 4))
        except OverflowError:
            pass
    else:
        d = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    t = rng.choice(["00:00", "00:01", "08:59", "09:00", "09:01", "12:00", "16:00", "17:30", "23:59", None])
    if t is None:
        t = "%02d:%02d" % (rng.randint(0, 23), rng.randint(0, 59))
    return "%04d-%02d-%02dT%s" % (d.year, d.month, d.day, t)


def random_value(pack, values, name, rng):
    f = pack.facts[name]
    if f.type == "bool":
        return rng.random() < 0.5
    if f.type == "datetime":
        return random_received(rng)
    vs = values.full[name]
    if not vs:
        return None
    if f.type in ("count", "number") and rng.random() < 0.6:
        vs = values.small[name]
    return rng.choice(vs)


def random_scenario(pack, values, rng):
    p = rng.choice([0.03, 0.1, 0.2, 0.35, 0.6])
    facts = {}
    tool_q = set()
    tool_mode = {}
    for s in pack.scores.values():
        if s.tool:
            tool_mode[s.name] = rng.choice(["none", "none", "some", "most", "all"])
            tool_q |= set(s.questions)
    for name in pack.fact_order:
        f = pack.facts[name]
        if f.type in ("text", "date"):
            continue
        q = p
        if f.required:
            q = 0.85
        if name in tool_q:
            modes = [tool_mode[s] for s in pack.fact_tools.get(name, [])]
            q = {"none": 0.0, "some": 0.25, "most": 0.8, "all": 1.0}[modes[0]] if modes else p
        if rng.random() < q:
            facts[name] = random_value(pack, values, name, rng)
        elif f.has_default and rng.random() < 0.25:
            facts[name] = None
    if pack.clock and rng.random() < 0.85:
        facts[pack.clock] = random_received(rng)
    return facts


def worked_cases(pack):
    import glob
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "**", "*.scenario"), recursive=True)):
        try:
            cases = RP.read_scenarios(path)
        except Exception:
            continue
        for rules, sid, (given, rest) in cases:
            if rules is None or os.path.realpath(rules) != os.path.realpath(pack.path):
                continue
            facts = {}
            ok = True
            for k, v in given.items():
                if k not in pack.facts:
                    ok = False
                    break
                f = pack.facts[k]
                if v is RP.CLEARED:
                    facts[k] = None
                elif f.type == "some" and not isinstance(v, list):
                    facts[k] = [v]
                else:
                    facts[k] = jvalue(v)
            for score, v in rest:
                # `rest of S = V`: every question of S, and every follow-up its floors read
                s = pack.scores.get(score)
                if s is None:
                    continue
                follow = [q for q in s.floor_facts if pack.facts[q].asked_when is not None]
                for q in s.questions + follow:
                    if q not in facts:
                        facts[q] = None if v == "unknown" else jvalue(v)
            if ok:
                out.append((os.path.relpath(path, ROOT) + ":" + sid, facts))
    return out


def perturb(pack, values, facts, rng):
    out = {}
    for k, v in facts.items():
        r = rng.random()
        if r < 0.25:
            continue            # forget it: unknown
        if r < 0.35 and k != pack.clock:
            out[k] = random_value(pack, values, k, rng)
            continue
        out[k] = v
    for _ in range(rng.randint(0, 3)):
        name = rng.choice(pack.fact_order)
        if pack.facts[name].type not in ("text", "date"):
            out[name] = random_value(pack, values, name, rng)
    if pack.clock and rng.random() < 0.5:
        out[pack.clock] = random_received(rng)
    return out


# ---------------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------------

ALL_KINDS = ("changes", "missing", "undetermined", "scores", "due", "settled")


class Finding:
    def __init__(self, claim, kind, key, message, base=None, detail=None):
        self.claim = claim      # changes | missing | undetermined | scores | due
        self.kind = kind        # the precise check, e.g. changes.outcome
        self.key = key          # what identifies "the same" false claim when minimising
        self.message = message
        self.base = base        # index of the scenario in the run
        self.detail = detail or {}
        self.pack = None
        self.facts = None
        self.origin = None


class Stats:
    def __init__(self):
        self.checked = Counter()
        self.false = Counter()
        self.notes = Counter()
        self.examples = {}

    def merge(self, other):
        self.checked.update(other.checked)
        self.false.update(other.false)
        self.notes.update(other.notes)
        for k, v in other.examples.items():
            self.examples.setdefault(k, v)


def seeded(*parts):
    h = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return random.Random(int(h[:16], 16))


class PackChecker:
    def __init__(self, pack, binary, verbose=False):
        self.pack = pack
        self.binary = binary
        self.values = Values(pack)
        self.verbose = verbose
        self.rank = pack.level_index
        self.levels = [n for n, _ in pack.levels]

    # -- helpers --------------------------------------------------------------------------------
    def unknown(self, facts, name):
        return current(self.pack, facts, name) is None

    def with_(self, facts, changes):
        out = dict(facts)
        for k, v in changes.items():
            out[k] = v
        return out

    def without(self, facts, names):
        out = dict(facts)
        for k in names:
            if self.pack.facts[k].has_default:
                out[k] = None
            else:
                out.pop(k, None)
        return out

    def holding_ceiling(self, facts):
        """The lowest level a cap holds the outcome at, from the caps' conditions (None: no cap holds)."""
        best = None
        for name, (level, when, unless) in self.pack.caps.items():
            try:
                w = RP.evaluate(self.pack, facts, when)
                u = RP.evaluate(self.pack, facts, unless) if unless is not None else False
            except RP.Unsupported:
                continue
            # as threshold does (docs/architecture.md, docs/rules-catalogue.md): the cap holds when its
            # `when` is yes and its `unless` is not yes. (docs/language.md 2.5 says an unknown `unless`
            # does not hold the cap: the documents disagree; this is only used to look for answers,
            # which are then scored.)
            if w is True and u is not True:
                if best is None or self.rank[level] < self.rank[best]:
                    best = level
        return best

    # -- the whole check of a list of scenarios ---------------------------------------------------
    def check(self, bases, kinds=ALL_KINDS, focus=None):
        """Returns (stats, findings) for the scenarios `bases` (facts dicts). `focus` (a fact, tool or
        rule name) limits the missing-information and could-be checks to it, to shrink a false claim
        quickly."""
        kinds = set(kinds)
        self.focus = focus
        stats = Stats()
        findings = []
        pack = self.pack
        results = self.binary.batch(pack.path, bases, "changes")
        could_be = self.binary.could_be(pack.path, bases) if "undetermined" in kinds else [{} for _ in bases]

        # Round 2: probes built from each result.
        out_probes, out_meta = [], []     # outcome-only
        full_probes, full_meta = [], []   # full results

        def probe(facts, meta, full=False):
            if full:
                full_probes.append(facts)
                full_meta.append(meta)
            else:
                out_probes.append(facts)
                out_meta.append(meta)

        need_singles = kinds & {"changes", "missing", "settled"}
        for b, (facts, R) in enumerate(zip(bases, results)):
            if "changes" in kinds:
                for k, c in enumerate(R["changes"]):
                    probe(self.with_(facts, c["set"]), ("chg", b, k))
            if need_singles:
                for name in pack.fact_order:
                    if focus is not None and kinds <= {"missing"} and name != focus:
                        continue
                    cur = canon(current(pack, facts, name))
                    for v in self.values.full[name]:
                        if canon(v) != cur:
                            probe(self.with_(facts, {name: v}), ("single", b, name, json.dumps(v)))
            if "undetermined" in kinds or "missing" in kinds:
                self._undetermined_probes(b, facts, R, probe)
            if "scores" in kinds or "missing" in kinds:
                self._score_probes(b, facts, R, probe)
            if "missing" in kinds:
                # full results (scores' bands) for a fact alone: the listed facts said to move a band,
                # and the unknown facts not listed that a score reads
                listed = set(m.get("fact") for m in R["missing"])
                tools_listed = set(m.get("tool") for m in R["missing"])
                band_listed = set(m.get("fact") for m in R["missing"] if m["could_change"] and " band to " in m["could_change"])
                for name in pack.fact_order:
                    if not self.unknown(facts, name) or name not in pack.score_of_fact:
                        continue
                    if focus is not None and name != focus:
                        continue
                    if name in listed and name not in band_listed:
                        continue
                    if name not in listed and any(t in tools_listed for t in pack.fact_gates.get(name, [])):
                        continue
                    for v in self.values.small[name]:
                        probe(self.with_(facts, {name: v}), ("band1", b, name, json.dumps(v)), full=True)
            if "due" in kinds and pack.clock:
                rng = seeded("due", pack.name, facts)
                lv = R["outcome"]["level"]
                if pack.within(lv) is not None:
                    for j in range(6):
                        probe(self.with_(facts, {pack.clock: random_received(rng)}), ("due", b, j))

        outs = self.binary.batch(pack.path, out_probes, "outcome")
        fulls = self.binary.batch(pack.path, full_probes, "full")

        single = defaultdict(dict)      # b -> {(name, valuejson): level}
        chg = defaultdict(dict)
        und_runs = defaultdict(list)    # (b, key) -> [(assignment, result)]
        score_runs = defaultdict(list)  # (b, score) -> [(fill, tag, result)]
        band1 = defaultdict(dict)       # b -> {(name, valuejson): result}
        for meta, facts, o in zip(out_meta, out_probes, outs):
            self._due_check(facts, o, stats, findings, meta[1])
            if meta[0] == "chg":
                chg[meta[1]][meta[2]] = o["outcome"]["level"]
            elif meta[0] == "single":
                single[meta[1]][(meta[2], meta[3])] = o["outcome"]["level"]
        for meta, facts, o in zip(full_meta, full_probes, fulls):
            self._due_check(facts, o, stats, findings, meta[1])
            if meta[0] == "und":
                und_runs[(meta[1], meta[2])].append((meta[3], o))
            elif meta[0] == "score":
                score_runs[(meta[1], meta[2])].append((meta[3], meta[4], o))
            elif meta[0] == "band1":
                band1[meta[1]][(meta[2], meta[3])] = o

        if "undetermined" in kinds or "missing" in kinds:
            ext_probes, ext_meta = [], []

            def probe2(facts, meta, full=True):
                ext_probes.append(facts)
                ext_meta.append(meta)
            for b, (facts, R) in enumerate(zip(bases, results)):
                self._undetermined_extension(b, facts, R, und_runs, probe2)
            for meta, facts, o in zip(ext_meta, ext_probes, self.binary.batch(pack.path, ext_probes, "full")):
                self._due_check(facts, o, stats, findings, meta[1])
                und_runs[(meta[1], meta[2])].append((meta[3], o))

        for b, (facts, R) in enumerate(zip(bases, results)):
            self._due_check(facts, R, stats, findings, b)
            if "changes" in kinds:
                self._check_changes(b, facts, R, chg[b], single[b], stats, findings)
            if "undetermined" in kinds:
                self._check_undetermined(b, facts, R, und_runs, could_be[b], stats, findings)
            if "settled" in kinds:
                self._check_settled(b, facts, R, single[b], stats, findings)
            if "scores" in kinds:
                self._check_scores(b, facts, R, score_runs, stats, findings)

        if "missing" in kinds:
            self._check_missing(bases, results, single, band1, und_runs, score_runs, stats, findings)

        for f in findings:
            f.pack = pack.name
            if f.base is not None:
                f.facts = f.detail.pop("probe", None) or bases[f.base]
        return stats, findings

    # -- due times --------------------------------------------------------------------------------
    def _due_check(self, facts, o, stats, findings, b):
        pack = self.pack
        if not pack.clock:
            return
        lv = o["outcome"]["level"]
        within = pack.within(lv)
        start = current(pack, facts, pack.clock)
        got = o["outcome"].get("due")
        want_within = None if within is None else "%d %s" % within
        if o["outcome"].get("within") != want_within:
            # "1 working days" is how the pack writes it; compare numbers and units only
            w = o["outcome"].get("within")
            if not (w and within and w.split()[0] == str(within[0]) and w.split()[-1].rstrip("s") == within[1].split()[-1].rstrip("s")):
                stats.false["due.within"] += 1
                findings.append(Finding("due", "due.within", (lv,), "level %s is declared within %s; the result says within %r" % (lv, want_within, w), b))
        stats.checked["due.within"] += 1
        if within is None or start is None:
            stats.checked["due.absent"] += 1
            if got is not None:
                stats.false["due.absent"] += 1
                findings.append(Finding("due", "due.absent", (lv,), "a due time %s is given for level %s, which has %s" % (got, lv, "no timescale" if within is None else "no clock start"), b))
            return
        kind = "due." + within[1].replace(" ", "_")
        stats.checked[kind] += 1
        s = dt.datetime.strptime(start, "%Y-%m-%dT%H:%M")
        try:
            want = calendar_ew.due(s, within)
        except OverflowError:
            return
        want_s = "%04d-%02d-%02dT%02d:%02d" % (want.year, want.month, want.day, want.hour, want.minute)
        if got != want_s:
            stats.false[kind] += 1
            findings.append(Finding("due", kind, (within[1], start), "received %s (%s), %s within %d %s: due %s; counted here %s" % (
                start.replace("T", " "), s.strftime("%A"), lv, within[0], within[1], got.replace("T", " ") if got else None, want_s.replace("T", " ")), b,
                {"start": start, "got": got, "want": want_s, "probe": facts}))

    # -- changes ----------------------------------------------------------------------------------
    def _check_changes(self, b, facts, R, chg, single, stats, findings):
        pack = self.pack
        O = R["outcome"]["level"]
        changes = R["changes"]
        # 1. each change gives its outcome
        for k, c in enumerate(changes):
            stats.checked["changes.outcome"] += 1
            got = chg.get(k)
            if got != c["outcome"]:
                stats.false["changes.outcome"] += 1
                findings.append(Finding("changes", "changes.outcome", (c["outcome"], tuple(sorted(c["set"]))),
                                        "change %s is said to give %s; scored again it gives %s" % (
                                            set_args(c["set"]), c["outcome"], got), b, {"change": c}))
            stats.checked["changes.other-outcome"] += 1
            if c["outcome"] == O:
                stats.false["changes.other-outcome"] += 1
                findings.append(Finding("changes", "changes.other-outcome", (O,), "change %s gives the outcome already given (%s)" % (set_args(c["set"]), O), b))
        # 2. order: levels most severe first, each level once, at most three, singles or pairs
        groups = OrderedDict()
        order_ok = True
        last = None
        for c in changes:
            lv = c["outcome"]
            if lv not in self.rank:
                continue
            if lv in groups and last != lv:
                order_ok = False
            if last is not None and lv != last and self.rank[lv] > self.rank[last]:
                order_ok = False
            groups.setdefault(lv, []).append(c)
            last = lv
        stats.checked["changes.level-order"] += 1
        if not order_ok:
            stats.false["changes.level-order"] += 1
            findings.append(Finding("changes", "changes.level-order", (), "levels are not most severe first: %s" % [c["outcome"] for c in changes], b))
        for lv, cs in groups.items():
            stats.checked["changes.at-most-3"] += 1
            if len(cs) > 3:
                stats.false["changes.at-most-3"] += 1
                findings.append(Finding("changes", "changes.at-most-3", (lv,), "%d changes for %s" % (len(cs), lv), b))
            sizes = set(len(c["set"]) for c in cs)
            stats.checked["changes.shape"] += 1
            if not sizes <= {1, 2} or len(sizes) > 1:
                stats.false["changes.shape"] += 1
                findings.append(Finding("changes", "changes.shape", (lv,), "changes for %s mix sizes %s" % (lv, sorted(sizes)), b))
        # what single changes reach each level (brute force here)
        reach = defaultdict(list)   # level -> [(name, valuejson)]
        for (name, vj), lv in single.items():
            if lv != O:
                reach[lv].append((name, vj))

        def applies(name):
            # an open question that cannot apply to the child is not suggested (docs/language.md 5)
            return not (self.unknown(facts, name) and RP.asked_status(pack, facts, name) == "cannot")

        for lv in self.levels:
            if lv == O:
                continue
            cs = groups.get(lv, [])
            found = [(n, vj) for n, vj in reach.get(lv, []) if applies(n)]
            if not cs:
                stats.checked["changes.level-missed"] += 1
                if found:
                    plain = [(n, vj) for n, vj in found if not self._swap(facts, n, json.loads(vj))]
                    n, vj = (plain or found)[0]
                    swap = not plain
                    stats.false["changes.level-missed"] += 1
                    findings.append(Finding("changes", "changes.level-missed" + (" (set replaced)" if swap else ""), (lv, swap),
                                            "no change to %s is reported, but %s=%s alone gives %s%s" % (lv, n, show(json.loads(vj)), lv,
                                                " (a `some of` fact changed from %s: more than one value added or removed)" % show(current(pack, facts, n)) if swap else ""),
                                            b, {"fact": n, "value": json.loads(vj)}))
                continue
            if all(len(c["set"]) == 2 for c in cs):
                stats.checked["changes.pairs-only-when-needed"] += 1
                if found:
                    plain = [(n, vj) for n, vj in found if not self._swap(facts, n, json.loads(vj))]
                    n, vj = (plain or found)[0]
                    swap = not plain
                    kind = "changes.pairs-only-when-needed" + (" (set replaced)" if swap else "")
                    stats.false["changes.pairs-only-when-needed"] += 1
                    findings.append(Finding("changes", kind, (lv, swap),
                                            "%s is reported only with pairs (%s), but %s=%s alone gives %s%s" % (
                                                lv, "; ".join(set_args(c["set"]) for c in cs), n, show(json.loads(vj)), lv,
                                                " (a `some of` fact changed from %s: more than one value added or removed)" % show(current(pack, facts, n)) if swap else ""),
                                            b, {"fact": n, "value": json.loads(vj)}))
                continue
            # singles: the facts in the documented order, and the first ones that reach the level
            names = [next(iter(c["set"])) for c in cs if len(c["set"]) == 1]
            for c in cs:
                if len(c["set"]) != 1:
                    continue
                n = next(iter(c["set"]))
                stats.checked["changes.not-applicable"] += 1
                if not applies(n):
                    stats.false["changes.not-applicable"] += 1
                    findings.append(Finding("changes", "changes.not-applicable", (lv, n),
                                            "change %s is suggested, but the question cannot apply to this child" % set_args(c["set"]), b))

            def key(n):
                return (0 if self.unknown(facts, n) else 1, pack.facts[n].index)
            stats.checked["changes.single-order"] += 1
            if [key(n) for n in names] != sorted(key(n) for n in names):
                stats.false["changes.single-order"] += 1
                findings.append(Finding("changes", "changes.single-order", (lv,),
                                        "single changes to %s are not unknown facts first, then known, in declaration order: %s" % (lv, names), b))
            expected = sorted(set(n for n, vj in found if not self._swap(facts, n, json.loads(vj))), key=key)
            reported = []
            for n in names:
                if n not in reported:
                    reported.append(n)
            stats.checked["changes.first-singles"] += 1
            want = expected[:3]
            if reported != want and all(n in expected for n in reported):
                n = next(x for x in want if x not in reported) if any(x not in reported for x in want) else want[0]
                vj = next(v for m, v in found if m == n)
                stats.false["changes.first-singles"] += 1
                findings.append(Finding("changes", "changes.first-singles", (lv, n),
                                        "single changes to %s reported: %s; by the documented order (unknown facts first, then known, each in declaration order; at most three) they would be %s: %s=%s alone also gives %s" % (
                                            lv, ", ".join(reported), ", ".join(want), n, show(json.loads(vj)), lv),
                                        b, {"fact": n, "value": json.loads(vj), "reported": reported}))

    # -- settled, highest and lowest possible (docs/language.md 2.5) -------------------------------
    def _check_settled(self, b, facts, R, single, stats, findings):
        pack = self.pack
        O = R["outcome"]["level"]
        hi, lo = R["highest_possible"], R["lowest_possible"]
        stats.checked["settled.shape"] += 1
        if (R["settled"] and (hi != O or lo != O)) or self.rank[hi] < self.rank[O] or self.rank[lo] > self.rank[O]:
            stats.false["settled.shape"] += 1
            findings.append(Finding("settled", "settled.shape", (), "settled %s, outcome %s, highest %s, lowest %s" % (R["settled"], O, hi, lo), b))
        for (name, vj), lv in single.items():
            if lv == O or not self.unknown(facts, name) or RP.asked_status(pack, facts, name) == "cannot":
                continue
            stats.checked["settled.bounds"] += 1
            if R["settled"] or self.rank[lv] > self.rank[hi] or self.rank[lv] < self.rank[lo]:
                stats.false["settled.bounds"] += 1
                findings.append(Finding("settled", "settled.bounds", (name,),
                                        "the outcome %s is %s (highest possible %s, lowest %s), but answering %s=%s gives %s" % (
                                            O, "settled" if R["settled"] else "provisional", hi, lo, name, show(json.loads(vj)), lv), b))
                break

    def _swap(self, facts, name, v):
        f = self.pack.facts[name]
        cur = current(self.pack, facts, name)
        if f.type != "some" or cur is None:
            return False
        return len(set(cur) ^ set(v)) > 1

    # -- undetermined -------------------------------------------------------------------------------
    def _in_focus(self, u):
        f = getattr(self, "focus", None)
        if f is None:
            return True
        if f == u["rule"] or f in u["unknown"]:
            return True
        s = self.pack.scores.get(f)
        return bool(s) and any(n in u["unknown"] for n in s.questions + s.floor_facts)

    def _undetermined_probes(self, b, facts, R, probe):
        pack = self.pack
        seen = set()
        for u in R["undetermined"]:
            if not self._in_focus(u):
                continue
            names = tuple(u["unknown"])
            if not all(n in pack.facts for n in names):
                continue
            if names not in seen:
                seen.add(names)
                rng = seeded("und", pack.name, facts, names)
                for a in self._assignments(names, rng, 40):
                    probe(self.with_(facts, a), ("und", b, names, a), full=True)
            if u["rule"] in pack.rules:
                for a in self._firing_search(facts, u["rule"], names):
                    probe(self.with_(facts, a), ("und", b, names, a), full=True)

    def _undetermined_extension(self, b, facts, R, und_runs, probe):
        """For the rules no answer to the named facts fired: answers that also give the other unknown
        facts the rule reads, which the list leaves out (follow-ups that wait for the named facts,
        questions that cannot apply)."""
        pack = self.pack
        for u in R["undetermined"]:
            if not self._in_focus(u):
                continue
            names = tuple(u["unknown"])
            if any(u["rule"] in [f["rule"] for f in o["fired"]] for _, o in und_runs.get((b, names), [])):
                continue
            rule = pack.rules.get(u["rule"])
            if rule is None:
                continue
            read = pack.facts_read(rule[1])
            extra = tuple(n for n in pack.fact_order if n in read and n not in names and self.unknown(facts, n))
            if extra:
                # first with the follow-ups that wait for an answer only (documented as left out),
                # then with every other unknown fact the rule reads
                waits = tuple(n for n in extra if RP.asked_status(pack, facts, n) == "waits")
                rng = seeded("und+", pack.name, facts, names, u["rule"])
                if waits:
                    for a in self._assignments(names + waits, rng, 40) + self._firing_search(facts, u["rule"], names + waits):
                        probe(self.with_(facts, a), ("und", b, ("+w", u["rule"]) + names, a), full=True)
                if waits != extra:
                    for a in self._assignments(names + extra, rng, 40) + self._firing_search(facts, u["rule"], names + extra):
                        probe(self.with_(facts, a), ("und", b, ("+", u["rule"]) + names, a), full=True)

    def _firing(self, b, und_runs, rule, names):
        out = []
        for a, o in und_runs.get((b, names), []) + und_runs.get((b, ("+w", rule) + names), []) + und_runs.get((b, ("+", rule) + names), []):
            if rule in [f["rule"] for f in o["fired"]]:
                out.append(a)
        return out

    def _assignments(self, names, rng, limit):
        """Values for `names`: every combination when there are few; otherwise all on, all off, each
        value of each fact with the others on and with the others off, then random ones."""
        doms = [self.values.small[n] for n in names]
        total = 1
        for d in doms:
            total *= max(1, len(d))
        if total <= limit:
            return [dict(zip(names, combo)) for combo in itertools.product(*doms)]
        on = {n: self.values.on(n) for n in names}
        off = {n: self.values.off(n) for n in names}
        out = [on, off]
        for n, d in zip(names, doms):
            for v in d:
                out.append(self._merge(on, {n: v}))
                out.append(self._merge(off, {n: v}))
        rng.shuffle(out)
        out = [on, off] + out[:max(0, limit // 2)]
        while len(out) < limit:
            p = rng.choice([0.2, 0.5, 0.8])
            out.append({n: (self.values.on(n) if rng.random() < p else rng.choice(self.values.small[n])) for n in names})
        return out

    def _firing_search(self, facts, rule, names, limit=3):
        """Answers to `names` that make `rule` yes, by evaluating it here (None when the rule reads a
        score); the caller confirms by scoring."""
        pack = self.pack
        cond = pack.rules[rule][1]
        out = []
        rng = seeded("fire", pack.name, facts, rule, names)
        doms = [self.values.small[n] for n in names]
        total = 1
        for d in doms:
            total *= max(1, len(d))
        cands = itertools.product(*doms) if total <= 4096 else (tuple(rng.choice(d) for d in doms) for _ in range(2000))
        for combo in cands:
            a = dict(zip(names, combo))
            try:
                r = RP.evaluate(pack, self.with_(facts, a), cond)
            except RP.Unsupported:
                return out
            if r is True:
                out.append(a)
                if len(out) >= limit:
                    break
        return out

    def _check_undetermined(self, b, facts, R, und_runs, text, stats, findings):
        O = R["outcome"]["level"]
        stats.checked["undetermined.text-json"] += 1
        if set(text) != set(u["rule"] for u in R["undetermined"]):
            stats.false["undetermined.text-json"] += 1
            findings.append(Finding("undetermined", "undetermined.text-json", (), "the text's could-be rules %s differ from the JSON's %s" % (
                sorted(set(text) - set(u["rule"] for u in R["undetermined"])), sorted(set(u["rule"] for u in R["undetermined"]) - set(text))), b))
        for u in R["undetermined"]:
            if not self._in_focus(u):
                continue
            claimed = text.get(u["rule"], u["level"])
            names = tuple(u["unknown"])
            stats.checked["undetermined.facts-unknown"] += 1
            known = [n for n in names if not self.unknown(facts, n)]
            if known:
                stats.false["undetermined.facts-unknown"] += 1
                findings.append(Finding("undetermined", "undetermined.facts-unknown", (u["rule"],), "rule %s is said to be kept open by %s, which are known" % (u["rule"], known), b))
            stats.checked["undetermined.above-outcome"] += 1
            if self.rank[claimed] <= self.rank[O]:
                stats.false["undetermined.above-outcome"] += 1
                findings.append(Finding("undetermined", "undetermined.above-outcome", (u["rule"],),
                                        "could be %s (rule %s) is listed although the outcome is already %s" % (claimed, u["rule"], O), b))
            stats.checked["undetermined.can-fire"] += 1
            both = und_runs.get((b, names), []) + und_runs.get((b, ("+w", u["rule"]) + names), []) + und_runs.get((b, ("+", u["rule"]) + names), [])
            firing = [(a, o) for a, o in both if u["rule"] in [f["rule"] for f in o["fired"]]]
            fired = any(u["rule"] in [f["rule"] for f in o["fired"]] for _, o in und_runs.get((b, names), []))
            if firing:
                # "could be LEVEL": with the rule fired, the outcome reaches LEVEL (a cap that holds is
                # never claimed past, docs/language.md 2.5)
                stats.checked["undetermined.reaches-level"] += 1
                if not any(self.rank[o["outcome"]["level"]] >= self.rank[claimed] for _, o in firing):
                    a, o = firing[0]
                    stats.false["undetermined.reaches-level"] += 1
                    findings.append(Finding("undetermined", "undetermined.reaches-level", (u["rule"],),
                                            "could be %s if rule %s fires (unknown: %s); answering %s fires it, but the outcome is %s%s (%d firing answers tried, none reaches %s)" % (
                                                claimed, u["rule"], list(names), set_args(a), o["outcome"]["level"],
                                                ", held by cap %s" % o["capped"]["by"] if o.get("capped") else "", len(firing), claimed),
                                            b, {"rule": u["rule"]}))
            if fired:
                continue
            if any(u["rule"] in [f["rule"] for f in o["fired"]] for _, o in und_runs.get((b, ("+w", u["rule"]) + names), [])):
                # fires once the follow-ups that wait for the named facts are answered too: the list
                # leaves those out, as documented
                stats.checked["undetermined.follow-ups"] += 1
                continue
            runs = und_runs.get((b, ("+", u["rule"]) + names), [])
            fired_ext = [a for a, o in runs if u["rule"] in [f["rule"] for f in o["fired"]]]
            extra = []
            if fired_ext:
                extra = sorted(set(fired_ext[0]) - set(names), key=lambda n: self.pack.facts[n].index)
            stats.false["undetermined.can-fire"] += 1
            tried = len(und_runs.get((b, names), []))
            if fired_ext:
                msg = ("could be %s if rule %s fires, kept open by %s; no answer to those makes it fire: it also needs %s (%s)" % (
                    u["level"], u["rule"], list(names), ", ".join("%s, whose question %s" % (n, {"cannot": "cannot apply to this child", "waits": "waits for another answer", "applies": "applies"}[RP.asked_status(self.pack, facts, n)]) for n in extra),
                    "fires with " + set_args({k: v for k, v in fired_ext[0].items() if k in extra})))
            else:
                msg = "could be %s if rule %s fires (unknown: %s); %d assignments of those facts tried, none fires it" % (u["level"], u["rule"], list(names), tried)
            findings.append(Finding("undetermined", "undetermined.can-fire", (u["rule"],), msg, b, {"rule": u["rule"], "extra": extra}))

    # -- scores -----------------------------------------------------------------------------------
    def _score_probes(self, b, facts, R, probe):
        pack = self.pack
        focus = getattr(self, "focus", None)
        for sname, S in R["scores"].items():
            s = pack.scores.get(sname)
            if s is None or S["status"] == "not_applicable":
                continue
            if focus is not None and focus != sname and focus not in s.questions + s.floor_facts:
                continue
            open_q = [n for n in s.questions if self.unknown(facts, n)]
            open_f = [n for n in s.floor_facts if self.unknown(facts, n)]
            if not open_q and not open_f:
                continue
            rng = seeded("score", pack.name, facts, sname)
            fills = []
            fills.append(({n: self.values.off(n) for n in open_q + open_f}, "min"))
            fills.append(({n: self.values.on(n) for n in open_q + open_f}, "max"))
            for a in self._ladders(facts, s, None, rng, 1):
                fills.append((a, "ladder"))
            for a in self._band_fills(facts, s, S, rng):
                fills.append((a, "band"))
            for _ in range(4):
                fills.append(({n: rng.choice(self.values.small[n]) for n in open_q + open_f}, "random"))
            # the questions alone, floors left as they are
            fills.append(({n: self.values.on(n) for n in open_q}, "max-q"))
            for a, tag in fills:
                probe(self.with_(facts, a), ("score", b, sname, a, tag), full=True)

    def _floor_read(self, s):
        out = set()
        for _, c in s.floors:
            out |= self.pack.facts_read(c)
        return out

    def _floors(self, facts, s, fill, exclude, want):
        """Values for the unknown floor-only facts of s that make its floors not hold (want=False) or
        one of them hold (want=True), judged by evaluating the floors here."""
        pack = self.pack
        out = {}
        cur = self.with_(facts, fill)
        for ff in s.floor_facts:
            if ff == exclude or ff in fill or not self.unknown(facts, ff):
                continue
            best, bestn = None, None
            for v in self.values.small[ff]:
                trial = self.with_(cur, {ff: v})
                n = 0
                for _, c in s.floors:
                    try:
                        r = RP.evaluate(pack, trial, c)
                    except RP.Unsupported:
                        r = None
                    n += (r is not False) if not want else -(r is True)
                if bestn is None or n < bestn:
                    best, bestn = v, n
            out[ff] = best
            cur[ff] = best
        return out

    def _triggers(self, facts, s, exclude, at_least=None):
        """The unknown questions of s that, answered on with the rest off, could make a floor hold
        (judged here, with the floor-only facts chosen so that no floor holds); only the floors to a
        band at or above `at_least` when it is given."""
        pack = self.pack
        order = [n for n, _, _ in s.bands]
        floors = [(b, c) for b, c in s.floors if at_least is None or order.index(b) >= order.index(at_least)]
        qs = [q for q in s.questions if self.unknown(facts, q) and q != exclude]
        off = {q: self.values.off(q) for q in qs}
        off.update(self._floors(facts, s, off, exclude, False))
        out = set()
        for q in qs:
            trial = self.with_(facts, self._merge(off, {q: self.values.on(q)}))
            for _, c in floors:
                try:
                    r = RP.evaluate(pack, trial, c)
                except RP.Unsupported:
                    r = None
                if r is not False:
                    out.add(q)
        return out

    def _ladders(self, facts, s, exclude, rng, n):
        """The unknown questions of s switched on one by one (those that could make a floor hold last),
        the rest off, floor-only facts chosen so that no floor holds: every total from the lowest up."""
        qs = [q for q in s.questions if self.unknown(facts, q) and q != exclude]
        fr = self._triggers(facts, s, exclude)
        out = []
        for _ in range(n):
            plain = [q for q in qs if q not in fr]
            late = [q for q in qs if q in fr]
            rng.shuffle(plain)
            rng.shuffle(late)
            order = plain + late
            for i in range(len(order) + 1):
                a = {q: (self.values.on(q) if j < i else self.values.off(q)) for j, q in enumerate(order)}
                a.update(self._floors(facts, s, a, exclude, False))
                out.append(a)
        return out

    def _floor_decisive(self, facts, s, name, limit=3):
        """Answers under which `name` decides whether a floor of s holds (by evaluating the floor
        here), with the other unknown questions of s off and the other floors kept off."""
        pack = self.pack
        out = []
        rng = seeded("floordec", pack.name, facts, s.name, name)
        for band, cond in s.floors:
            read = pack.facts_read(cond)
            if name not in read:
                continue
            others = tuple(n for n in pack.fact_order if n in read and n != name and self.unknown(facts, n))
            base = {q: self.values.off(q) for q in s.questions if self.unknown(facts, q) and q != name and q not in others}
            for a in self._assignments(others, rng, 300):
                x = self.with_(facts, self._merge(base, a))
                try:
                    r0 = RP.evaluate(pack, self.without(x, [name]), cond)
                except RP.Unsupported:
                    break
                if r0 is True:
                    continue
                hit = False
                for v in self.values.small[name]:
                    try:
                        r1 = RP.evaluate(pack, self.with_(x, {name: v}), cond)
                    except RP.Unsupported:
                        r1 = None
                    if r1 is True:
                        hit = True
                        break
                if hit:
                    fill = self._merge(base, a)
                    fill.update(self._floors(facts, s, fill, name, False))
                    out.append(fill)
                    if len(out) >= limit:
                        return out
        return out

    def _plans(self, facts, s, exclude, at_least=None):
        """Subset sums over the unknown simple items of s (but `exclude`): {sum: answers}, first
        keeping off the questions that could make a floor (to `at_least` or above) hold, then with
        them. None when the items are not all simple."""
        pack = self.pack
        if not all(it["simple_fact"] for it in s.items):
            return None
        if any(c > 1 for c in Counter(it["simple_fact"] for it in s.items).values()):
            return None
        fr = self._triggers(facts, s, exclude, at_least)
        choices = []
        for it in s.items:
            n = it["simple_fact"]
            if n == exclude or not self.unknown(facts, n):
                continue
            if it["kind"] == "when":
                choices.append((n, [(False, Decimal(0)), (True, it["weight"])]))
            else:
                f = pack.facts[n]
                top = it["max"] if f.hi is None else (f.hi if it["max"] is None else min(f.hi, it["max"]))
                top = Decimal(40) if top is None else top
                vs = []
                k = f.lo or Decimal(0)
                while k <= top:
                    vs.append((jnum(k), min(k, it["max"]) if it["max"] is not None else k))
                    k += 1
                choices.append((n, vs))

        def dp(avoid):
            reach = {Decimal(0): {}}
            for n, cs in choices:
                new = {}
                for tot, a in reach.items():
                    for v, c in (cs[:1] if (avoid and n in fr) else cs):
                        t = tot + c
                        if t not in new:
                            x = dict(a)
                            x[n] = v
                            new[t] = x
                reach = new
            return reach
        return [dp(True), dp(False)]

    def _fill_total(self, facts, s, plans, lo, hi, exclude, rng):
        """Answers to the other unknown questions of s that bring the known total into [lo, hi]."""
        for reach in plans:
            hit = [t for t in reach if t >= lo and (hi is None or t <= hi)]
            if hit:
                a = dict(reach[rng.choice(sorted(hit))])
                a.update(self._floors(facts, s, a, exclude, False))
                return a
        return None

    def _band_fills(self, facts, s, S, rng):
        """For each band: answers to the unknown questions whose total lands in it (a subset sum over
        the items), floors kept off; and for each floor, answers that make it hold."""
        pack = self.pack
        out = []
        known = Decimal(str(S["total"]))
        names = [n for n, _, _ in s.bands]
        for k, (name, lo, hi) in enumerate(s.bands):
            # keep off the floors that would raise the band past this one
            plans = self._plans(facts, s, None, names[k + 1] if k + 1 < len(names) else None)
            if plans is None:
                return out
            a = self._fill_total(facts, s, plans, lo - known, None if hi is None else hi - known, None, rng)
            if a is not None:
                out.append(a)
        # each floor made to hold, with as little else as possible
        for band, cond in s.floors:
            cf = tuple(n for n in pack.fact_order if n in pack.facts_read(cond) and self.unknown(facts, n))
            for a in self._assignments(cf, seeded("floor", pack.name, facts, band, cf), 24):
                try:
                    r = RP.evaluate(pack, self.with_(facts, a), cond)
                except RP.Unsupported:
                    r = None
                if r is True:
                    x = {q: self.values.off(q) for q in s.questions if self.unknown(facts, q)}
                    x.update(a)
                    out.append(x)
                    break
        return out

    def _check_scores(self, b, facts, R, score_runs, stats, findings):
        pack = self.pack
        for sname, S in R["scores"].items():
            s = pack.scores.get(sname)
            if s is None:
                continue
            known_q = [n for n in s.questions if not self.unknown(facts, n)]
            # completion counts (docs/language.md 2.6, 5)
            stats.checked["scores.counts"] += 1
            applies = RP.tool_applies(pack, facts, sname)
            if S["questions"] != len(s.questions) or S["answered"] != len(known_q):
                stats.false["scores.counts"] += 1
                findings.append(Finding("scores", "scores.counts", (sname,), "%s: %d of %d answered, counted here %d of %d" % (sname, S["answered"], S["questions"], len(known_q), len(s.questions)), b))
            want_status = ("not_applicable" if (s.tool and applies is False and not known_q) else
                           "not_started" if not known_q else "complete" if len(known_q) == len(s.questions) else "incomplete")
            stats.checked["scores.status"] += 1
            if S["status"] != want_status:
                stats.false["scores.status"] += 1
                findings.append(Finding("scores", "scores.status", (sname,), "%s: status %s, expected %s" % (sname, S["status"], want_status), b))
            # total and range from the items (simple items only: N when FACT, add FACT max M)
            simple = all(it["simple_fact"] for it in s.items)
            if simple:
                total = Decimal(0)
                lo = Decimal(0)
                hi = Decimal(0)
                unbounded = False
                for it in s.items:
                    n = it["simple_fact"]
                    v = current(pack, facts, n)
                    if it["kind"] == "when":
                        w = it["weight"]
                        if v is None:
                            lo += min(w, 0)
                            hi += max(w, 0)
                        elif v is True:
                            total += w
                    else:
                        mx = it["max"]
                        if v is None:
                            f = pack.facts[n]
                            flo = f.lo if f.lo is not None else None
                            fhi = f.hi
                            top = fhi if mx is None else (mx if fhi is None else min(mx, fhi))
                            lo += min(flo, mx) if (flo is not None and mx is not None) else (flo or 0)
                            if top is None:
                                unbounded = True
                            else:
                                hi += top
                        else:
                            total += min(Decimal(str(v)), mx) if mx is not None else Decimal(str(v))
                stats.checked["scores.total"] += 1
                if Decimal(str(S["total"])) != total:
                    stats.false["scores.total"] += 1
                    findings.append(Finding("scores", "scores.total", (sname,), "%s: total %s; the known answers add up to %s" % (sname, S["total"], total), b))
                want_range = [jnum(total + lo), None if unbounded else jnum(total + hi)]
                stats.checked["scores.range-formula"] += 1
                if [canon(x) for x in S["range"]] != [canon(x) for x in want_range]:
                    stats.false["scores.range-formula"] += 1
                    findings.append(Finding("scores", "scores.range-formula", (sname,), "%s: range %s; total ... total + unknown items is %s" % (sname, S["range"], want_range), b))
            if s.domains and all(it["domain"] for it in s.items):
                stats.checked["scores.domains"] += 1
                if sum(Decimal(str(x)) for x in S["domains"].values()) != Decimal(str(S["total"])):
                    stats.false["scores.domains"] += 1
                    findings.append(Finding("scores", "scores.domains", (sname,), "%s: domains %s do not add up to the total %s" % (sname, S["domains"], S["total"]), b))
            # band and could_reach consistency
            stats.checked["scores.settled-shape"] += 1
            if (S["band"] is None) == (S["could_reach"] is None) and S["status"] != "not_applicable":
                stats.false["scores.settled-shape"] += 1
                findings.append(Finding("scores", "scores.settled-shape", (sname,), "%s: band %s with could_reach %s" % (sname, S["band"], S["could_reach"]), b))
            want = self._could_reach_rule(facts, s, S)
            if want is not None and S["status"] != "not_applicable":
                got = set([S["band"]]) if S["band"] is not None else set(S["could_reach"] or [])
                stats.checked["scores.could-reach-rule"] += 1
                order = [n for n, _, _ in s.bands]
                if got != want and not (S["band"] is None and S["status"] == "not_started" and not S["could_reach"]):
                    stats.false["scores.could-reach-rule"] += 1
                    findings.append(Finding("scores", "scores.could-reach-rule", (sname,),
                                            "%s: range %s, band %s, could reach %s; the bands the range and the floors not yet decided reach are %s" % (
                                                sname, S["range"], S["band"], S["could_reach"], sorted(want, key=order.index)), b))
            runs = score_runs.get((b, sname), [])
            if not runs:
                continue
            lo_r, hi_r = S["range"]
            reached = set()
            for a, tag, o in runs:
                T = o["scores"][sname]
                t = Decimal(str(T["total"]))
                stats.checked["scores.range-holds"] += 1
                if (lo_r is not None and t < Decimal(str(lo_r))) or (hi_r is not None and t > Decimal(str(hi_r))):
                    stats.false["scores.range-holds"] += 1
                    findings.append(Finding("scores", "scores.range-holds", (sname,), "%s: range %s, but answering %s gives the total %s" % (sname, S["range"], set_args(a), T["total"]), b, {"fill": a}))
                if tag in ("min", "max") and simple:
                    want = lo_r if tag == "min" else hi_r
                    if want is not None:
                        stats.checked["scores.range-reached"] += 1
                        if canon(T["total"]) != canon(want):
                            stats.false["scores.range-reached"] += 1
                            findings.append(Finding("scores", "scores.range-reached", (sname, tag), "%s: range %s, but every unknown item %s gives %s" % (sname, S["range"], "at its lowest" if tag == "min" else "at its highest", T["total"]), b, {"fill": a}))
                bands_now = [T["band"]] if T["band"] is not None else (T["could_reach"] or [])
                if tag != "max-q" and T["band"] is not None:
                    reached.add(T["band"])
                stats.checked["scores.band-possible"] += 1
                allowed = [S["band"]] if S["band"] is not None else (S["could_reach"] or [])
                bad = [x for x in bands_now if x not in allowed]
                if S["status"] == "not_applicable":
                    bad = []
                if bad:
                    stats.false["scores.band-possible"] += 1
                    findings.append(Finding("scores", "scores.band-possible", (sname, bad[0]),
                                            "%s: %s, but answering %s gives band %s" % (
                                                sname, ("band %s (settled)" % S["band"]) if S["band"] is not None else "could reach %s" % S["could_reach"], set_args(a), bad[0]), b, {"fill": a}))
            if S["could_reach"]:
                for band in S["could_reach"]:
                    stats.checked["scores.could-reach-found"] += 1
                    if band not in reached:
                        # not a false claim: could_reach is documented as the bands the range (and the
                        # undecided floors) could reach, not the bands some answers reach
                        stats.notes["scores.could-reach-not-found"] += 1
                        stats.examples.setdefault("scores.could-reach-not-found", (pack.name, facts,
                            "%s could reach %s (range %s), but no answers tried to its unknown questions and floors give %s" % (
                                sname, S["could_reach"], S["range"], band)))

    def _could_reach_rule(self, facts, s, S):
        """docs/language.md 2.9 and 2.11: the bands the range [lo, hi] overlaps, raised by the floors
        that hold, and each raised by a floor whose condition is unknown. None when a floor cannot be
        evaluated here."""
        lo, hi = S["range"]
        lo = Decimal(str(lo)) if lo is not None else None
        hi = Decimal(str(hi)) if hi is not None else None
        order = [n for n, _, _ in s.bands]
        base = set()
        for name, blo, bhi in s.bands:
            if (hi is None or blo <= hi) and (bhi is None or lo is None or bhi >= lo):
                base.add(name)
        decided = None
        undecided = []
        for band, cond in s.floors:
            try:
                r = RP.evaluate(self.pack, facts, cond)
            except RP.Unsupported:
                return None
            if r is True:
                decided = band if decided is None or order.index(band) > order.index(decided) else decided
            elif r is None:
                undecided.append(band)

        def raise_(b, f):
            return b if f is None or order.index(b) >= order.index(f) else f
        out = set()
        for b in base:
            b = raise_(b, decided)
            out.add(b)
            for u in undecided:
                out.add(raise_(b, u))
        return out

    # -- missing information ------------------------------------------------------------------------
    def _check_missing(self, bases, results, single, band1, und_runs, score_runs, stats, findings):
        pack = self.pack
        todo = []      # (b, entry, target)
        combo_probes, combo_meta = [], []
        for b, (facts, R) in enumerate(zip(bases, results)):
            O = R["outcome"]["level"]
            listed = set()
            tools_listed = set()
            for e in R["missing"]:
                if "tool" in e:
                    tools_listed.add(e["tool"])
                else:
                    listed.add(e["fact"])
            for e in R["missing"]:
                name = e.get("fact")
                if self.focus is not None and self.focus != (name or e.get("tool")):
                    continue
                if name is not None:
                    f = pack.facts.get(name)
                    stats.checked["missing.unknown"] += 1
                    if not self.unknown(facts, name):
                        stats.false["missing.unknown"] += 1
                        findings.append(Finding("missing", "missing.unknown", (name,), "%s is listed as missing but is known (%s)" % (name, show(current(pack, facts, name))), b))
                    stats.checked["missing.required-flag"] += 1
                    if e["required"] != f.required:
                        stats.false["missing.required-flag"] += 1
                        findings.append(Finding("missing", "missing.required-flag", (name,), "%s: required %s, declared %s" % (name, e["required"], f.required), b))
                    stats.checked["missing.can-apply"] += 1
                    if RP.asked_status(pack, facts, name) == "cannot":
                        stats.false["missing.can-apply"] += 1
                        findings.append(Finding("missing", "missing.can-apply", (name,), "%s is listed as missing, but its question cannot apply to this child" % name, b))
                else:
                    stats.checked["missing.tool-not-started"] += 1
                    T = R["scores"].get(e["tool"])
                    if T is None or T["status"] != "not_started":
                        stats.false["missing.tool-not-started"] += 1
                        findings.append(Finding("missing", "missing.tool-not-started", (e["tool"],), "tool %s listed as one line, but its status is %s" % (e["tool"], T and T["status"]), b))
                cc = e["could_change"]
                if cc is None:
                    if name is not None and pack.facts[name].asked_always:
                        stats.checked["missing.for-the-record"] += 1
                        continue
                    if not e["required"]:
                        stats.checked["missing.says-what"] += 1
                        stats.false["missing.says-what"] += 1
                        findings.append(Finding("missing", "missing.says-what", (name,), "%s is listed, not required, and could change nothing" % name, b))
                    continue
                target = self._target(cc)
                if target is None:
                    stats.checked["missing.says-what"] += 1
                    stats.false["missing.says-what"] += 1
                    findings.append(Finding("missing", "missing.says-what", (name,), "%s: could_change %r not understood" % (name, cc), b))
                    continue
                todo.append((b, e, target))
            # unknown facts not listed whose value alone changes the outcome or a band
            for name in pack.fact_order:
                f = pack.facts[name]
                if f.type in ("text", "date") or not self.unknown(facts, name) or name in listed:
                    continue
                if self.focus is not None and name != self.focus:
                    continue
                if any(t in tools_listed for t in pack.fact_gates.get(name, [])):
                    continue
                status = RP.asked_status(pack, facts, name)
                if status == "cannot":
                    continue
                moved = [(json.loads(vj), lv) for (n, vj), lv in single[b].items() if n == name and lv != O]
                banded = []
                for (n, vj), o in band1[b].items():
                    if n != name:
                        continue
                    for sname, T in o["scores"].items():
                        B0 = R["scores"][sname]
                        if T["band"] is not None and B0["band"] is not None and T["band"] != B0["band"]:
                            banded.append((json.loads(vj), sname, T["band"]))
                if status == "waits":
                    if moved:
                        openers = RP.names_in(pack.facts[name].asked_when) if pack.facts[name].asked_when else set()
                        for t in pack.fact_gates.get(name, []):
                            if pack.scores[t].asked_when is not None:
                                openers |= RP.names_in(pack.scores[t].asked_when)
                        openers = [n for n in openers if n in pack.facts and self.unknown(facts, n)]
                        stats.checked["missing.opener-listed"] += 1
                        if openers and not any(n in listed for n in openers):
                            stats.false["missing.opener-listed"] += 1
                            findings.append(Finding("missing", "missing.opener-listed", (name,),
                                                    "%s=%s alone gives %s; its question waits for %s, none of which is listed" % (name, show(moved[0][0]), moved[0][1], openers), b))
                    continue
                stats.checked["missing.complete"] += 1
                if moved:
                    stats.false["missing.complete"] += 1
                    v, lv = moved[0]
                    findings.append(Finding("missing", "missing.complete", (name,),
                                            "%s is unknown and not listed as missing, but %s=%s alone changes the outcome to %s" % (name, name, show(v), lv),
                                            b, {"fact": name, "value": v, "level": lv}))
                elif banded:
                    stats.false["missing.complete"] += 1
                    v, sname, band = banded[0]
                    findings.append(Finding("missing", "missing.complete", (name,),
                                            "%s is unknown and not listed as missing, but %s=%s alone moves the %s band to %s" % (name, name, show(v), sname, band),
                                            b, {"fact": name, "value": v}))

        # listed facts: could they change what they say? Alone first, then with other answers:
        # phase 1 the answers found by scoring (rules fired, caps, score totals), phase 2 answers
        # found by evaluating the rules here.
        pending = []
        for b, e, target in todo:
            R = results[b]
            O = R["outcome"]["level"]
            name = e.get("fact")
            stats.checked["missing.could-change"] += 1
            if name is not None and self._alone(b, name, target, single, band1, O):
                continue
            if name is None and self._tool_line(b, e["tool"], target, score_runs, O):
                continue
            pending.append((b, e, target))
        tried = Counter()
        for phase in (1, 2):
            if not pending:
                return
            probes, meta = [], []
            for k, (b, e, target) in enumerate(pending):
                facts, R = bases[b], results[b]
                for gi, group in enumerate(self._combos(b, facts, R, e, target, und_runs, phase)):
                    for variant in group:
                        probes.append(self.apply(facts, variant))
                        meta.append((k, gi))
            # full results only where a band is looked at
            is_band = [pending[k][2][0] == "band" for k, _ in meta]
            fo = self.binary.batch(pack.path, [p for p, x in zip(probes, is_band) if x], "full")
            oo = self.binary.batch(pack.path, [p for p, x in zip(probes, is_band) if not x], "outcome")
            fo.reverse()
            oo.reverse()
            outs = [fo.pop() if x else oo.pop() for x in is_band]
            by = defaultdict(lambda: defaultdict(list))
            for (k, gi), facts, o in zip(meta, probes, outs):
                self._due_check(facts, o, stats, findings, pending[k][0])
                by[k][gi].append(o)
            still = []
            for k, (b, e, target) in enumerate(pending):
                name = e.get("fact") or e.get("tool")
                ok = False
                other = False
                tried[k] += len(by[k])
                for gi, outs_g in by[k].items():
                    seen = [self._observe(o, target) for o in outs_g]
                    if target[-1] in seen and any(x != target[-1] for x in seen):
                        ok = True
                        break
                    if len(set(seen)) > 1:
                        other = True
                if ok:
                    continue
                if phase == 1:
                    still.append((b, e, target))
                    continue
                stats.false["missing.could-change"] += 1
                what = "outcome" if target[0] == "outcome" else "%s band" % target[1]
                findings.append(Finding("missing", "missing.could-change", (name,),
                                        "%s is listed as missing (could change: %s), but no answer to it, alone or with other answers (%d groups tried), changes the %s to %s%s" % (
                                            name, e["could_change"], tried[k], what, target[-1],
                                            " (answering it does change the %s otherwise)" % what if other else ""),
                                        b, {"fact": name, "target": target}))
            pending = still

    def _target(self, cc):
        if cc.startswith("outcome to "):
            return ("outcome", cc[len("outcome to "):])
        if cc.startswith("hold the outcome at "):
            return ("outcome", cc[len("hold the outcome at "):])
        if " band to " in cc:
            s, band = cc.split(" band to ")
            return ("band", s, band)
        return None

    def _observe(self, o, target):
        if target[0] == "outcome":
            return o["outcome"]["level"]
        T = o.get("scores", {}).get(target[1])
        return T and T["band"]

    def _alone(self, b, name, target, single, band1, O):
        if target[0] == "outcome":
            return any(lv == target[1] for (n, _), lv in single[b].items() if n == name) and target[1] != O
        return any(self._observe(o, target) == target[2] for (n, _), o in band1[b].items() if n == name)

    def _tool_line(self, b, tool, target, score_runs, O):
        for a, tag, o in score_runs.get((b, tool), []):
            if self._observe(o, target) == target[-1] and (target[0] != "outcome" or target[1] != O):
                return True
        return False

    def _openers(self, g):
        pack = self.pack
        out = set()
        if pack.facts[g].asked_when is not None:
            out |= RP.names_in(pack.facts[g].asked_when)
        for t in pack.fact_gates.get(g, []):
            if pack.scores[t].asked_when is not None:
                out |= RP.names_in(pack.scores[t].asked_when)
        return out

    def _combos(self, b, facts, R, e, target, und_runs, phase=1):
        """Groups of variants (each a dict of changes to the scenario; UNSET makes a fact unknown):
        the claim holds when, within a group, one variant gives the target and another does not."""
        pack = self.pack
        name = e.get("fact")
        tool = e.get("tool")
        rng = seeded("combo", pack.name, facts, name or tool)
        groups = []

        def vary(fill, var, vals):
            groups.append([self._merge(fill, {var: v}) for v in vals])

        if tool is not None:
            s = pack.scores[tool]
            for fill in self._ladders(facts, s, None, rng, 3):
                groups.append([fill, {}])
            return groups
        vals = [UNSET] + self.values.small[name]
        if phase == 2:
            return self._combos_evaluated(facts, name, target)
        # 1. the assignments that fired a rule this fact keeps open
        for u in R["undetermined"]:
            if name not in u["unknown"] and name not in self._rule_reads(u["rule"]):
                continue
            for a in self._firing(b, und_runs, u["rule"], tuple(u["unknown"]))[:12]:
                vary({k: v for k, v in a.items() if k != name}, name, vals)
        # 2. the caps that read it, with the other facts they read
        for cname, (lv, when, unless) in pack.caps.items():
            cf = pack.facts_read(when) | (pack.facts_read(unless) if unless is not None else set())
            if name in cf:
                others = tuple(n for n in pack.fact_order if n in cf and n != name and self.unknown(facts, n))
                for a in self._assignments(others, rng, 24):
                    vary(a, name, vals)
        # 3. each score that reads it: the other questions answered so that the total sits just below
        # each band's start, where this answer decides; and a ladder
        for sname in pack.score_of_fact.get(name, []):
            sc = pack.scores[sname]
            S = R["scores"].get(sname)
            w = self._weight(sc, name)
            if S is not None and w:
                known = Decimal(str(S["total"]))
                for bname, lo, hi in sc.bands[1:]:
                    # keep off the floors to this band or above, which would decide it whatever
                    plans = self._plans(facts, sc, name, bname)
                    if plans is None:
                        break
                    a = self._fill_total(facts, sc, plans, lo - known - w, lo - known - 1, name, rng)
                    if a is not None:
                        vary(a, name, vals)
            for fill in self._ladders(facts, sc, name, rng, 1):
                vary(fill, name, vals)
            # the floors it reads: the floor's other facts answered so that this answer decides it,
            # the score's other questions off
            for a in self._floor_decisive(facts, sc, name):
                vary(a, name, vals)
        # 4. the questions it opens (`asked when`): answered so that they apply, then those questions varied
        opened = [g for g in pack.fact_order if g != name and self.unknown(facts, g)
                  and name in self._openers(g) and RP.asked_status(pack, facts, g) == "waits"]
        tools_done = set()
        for g in opened:
            v_open = next((v for v in self.values.small[name]
                           if RP.asked_status(pack, self.with_(facts, {name: v}), g) == "applies"), None)
            if v_open is None:
                continue
            tools = [t for t in pack.fact_tools.get(g, []) if pack.scores[t].asked_when is not None and name in RP.names_in(pack.scores[t].asked_when)]
            if tools:
                for t in tools:
                    if t in tools_done:
                        continue
                    tools_done.add(t)
                    opened_facts = self.with_(facts, {name: v_open})
                    for fill in self._ladders(opened_facts, pack.scores[t], None, rng, 1):
                        groups.append([self._merge(fill, {name: v_open}), {name: v_open}])
                continue
            gvals = [UNSET] + self.values.small[g]
            for rule, (lv, cond) in pack.rules.items():
                rf = pack.facts_read(cond)
                if g not in rf:
                    continue
                others = tuple(n for n in pack.fact_order if n in rf and n not in (g, name) and self.unknown(facts, n))
                for a in self._assignments(others, rng, 8):
                    vary(self._merge(a, {name: v_open}), g, gvals)
        # 5. sparse random answers to the other unknown facts the rules read
        pool = [n for n in pack.fact_order if n in pack.outcome_facts and n != name and self.unknown(facts, n)]
        for _ in range(12):
            p = rng.choice([0.05, 0.15, 0.3])
            vary({n: rng.choice(self.values.small[n]) for n in pool if rng.random() < p}, name, vals)
        return groups

    def _combos_evaluated(self, facts, name, target):
        """Phase 2: answers found by evaluating the rules and caps here (for this fact, and for the
        questions it opens), to be confirmed by scoring."""
        pack = self.pack
        groups = []
        if target[0] != "outcome":
            return groups
        for a, v in self._decisive(facts, name, target[1]):
            groups.append([self._merge(a, {name: v}), self._merge(a, {name: UNSET})])
        for g in pack.fact_order:
            if g == name or not self.unknown(facts, g) or name not in self._openers(g) or RP.asked_status(pack, facts, g) != "waits":
                continue
            if pack.fact_tools.get(g):
                continue
            v_open = next((v for v in self.values.small[name]
                           if RP.asked_status(pack, self.with_(facts, {name: v}), g) == "applies"), None)
            if v_open is None:
                continue
            for a, v in self._decisive(self.with_(facts, {name: v_open}), g, target[1], 2):
                groups.append([self._merge(a, {name: v_open, g: v}), self._merge(a, {name: v_open, g: UNSET})])
        return groups

    def _weight(self, sc, name):
        for it in sc.items:
            if it["simple_fact"] == name:
                if it["kind"] == "when":
                    return it["weight"] if it["weight"] > 0 else None
                f = self.pack.facts[name]
                top = it["max"] if f.hi is None else (f.hi if it["max"] is None else min(f.hi, it["max"]))
                return top
        return None

    def predict(self, facts):
        """The outcome by the documented rule (the most severe level of the rules that fire, or the
        default, held at the lowest cap that holds), evaluated here; a rule that reads a score counts
        as not firing."""
        pack = self.pack
        top = self.rank[pack.default_level]
        for rname, (lv, cond) in pack.rules.items():
            try:
                r = RP.evaluate(pack, facts, cond)
            except RP.Unsupported:
                r = None
            if r is True and self.rank[lv] > top:
                top = self.rank[lv]
        ceiling = self.holding_ceiling(facts)
        if ceiling is not None and self.rank[ceiling] < top:
            top = self.rank[ceiling]
        return self.levels[top]

    def _decisive(self, facts, var, L, limit=3):
        """Answers to the other facts a rule or cap at level L reads, under which answering `var`
        gives L and leaving it unknown does not (by evaluation here; the caller confirms by scoring)."""
        pack = self.pack
        out = []
        # rules at L, and rules above it that a cap could hold at L; caps at L
        conds = [("rule", cond) for lv, cond in pack.rules.values() if lv == L]
        conds += [("rule", cond) for lv, cond in pack.rules.values() if self.rank[lv] > self.rank[L]]
        conds += [("cap", (w, u)) for lv, w, u in pack.caps.values() if lv == L]
        rng = seeded("decisive", pack.name, facts, var, L)
        for kind, cond in conds:
            read = pack.facts_read(cond) if kind == "rule" else (pack.facts_read(cond[0]) | (pack.facts_read(cond[1]) if cond[1] is not None else set()))
            if var not in read:
                continue
            others = tuple(n for n in pack.fact_order if n in read and n != var and self.unknown(facts, n))
            x_list = self._assignments(others, rng, 300)
            for a in x_list:
                x = self.with_(facts, a)
                x0 = self.without(x, [var])
                if self._holds(kind, cond, x0) is True:
                    continue
                for v in self.values.small[var]:
                    y = self.with_(x, {var: v})
                    if self._holds(kind, cond, y) is not True:
                        continue
                    if self.predict(y) == L and self.predict(x0) != L:
                        out.append((a, v))
                    break
                if len(out) >= limit:
                    return out
        return out

    def _holds(self, kind, cond, facts):
        try:
            if kind == "rule":
                return RP.evaluate(self.pack, facts, cond)
            w = RP.evaluate(self.pack, facts, cond[0])
            u = RP.evaluate(self.pack, facts, cond[1]) if cond[1] is not None else False
            return True if (w is True and u is not True) else None
        except RP.Unsupported:
            return None

    def _rule_reads(self, rule):
        r = self.pack.rules.get(rule)
        return self.pack.facts_read(r[1]) if r else set()

    @staticmethod
    def _merge(a, b):
        x = dict(a)
        x.update(b)
        return x

    def apply(self, facts, changes):
        out = dict(facts)
        for k, v in changes.items():
            if v is UNSET:
                if self.pack.facts[k].has_default:
                    out[k] = None
                else:
                    out.pop(k, None)
            else:
                out[k] = v
        return out


UNSET = object()


# ---------------------------------------------------------------------------------------------
# Minimising a false claim: drop facts while the same claim stays false
# ---------------------------------------------------------------------------------------------

def minimise(checker, finding, deadline):
    facts = dict(finding.facts)
    kinds = [finding.claim]
    if finding.claim == "missing":
        kinds = ["missing"]

    focus = None
    if finding.kind.startswith("missing.") or finding.kind.startswith("undetermined."):
        focus = finding.key[0] if finding.key else None

    def still(cands):
        if not cands:
            return []
        _, fs = checker.check(cands, kinds, focus)
        return sorted(set(f.base for f in fs if f.kind == finding.kind and f.key == finding.key))

    if not still([facts]):
        return facts, False
    names = list(facts)
    chunk = max(1, len(names) // 2)
    while chunk >= 1 and time.time() < deadline:
        names = list(facts)
        parts = [names[i:i + chunk] for i in range(0, len(names), chunk)]
        cands = []
        for p in parts:
            c = {k: v for k, v in facts.items() if k not in p}
            cands.append(c)
        ok = still(cands)
        if ok:
            facts = cands[ok[0]]
            continue
        if chunk == 1:
            break
        chunk = max(1, chunk // 2)
    return facts, True


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", required=True, help="the threshold binary")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=150, help="scenarios in all (split over the packs)")
    ap.add_argument("--packs", default=",".join(PACKS))
    ap.add_argument("--claims", default=",".join(ALL_KINDS), help="which claims to check")
    ap.add_argument("--minimise-seconds", type=float, default=25.0, help="time to spend shrinking false claims (0: none)")
    ap.add_argument("--budget", type=float, default=45.0, help="seconds after which no more shrinking starts")
    ap.add_argument("--show", type=int, default=3, help="examples printed per kind of false claim")
    ap.add_argument("--json", help="write every false claim, minimised, to this file")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--known", action="append", default=[], metavar="CHECK",
                    help="a check whose false claims are a documented approximation (repeatable, e.g. "
                         "missing.could-change): they are printed and counted, but do not fail the run")
    args = ap.parse_args(argv)

    t0 = time.time()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print("claims: %s is not an executable" % binary, file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="claims-")
    B = Binary(binary, work)
    kinds = [k for k in args.claims.split(",") if k]
    packs = [p for p in args.packs.split(",") if p]
    rng = random.Random(args.seed)
    total_stats = Stats()
    all_findings = []
    scenario_count = Counter()
    checkers = {}
    # the holidays threshold lists, against the ones computed here
    hol_checked = hol_false = 0
    if "due" in kinds:
        for y in sorted(set([1978, 1995, 1999, 2002, 2011, 2012, 2020, 2021, 2022, 2023, 2027, 2038, 2100] + [rng.randint(1900, 2200) for _ in range(8)])):
            p = subprocess.run([binary, "holidays", "england-and-wales", "--year", str(y)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            tool = set(l.split()[0] for l in p.stdout.splitlines() if l.startswith("  ") and l.split()[0][:4].isdigit())
            mine = set(d.isoformat() for d in calendar_ew.holidays(y))
            hol_checked += 1
            if tool != mine:
                hol_false += 1
                all_findings.append(Finding("due", "due.holidays", (y,), "%d: threshold lists %s; computed here %s" % (y, sorted(tool - mine), sorted(mine - tool))))
        total_stats.checked["due.holidays"] += hol_checked
        total_stats.false["due.holidays"] += hol_false

    per_pack = max(1, args.count // len(packs))
    for pname in packs:
        pack = RP.Pack(os.path.join(ROOT, "rules", pname + ".rules"))
        checker = PackChecker(pack, B, args.verbose)
        checkers[pname] = checker
        cases = worked_cases(pack)
        bases, origins = [], []
        prng = random.Random("%d/%s" % (args.seed, pname))
        n_seed = min(len(cases), per_pack // 2)
        for name, facts in prng.sample(cases, n_seed) if n_seed else []:
            if prng.random() < 0.3:
                bases.append(facts)
                origins.append(name)
            else:
                bases.append(perturb(pack, checker.values, facts, prng))
                origins.append(name + " (perturbed)")
        while len(bases) < per_pack:
            bases.append(random_scenario(pack, checker.values, prng))
            origins.append("random")
        # in slices, so that memory stays small
        for i in range(0, len(bases), 25):
            st, fs = checker.check(bases[i:i + 25], kinds)
            total_stats.merge(st)
            for f in fs:
                f.base += i
                f.origin = origins[f.base]
            all_findings.extend(fs)
        scenario_count[pname] = len(bases)

    # group the false claims, and shrink one of each group to a minimal scenario: one group of each
    # check first, then the rest, until the time allowed is spent
    groups = OrderedDict()
    for f in all_findings:
        groups.setdefault((f.pack, f.kind, f.key), []).append(f)
    deadline = min(time.time() + args.minimise_seconds, t0 + max(args.budget, 1))
    minimised = {}
    done = {}
    order = []
    seen_kinds = set()
    for g in groups:
        if (g[0], g[1]) not in seen_kinds:
            seen_kinds.add((g[0], g[1]))
            order.append(g)
    order += [g for g in groups if g not in order]
    for g in order:
        fs = groups[g]
        f = min(fs, key=lambda x: len(x.facts or {}))
        done[g] = False
        if f.facts is not None and args.minimise_seconds > 0 and time.time() < deadline:
            try:
                small, ok = minimise(checkers[f.pack], f, deadline)
            except Exception:  # a shrink that fails keeps the scenario as found
                small, ok = f.facts, False
            if ok:
                _, again = checkers[f.pack].check([small], [f.claim])
                same = [x for x in again if x.kind == f.kind and x.key == f.key]
                if same:
                    same[0].facts = small
                    same[0].origin = f.origin
                    f = same[0]
                    done[g] = time.time() < deadline
        minimised[g] = f

    elapsed = time.time() - t0
    # figures
    print("threshold claims check: seed %d, %d scenarios (%s), %.1f s; threshold called %d times, %d results scored" % (
        args.seed, sum(scenario_count.values()), ", ".join("%s %d" % kv for kv in scenario_count.items()), elapsed, B.calls, B.lines))
    print()
    print("%-40s %10s %8s" % ("claim checked", "checked", "false"))
    for claim in ALL_KINDS:
        ks = sorted(k for k in total_stats.checked if k.split(".")[0] == claim)
        for k in ks:
            print("%-40s %10d %8d" % (k, total_stats.checked[k], total_stats.false[k]))
    nfalse = sum(total_stats.false.values())
    print("%-40s %10d %8d" % ("total", sum(total_stats.checked.values()), nfalse))
    print()
    if total_stats.notes:
        print("Notes (not counted as false claims: what the docs describe as an approximation):")
        for k, n in sorted(total_stats.notes.items()):
            pk, facts, msg = total_stats.examples[k]
            print("  %s: %d, e.g. %s" % (k, n, msg))
            print("    threshold score rules/%s.rules %s" % (pk, set_args(facts)))
        print()
    if groups:
        print("False claims: %d, in %d groups (pack, check, what):" % (len(all_findings), len(groups)))
        for g, fs in groups.items():
            f = minimised[g]
            print()
            print("[%s] %s: %d false claim(s)" % (g[0], g[1], len(fs)))
            print("  %s" % f.message)
            if f.facts is not None:
                print("  reproduce%s: threshold score rules/%s.rules %s --format json" % (
                    " (minimal)" if done.get(g) else " (not minimised)", g[0], set_args(f.facts)))
                print("  (from %s)" % (f.origin or "?"))
        if args.json:
            with open(args.json, "w") as out:
                json.dump([{"pack": g[0], "check": g[1], "key": [str(x) for x in g[2]], "count": len(fs),
                            "message": minimised[g].message, "facts": minimised[g].facts, "origin": minimised[g].origin,
                            "minimal": done.get(g, False),
                            "set": "threshold score rules/%s.rules %s" % (g[0], set_args(minimised[g].facts or {}))}
                           for g, fs in groups.items()], out, indent=1, default=str)
    else:
        print("No false claim found.")
    failing = [f for f in all_findings if f.kind.split(" ")[0] not in set(args.known)]
    if args.known and all_findings:
        print()
        print("%d of the %d false claims are of a check named by --known (%s): a documented approximation, "
              "not counted for the exit status." % (len(all_findings) - len(failing), len(all_findings),
                                                     ", ".join(sorted(set(args.known)))))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
