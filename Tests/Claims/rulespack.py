"""Reading the shipped rule packs and worked cases, independently of threshold.

Only what the claims checker needs: the facts (types, ranges, values, defaults, `required`,
`asked when`), the levels and their timescales, the clock fact, the scores (items, bands,
floors, `tool`, `asked when`), definitions, rules and caps (for the facts each reads), and the
`given` blocks of `.scenario` files. Conditions are parsed into a small AST and evaluated with
Kleene three-valued logic (docs/language.md 2.8, 2.9); a condition that reads a score's band or
total cannot be evaluated here (`Unsupported`).

Assumption (true of every shipped file, which `threshold fmt` lays out): a top-level declaration
starts in column 1, and clauses inside a block are indented.
"""

import os
import re
from decimal import Decimal

TOKEN_RE = re.compile(r'''
 (?P<ws>[ \t\r\ufeff]+) | (?P<nl>\n) | (?P<comment>\#[^\n]*) |
 (?P<str>"(?:[^"\\\n]|\\.)*") |
 (?P<dt>\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?) |
 (?P<num>\d+(?:\.\d+)?) |
 (?P<id>[A-Za-z_][A-Za-z0-9_]*) |
 (?P<op>!=|<=|>=|==|[=<>()+\-*/,.])
''', re.X)

TOP_KEYWORDS = {"ruleset", "include", "calendar", "holiday", "fact", "define", "rule", "cap",
                "advise", "score", "levels", "default", "clock"}


class Tok:
    __slots__ = ("kind", "v", "line", "col")

    def __init__(self, kind, v, line, col):
        self.kind, self.v, self.line, self.col = kind, v, line, col

    def __repr__(self):
        return "%s:%r@%d:%d" % (self.kind, self.v, self.line, self.col)


def tokenize(text):
    out = []
    line, line_start, pos = 1, 0, 0
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise ValueError("cannot read %r at line %d" % (text[pos:pos + 20], line))
        kind = m.lastgroup
        v = m.group(kind)
        if kind == "nl":
            line += 1
            line_start = m.end()
        elif kind not in ("ws", "comment"):
            if kind == "str":
                v = bytes(v[1:-1], "utf-8").decode("unicode_escape") if "\\" in v else v[1:-1]
            out.append(Tok(kind, v, line, pos - line_start))
        pos = m.end()
    return out


def split_declarations(toks):
    decls, cur = [], None
    for t in toks:
        if t.kind == "id" and t.col == 0 and t.v in TOP_KEYWORDS:
            cur = [t]
            decls.append(cur)
        elif cur is not None:
            cur.append(t)
    return decls


def split_lines(toks):
    """Tokens grouped by clause: a new line starts a clause unless it continues an open bracket
    or starts with `and`/`or` (a condition broken over lines)."""
    clauses, depth, cur, last_line = [], 0, None, None
    for t in toks:
        if t.line != last_line and depth == 0 and not (t.kind == "id" and t.v in ("and", "or")):
            cur = []
            clauses.append(cur)
        last_line = t.line
        cur.append(t)
        if t.v == "(" and t.kind == "op":
            depth += 1
        elif t.v == ")" and t.kind == "op":
            depth -= 1
    return clauses


# ---------------------------------------------------------------------------------------------
# Expressions
# ---------------------------------------------------------------------------------------------

class Unsupported(Exception):
    pass


class ExprParser:
    def __init__(self, toks):
        self.t = toks
        self.i = 0

    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def pv(self, k=0):
        p = self.peek(k)
        return p.v if p is not None and p.kind in ("id", "op") else None

    def take(self, v=None):
        t = self.peek()
        if t is None or (v is not None and t.v != v):
            raise ValueError("expected %r at %r" % (v, t))
        self.i += 1
        return t

    def parse(self):
        e = self.or_()
        if self.i != len(self.t):
            raise ValueError("trailing tokens %r" % self.t[self.i:])
        return e

    def or_(self):
        items = [self.and_()]
        while self.pv() == "or":
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else ("or", items)

    def and_(self):
        items = [self.not_()]
        while self.pv() == "and":
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else ("and", items)

    def not_(self):
        if self.pv() == "not":
            self.take()
            return ("not", self.not_())
        return self.cmp()

    def cmp(self):
        x = self.sum_()
        v = self.pv()
        if v in ("=", "==", "!=", "<", "<=", ">", ">="):
            self.take()
            return ("cmp", "=" if v == "==" else v, x, self.sum_())
        if v == "between":
            self.take()
            a = self.sum_()
            self.take("and")
            return ("between", x, a, self.sum_())
        if v == "in":
            self.take()
            return ("in", x, self.plist())
        if v == "not" and self.pv(1) == "in":
            self.take()
            self.take()
            return ("not", ("in", x, self.plist()))
        if v == "has":
            self.take()
            return ("has", x, self.take().v)
        if v == "is":
            self.take()
            w = self.pv()
            if w in ("known", "unknown"):
                self.take()
                return ("known", x) if w == "known" else ("not", ("known", x))
            if w == "not" and self.pv(1) == "known":
                self.take()
                self.take()
                return ("not", ("known", x))
            if w == "at":
                self.take()
                m = self.take().v
                return ("is", x, m, self.take().v)
            return ("is", x, "eq", self.take().v)
        return x

    def plist(self):
        self.take("(")
        items = []
        if self.pv() != ")":
            items.append(self.or_())
            while self.pv() == ",":
                self.take()
                items.append(self.or_())
        self.take(")")
        return items

    def sum_(self):
        x = self.term()
        while self.pv() in ("+", "-"):
            op = self.take().v
            x = ("arith", op, x, self.term())
        return x

    def term(self):
        x = self.unary()
        while self.pv() in ("*", "/"):
            op = self.take().v
            x = ("arith", op, x, self.unary())
        return x

    def unary(self):
        if self.pv() == "-":
            self.take()
            return ("neg", self.unary())
        return self.primary()

    def primary(self):
        t = self.take()
        if t.kind == "num":
            return ("num", Decimal(t.v))
        if t.kind == "dt":
            return ("date", t.v.replace(" ", "T"))
        if t.kind == "str":
            return ("str", t.v)
        if t.v == "(":
            e = self.or_()
            self.take(")")
            return e
        if t.v in ("yes", "no"):
            return ("bool", t.v == "yes")
        if t.v in ("any", "all", "none") and self.pv() == "of":
            self.take()
            return ("count", t.v, None, self.plist())
        if t.v == "at" and self.pv() in ("least", "most"):
            m = self.take().v
            n = int(self.take().v)
            self.take("of")
            return ("count", m, n, self.plist())
        if t.v in ("days", "years") and self.pv() == "between":
            self.take()
            a = self.sum_()
            self.take("and")
            return ("datediff", t.v, a, self.sum_())
        if t.kind == "id":
            if self.pv() == ".":
                self.take()
                return ("dot", t.v, self.take().v)
            return ("name", t.v)
        raise ValueError("unexpected %r" % t)


def parse_expr(toks):
    return ExprParser(toks).parse()


def names_in(node, out=None):
    if out is None:
        out = set()
    if isinstance(node, tuple):
        if node[0] == "name":
            out.add(node[1])
        elif node[0] == "dot":
            out.add(node[1])
        else:
            for c in node[1:]:
                names_in(c, out)
    elif isinstance(node, list):
        for c in node:
            names_in(c, out)
    return out


# ---------------------------------------------------------------------------------------------
# The rule pack
# ---------------------------------------------------------------------------------------------

class Fact:
    def __init__(self, name, index):
        self.name = name
        self.index = index
        self.type = None
        self.lo = None
        self.hi = None
        self.values = []
        self.default = None
        self.has_default = False
        self.required = False
        self.asked_when = None
        self.asked_always = False
        self.asked_first = False
        self.file = None

    def __repr__(self):
        return "Fact(%s %s)" % (self.name, self.type)


class Score:
    def __init__(self, name):
        self.name = name
        self.tool = False
        self.asked_when = None
        self.items = []        # dicts: kind ('when'|'add'), weight, cond, expr, max, domain, simple_fact
        self.bands = []        # (name, lo, hi or None)
        self.floors = []       # (band, cond)
        self.domains = []
        self.questions = []    # facts read by the items, in declaration order
        self.floor_facts = []  # facts read by the floors (through definitions) but not by the items


class Pack:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.files = []
        self.facts = {}
        self.fact_order = []
        self.levels = []         # (name, (n, unit) or None)
        self.default_level = None
        self.clock = None
        self.calendar = None
        self.holidays = []
        self.defs = {}
        self.rules = {}          # name -> (level, cond)
        self.caps = {}           # name -> (level, when, unless)
        self.scores = {}
        self.score_order = []
        self.literals = set()
        self._load(self.path, set())
        self._finish()

    # -- loading -------------------------------------------------------------------------------
    def _load(self, path, seen):
        path = os.path.realpath(path)
        if path in seen:
            return
        seen.add(path)
        self.files.append(path)
        with open(path, encoding="utf-8") as f:
            toks = tokenize(f.read())
        for t in toks:
            if t.kind == "num":
                self.literals.add(Decimal(t.v))
        includes = []
        for d in split_declarations(toks):
            kw = d[0].v
            if kw == "include":
                includes.append(os.path.join(os.path.dirname(path), d[1].v))
            elif kw == "fact":
                self._fact(d, path)
            elif kw == "levels":
                self._levels(d)
            elif kw == "default":
                self.default_level = d[1].v
            elif kw == "clock":
                self.clock = d[2].v
            elif kw == "calendar":
                self.calendar = d[1].v
            elif kw == "holiday":
                self.holidays.append(d[1].v)
            elif kw == "define":
                self.defs[d[1].v] = parse_expr(d[3:])
            elif kw == "rule":
                self._rule(d)
            elif kw == "cap":
                self._cap(d)
            elif kw == "score":
                self._score(d)
        # Files are loaded the top file first, then its includes depth first, each once
        # (Sources/ThresholdKit/Semantics/Loading/SourceLoader.swift; docs/language.md 2.1).
        for inc in includes:
            self._load(inc, seen)

    def _fact(self, d, path):
        name = d[1].v
        f = Fact(name, len(self.fact_order))
        f.file = path
        self.facts[name] = f
        self.fact_order.append(name)
        i = 2
        t = d[i].v
        if t == "yes":
            f.type = "bool"
            i += 3
        elif t == "number":
            f.type = "number"
            i += 1
            if i < len(d) and (d[i].kind == "num" or d[i].v == "-"):
                f.lo, i = _num(d, i)
                i += 1  # to
                f.hi, i = _num(d, i)
        elif t == "count":
            f.type = "count"
            f.lo = Decimal(0)
            i += 1
            if i < len(d) and d[i].v == "to":
                f.hi, i = _num(d, i + 1)
        elif t in ("one", "some"):
            f.type = "one" if t == "one" else "some"
            i += 2
            f.values.append(d[i].v)
            i += 1
            while i < len(d) and d[i].v == ",":
                f.values.append(d[i + 1].v)
                i += 2
        elif t in ("text", "date", "datetime", "level"):
            f.type = t
            i += 1
        else:
            raise ValueError("fact %s: type %r" % (name, t))
        while i < len(d):
            t = d[i]
            if t.kind == "str":
                i += 1
            elif t.v == "required":
                f.required = True
                i += 1
            elif t.v == "source":
                i += 2
            elif t.v == "default":
                f.has_default = True
                f.default, i = _value(d, i + 1)
            elif t.v == "asked":
                w = d[i + 1].v
                if w == "when":
                    j = i + 2
                    depth = 0
                    while j < len(d) and not (depth == 0 and d[j].kind == "id" and d[j].v in ("asked", "required", "default", "source")):
                        if d[j].v == "(":
                            depth += 1
                        elif d[j].v == ")":
                            depth -= 1
                        j += 1
                    f.asked_when = parse_expr(d[i + 2:j])
                    i = j
                else:
                    if w == "always":
                        f.asked_always = True
                    elif w == "first":
                        f.asked_first = True
                    i += 2
            else:
                raise ValueError("fact %s: unexpected %r" % (name, t))
        if f.has_default and f.type in ("number", "count"):
            f.default = Decimal(f.default)

    def _levels(self, d):
        i = 1
        while i < len(d) and d[i].v != "end":
            name = d[i].v
            i += 2  # name, label
            within = None
            while i < len(d) and d[i].v in ("route", "within"):
                if d[i].v == "route":
                    i += 2
                else:
                    n = int(d[i + 1].v)
                    if d[i + 2].v == "working":
                        within = (n, "working days")
                        i += 4
                    else:
                        within = (n, "hours" if d[i + 2].v.startswith("hour") else "days")
                        i += 3
            self.levels.append((name, within))

    def _rule(self, d):
        name = d[1].v
        w = next(k for k, t in enumerate(d) if t.v == "when" and t.kind == "id")
        th = _find_depth0(d, "then", w + 1)
        self.rules[name] = (d[th + 1].v, parse_expr(d[w + 1:th]))

    def _cap(self, d):
        name = d[1].v
        a = next(k for k, t in enumerate(d) if t.v == "at" and t.kind == "id")
        level = d[a + 1].v
        w = _find_depth0(d, "when", a + 2)
        stops = ("unless", "because", "source", "end")
        e = w + 1
        depth = 0
        while not (depth == 0 and d[e].kind == "id" and d[e].v in stops):
            depth += d[e].v == "(" and d[e].kind == "op"
            depth -= d[e].v == ")" and d[e].kind == "op"
            e += 1
        when = parse_expr(d[w + 1:e])
        unless = None
        if d[e].v == "unless":
            u = e + 1
            depth = 0
            while not (depth == 0 and d[u].kind == "id" and d[u].v in ("because", "source", "end")):
                depth += d[u].v == "(" and d[u].kind == "op"
                depth -= d[u].v == ")" and d[u].kind == "op"
                u += 1
            unless = parse_expr(d[e + 1:u])
        self.caps[name] = (level, when, unless)

    def _score(self, d):
        s = Score(d[1].v)
        self.scores[s.name] = s
        self.score_order.append(s.name)
        body = d[2:]
        if body and body[0].kind == "str":
            body = body[1:]
        domain = None
        in_bands = False
        for c in split_lines(body):
            k = c[0].v
            if in_bands:
                if k == "end":
                    in_bands = False
                    continue
                lo, j = _num(c, 2)
                if c[j].v == "to":
                    hi, _ = _num(c, j + 1)
                else:
                    hi = None
                s.bands.append((k, lo, hi))
                continue
            if k == "tool":
                s.tool = True
            elif k == "asked" and c[1].v == "when":
                s.asked_when = parse_expr(c[2:])
            elif k == "source":
                pass
            elif k == "domain":
                domain = c[1].v
                s.domains.append(domain)
            elif k == "end":
                domain = None
            elif k == "bands":
                in_bands = True
            elif k == "floor":
                cond = c[3:]
                if cond and cond[-1].kind == "str":
                    cond = cond[:-1]
                s.floors.append((c[1].v, parse_expr(cond)))
            elif k == "add":
                rest = c[1:]
                if rest and rest[-1].kind == "str":
                    rest = rest[:-1]
                mx = None
                for j, t in enumerate(rest):
                    if t.v == "max" and t.kind == "id":
                        mx, _ = _num(rest, j + 1)
                        rest = rest[:j]
                        break
                e = parse_expr(rest)
                s.items.append({"kind": "add", "expr": e, "max": mx, "domain": domain,
                                "simple_fact": e[1] if e[0] == "name" else None})
            elif c[0].kind == "num" or k == "-":
                w, j = _num(c, 0)
                cond = c[j + 1:]
                if cond and cond[-1].kind == "str":
                    cond = cond[:-1]
                e = parse_expr(cond)
                s.items.append({"kind": "when", "weight": w, "cond": e, "domain": domain,
                                "simple_fact": e[1] if e[0] == "name" else None})
            else:
                raise ValueError("score %s: cannot read clause %r" % (s.name, c))

    def _finish(self):
        self.level_index = {n: k for k, (n, _) in enumerate(self.levels)}
        if self.default_level is None and self.levels:
            self.default_level = self.levels[0][0]
        for s in self.scores.values():
            q = set()
            for it in s.items:
                q |= self.facts_read(it["cond"] if it["kind"] == "when" else it["expr"])
            s.questions = [f for f in self.fact_order if f in q]
            ff = set()
            for _, cond in s.floors:
                ff |= self.facts_read(cond)
            s.floor_facts = [f for f in self.fact_order if f in ff and f not in q]
        # Facts that can move the outcome at all: read by a rule or a cap.
        rel = set()
        for _, cond in self.rules.values():
            rel |= self.facts_read(cond)
        for _, w, u in self.caps.values():
            rel |= self.facts_read(w)
            if u is not None:
                rel |= self.facts_read(u)
        self.outcome_facts = rel
        self.score_of_fact = {}
        for s in self.scores.values():
            for f in s.questions + s.floor_facts:
                self.score_of_fact.setdefault(f, []).append(s.name)
        self.fact_tools = {}
        for s in self.scores.values():
            if s.tool:
                for f in s.questions:
                    self.fact_tools.setdefault(f, []).append(s.name)
        # The tools whose `asked when` gates a fact: its questions, and the follow-ups its floors read
        # (floor-only facts with an `asked when` of their own), as threshold treats them and as `rest of`
        # fills them (docs/language.md 3). docs/language.md 2.6 defines a tool's questions as the facts
        # its items read only; this is the reading threshold's results follow.
        self.fact_gates = {f: list(ts) for f, ts in self.fact_tools.items()}
        for s in self.scores.values():
            if s.tool:
                for f in s.floor_facts:
                    if self.facts[f].asked_when is not None:
                        self.fact_gates.setdefault(f, []).append(s.name)

    # -- reading --------------------------------------------------------------------------------
    def facts_read(self, node, seen=None):
        seen = set() if seen is None else seen
        out = set()
        for n in names_in(node):
            if n in self.facts:
                out.add(n)
            elif n in self.defs and n not in seen:
                seen.add(n)
                out |= self.facts_read(self.defs[n], seen)
            elif n in self.scores and n not in seen:
                seen.add(n)
                s = self.scores[n]
                for it in s.items:
                    out |= self.facts_read(it["cond"] if it["kind"] == "when" else it["expr"], seen)
                for _, c in s.floors:
                    out |= self.facts_read(c, seen)
        return out

    def level_rank(self, name):
        return self.level_index[name]

    def within(self, level):
        return self.levels[self.level_index[level]][1]


def _num(toks, i):
    neg = False
    if toks[i].v == "-":
        neg = True
        i += 1
    v = Decimal(toks[i].v)
    return (-v if neg else v), i + 1


def _value(toks, i):
    t = toks[i]
    if t.v == "-" or t.kind == "num":
        v, j = _num(toks, i)
        return v, j
    if t.kind == "dt":
        return t.v.replace(" ", "T"), i + 1
    if t.kind == "str":
        return t.v, i + 1
    if t.v in ("yes", "no"):
        return t.v == "yes", i + 1
    if t.v == "(":
        vals = []
        i += 1
        while toks[i].v != ")":
            if toks[i].v != ",":
                vals.append(toks[i].v)
            i += 1
        return vals, i + 1
    return t.v, i + 1


def _find_depth0(d, word, start):
    depth = 0
    for k in range(start, len(d)):
        t = d[k]
        if t.kind == "op" and t.v == "(":
            depth += 1
        elif t.kind == "op" and t.v == ")":
            depth -= 1
        elif depth == 0 and t.kind == "id" and t.v == word:
            return k
    raise ValueError("no %r" % word)


# ---------------------------------------------------------------------------------------------
# Three-valued evaluation (facts and definitions; a score cannot be evaluated here)
# ---------------------------------------------------------------------------------------------

CLEARED = object()   # a fact given as unknown explicitly (`null` in JSON), clearing its default


def fact_value(pack, facts, name):
    if name in facts:
        v = facts[name]
        return None if v is None or v is CLEARED else v
    f = pack.facts[name]
    return f.default if f.has_default else None


def evaluate(pack, facts, node):
    k = node[0]
    if k == "name":
        n = node[1]
        if n in pack.facts:
            v = fact_value(pack, facts, n)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                v = Decimal(str(v))
            if isinstance(v, list):
                v = frozenset(v)
            return v
        if n in pack.defs:
            return evaluate(pack, facts, pack.defs[n])
        if n in pack.scores:
            raise Unsupported(n)
        return ("sym", n)
    if k == "num":
        return node[1]
    if k in ("str", "date"):
        return node[1]
    if k == "bool":
        return node[1]
    if k == "dot":
        raise Unsupported(node[1])
    if k == "not":
        v = evaluate(pack, facts, node[1])
        return None if v is None else (not v)
    if k == "and":
        vals = [evaluate(pack, facts, c) for c in node[1]]
        if any(v is False for v in vals):
            return False
        return None if any(v is None for v in vals) else True
    if k == "or":
        vals = [evaluate(pack, facts, c) for c in node[1]]
        if any(v is True for v in vals):
            return True
        return None if any(v is None for v in vals) else False
    if k == "known":
        try:
            return evaluate(pack, facts, node[1]) is not None
        except Unsupported:
            raise
    if k == "count":
        kind, n, items = node[1], node[2], node[3]
        vals = [evaluate(pack, facts, c) for c in items]
        yes = sum(v is True for v in vals)
        unk = sum(v is None for v in vals)
        if kind == "any":
            kind, n = "least", 1
        elif kind == "all":
            kind, n = "least", len(vals)
        elif kind == "none":
            kind, n = "most", 0
        if kind == "least":
            if yes >= n:
                return True
            return False if yes + unk < n else None
        if yes + unk <= n:
            return True
        return False if yes > n else None
    if k == "cmp":
        op = node[1]
        a = evaluate(pack, facts, node[2])
        b = evaluate(pack, facts, node[3])
        if a is None or b is None:
            return None
        a, b = _comparable(pack, node[2], a, node[3], b)
        if op == "=":
            return a == b
        if op == "!=":
            return a != b
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    if k == "between":
        x = evaluate(pack, facts, node[1])
        lo = evaluate(pack, facts, node[2])
        hi = evaluate(pack, facts, node[3])
        if x is None or lo is None or hi is None:
            return None
        return lo <= x <= hi
    if k == "in":
        x = evaluate(pack, facts, node[1])
        if x is None:
            return None
        opts = []
        for c in node[2]:
            v = evaluate(pack, facts, c)
            opts.append(v[1] if isinstance(v, tuple) else v)
        return x in opts
    if k == "has":
        x = evaluate(pack, facts, node[1])
        if x is None:
            return None
        return node[2] in x
    if k == "is":
        x = node[1]
        if x[0] == "name" and x[1] in pack.facts and pack.facts[x[1]].type == "level":
            v = fact_value(pack, facts, x[1])
            if v is None:
                return None
            a, b = pack.level_rank(v), pack.level_rank(node[3])
            return {"eq": a == b, "least": a >= b, "most": a <= b}[node[2]]
        raise Unsupported("is")
    if k == "arith":
        a = evaluate(pack, facts, node[2])
        b = evaluate(pack, facts, node[3])
        if a is None or b is None:
            return None
        if node[1] == "/":
            return None if b == 0 else a / b
        return {"+": a + b, "-": a - b, "*": a * b}[node[1]]
    if k == "neg":
        a = evaluate(pack, facts, node[1])
        return None if a is None else -a
    raise Unsupported(k)


def _comparable(pack, na, a, nb, b):
    if isinstance(a, tuple):
        a = a[1]
    if isinstance(b, tuple):
        b = b[1]
    # a `some of` fact compared with one value: exactly that set
    if isinstance(a, frozenset) and isinstance(b, str):
        b = frozenset([b])
    if isinstance(b, frozenset) and isinstance(a, str):
        a = frozenset([a])
    return a, b


def asked_status(pack, facts, name):
    """'applies', 'waits' (its `asked when` is unknown) or 'cannot' (its `asked when` is no), from the
    fact's own `asked when` and that of every tool it is a question of."""
    conds = []
    f = pack.facts[name]
    if f.asked_when is not None:
        conds.append(f.asked_when)
    for s in pack.fact_gates.get(name, []):
        if pack.scores[s].asked_when is not None:
            conds.append(pack.scores[s].asked_when)
    status = "applies"
    for c in conds:
        try:
            v = evaluate(pack, facts, c)
        except Unsupported:
            v = None
        if v is False:
            return "cannot"
        if v is None:
            status = "waits"
    return status


def tool_applies(pack, facts, score):
    s = pack.scores[score]
    if s.asked_when is None:
        return True
    try:
        return evaluate(pack, facts, s.asked_when)
    except Unsupported:
        return None


# ---------------------------------------------------------------------------------------------
# Worked cases: the `given` blocks of .scenario files
# ---------------------------------------------------------------------------------------------

def read_scenarios(path):
    """[(rules path, id, facts)]: facts as JSON-ready values, `unknown` as CLEARED,
    `rest of S = V` kept as ('rest', S, V) entries to expand against the pack."""
    with open(path, encoding="utf-8") as f:
        toks = tokenize(f.read())
    rules = None
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.v == "rules" and t.col == 0 and i + 1 < len(toks) and toks[i + 1].kind == "str":
            rules = os.path.normpath(os.path.join(os.path.dirname(path), toks[i + 1].v))
            i += 2
            continue
        if t.v == "scenario" and t.col == 0:
            sid = toks[i + 1].v
            j = i + 2
            while j < len(toks) and not (toks[j].v == "end" and toks[j].kind == "id"):
                j += 1
            body = toks[i + 2:j]
            out.append((rules, sid, _given(body)))
            i = j + 1
            continue
        i += 1
    return out


def _given(body):
    facts = {}
    rest = []
    clauses = split_lines(body)
    mode = None
    for c in clauses:
        k = c[0].v
        if k == "given" and c[0].kind == "id":
            mode = "given"
            c = c[1:]
            if not c:
                continue
        elif k in ("expect", "source", "story") and c[0].kind == "id":
            mode = None if k == "expect" else mode
            continue
        if mode != "given":
            continue
        if c[0].v == "rest" and len(c) > 4 and c[1].v == "of":
            v, _ = _value(c, 4)
            rest.append((c[2].v, "unknown" if v == "unknown" else v))
            continue
        name = c[0].v
        if len(c) < 3 or c[1].v not in ("=", "=="):
            continue
        if c[2].v == "unknown":
            facts[name] = CLEARED
            continue
        if c[2].kind == "id" and len(c) > 3:
            facts[name] = " ".join(t.v for t in c[2:])
            continue
        v, _ = _value(c, 2)
        facts[name] = v
    return facts, rest
