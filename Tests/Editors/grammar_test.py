#!/usr/bin/env python3
"""The editors' TextMate grammars (editors/vscode/syntaxes) against every shipped .rules and .scenario file.

A small TextMate tokenizer in the standard library: `match`, `begin`/`end`, `name`, `contentName`, `captures`,
`beginCaptures`, `endCaptures`, `patterns`, and `include` of `#name`, `$self`, `$base`, `scope` and
`scope#name` (the subset the grammars use; any other key, or a capture with `patterns`, is refused, so the
grammars cannot quietly grow past what is tested). As vscode-textmate does, each line is scanned with a `\n`
after it; at each position the pattern that matches earliest wins, ties going to the end pattern of the open
block and then to the first pattern listed.

The regexes are run by every engine available: Python's `re` always, and Oniguruma (the engine of VS Code's
vscode-textmate, here through PyPI's onigurumacffi) when it can be imported; Tests/Editors/run.sh installs it.
Both engines must give the same scopes to every character.

Checks:
  (a) coverage: in every shipped file, every character that is not whitespace gets a scope beyond the file's
      own (`source.*`) and its blocks' (`meta.*`), and none gets an `invalid.*` scope;
  (b) every scope the grammars name is given somewhere: every one by at least one shipped file, but for the
      `invalid.*` ones (given in the malformed fixtures and BAD_TEXT) and the few forms no shipped file uses
      (NOT_IN_SHIPPED_FILES, given in DOC_TEXT: `cce.total`, `days between`, arithmetic);
  (c) exact expectations: a keyword, a string, an escape, a comment, a date, a date-time, a number, the names
      after `fact`, `rule`, `define`, `cap`, `score`, a level after `then`, scenario words;
  (d) the folding markers of language-configuration.json open and close in step in every shipped file, its
      word pattern reads names, and package.json contributes what exists (languages, grammars, scope names).

`--self-test` breaks the grammars in memory, one way at a time, and passes only when each break is caught.

usage: grammar_test.py [--self-test | --show FILE] [--engine re|oniguruma]
  --show FILE prints each line's tokens with their innermost scope.
exit 0 when every check passes, 1 when one fails, 2 when the test cannot run.
"""

import copy
import glob
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
VSCODE = os.path.join(ROOT, "editors", "vscode")
GRAMMAR_FILES = {
    "source.threshold-rules": os.path.join(VSCODE, "syntaxes", "threshold-rules.tmLanguage.json"),
    "source.threshold-scenario": os.path.join(VSCODE, "syntaxes", "threshold-scenario.tmLanguage.json"),
}
SCOPE_FOR_EXTENSION = {".rules": "source.threshold-rules", ".scenario": "source.threshold-scenario"}

RULE_KEYS = {"name", "contentName", "match", "begin", "end", "captures", "beginCaptures", "endCaptures",
             "patterns", "include", "comment"}
GRAMMAR_KEYS = {"$schema", "name", "scopeName", "fileTypes", "comment", "patterns", "repository"}


class GrammarError(Exception):
    """The grammar uses something this tokenizer does not implement, or a regex an engine cannot read."""


# ---------------------------------------------------------------------------------------------- engines

class ReEngine:
    name = "re"

    def compile(self, pattern):
        try:
            rx = re.compile(pattern)
        except re.error as e:
            raise GrammarError(f"Python re cannot read {pattern!r}: {e}")

        def search(text, pos):
            m = rx.search(text, pos)
            if m is None:
                return None
            return [m.span(i) if m.group(i) is not None else None for i in range(rx.groups + 1)]
        return search


class OnigEngine:
    name = "oniguruma"

    def __init__(self, module):
        self.onig = module

    def compile(self, pattern):
        try:
            rx = self.onig.compile(pattern)
        except Exception as e:  # onigurumacffi.OnigError
            raise GrammarError(f"Oniguruma cannot read {pattern!r}: {e}")
        groups = re.compile(pattern).groups  # the same count in both (checked by ReEngine compiling it)

        def search(text, pos):
            m = rx.search(text, pos)
            if m is None:
                return None
            return [m.span(i) if m.group(i) is not None else None for i in range(groups + 1)]
        return search


def engines(wanted=None):
    found = [ReEngine()]
    try:
        import onigurumacffi
        found.append(OnigEngine(onigurumacffi))
    except ImportError:
        pass
    if wanted:
        found = [e for e in found if e.name == wanted]
        if not found:
            raise GrammarError(f"the {wanted} engine is not available (pip install onigurumacffi)")
    return found


# ------------------------------------------------------------------------------------------- tokenizer

class Tokenizer:
    """Tokenizes text with a set of grammars, giving each character its list of scopes."""

    FORBIDDEN = [(r"\\G", "\\G"), (r"\\A", "\\A"), (r"\\[zZ]", "\\z"), (r"\\[1-9]", "a back-reference"),
                 (r"\(\?[imx]", "inline flags"), (r"\\[hH]", "\\h (Oniguruma only)"), (r"\(\?<[A-Za-z]", "named groups"),
                 (r"[*+?}]\+", "possessive quantifiers")]

    def __init__(self, grammars, engine):
        self.grammars = grammars
        self.engine = engine
        self.cache = {}
        for g in grammars.values():
            self._validate_grammar(g)

    def regex(self, pattern):
        if pattern not in self.cache:
            for rx, what in self.FORBIDDEN:
                if re.search(r"(?<!\\)(?:\\\\)*" + rx, pattern):
                    raise GrammarError(f"{pattern!r} uses {what}, which this test does not implement")
            self.cache[pattern] = self.engine.compile(pattern)
        return self.cache[pattern]

    def _validate_grammar(self, g):
        extra = set(g) - GRAMMAR_KEYS
        if extra:
            raise GrammarError(f"{g.get('scopeName')}: unsupported grammar keys {sorted(extra)}")
        for p in g.get("patterns", []):
            self._validate_rule(p, g)
        for name, r in g.get("repository", {}).items():
            self._validate_rule(r, g)

    def _validate_rule(self, r, g):
        extra = set(r) - RULE_KEYS
        if extra:
            raise GrammarError(f"{g['scopeName']}: unsupported keys {sorted(extra)} in {r}")
        if "begin" in r and "end" not in r:
            raise GrammarError(f"{g['scopeName']}: `begin` without `end` in {r}")
        for key in ("captures", "beginCaptures", "endCaptures"):
            for k, c in r.get(key, {}).items():
                if not k.isdigit() or set(c) - {"name"}:
                    raise GrammarError(f"{g['scopeName']}: unsupported capture {k}: {c}")
        for key in ("match", "begin", "end"):
            if key in r:
                self.regex(r[key])
        for p in r.get("patterns", []):
            self._validate_rule(p, g)
        if "include" in r:
            self._resolve(r["include"], g, g)

    def _resolve(self, ref, grammar, base):
        """What an include names: (rule or grammar dict, the grammar it belongs to)."""
        if ref == "$self":
            return grammar, grammar
        if ref == "$base":
            return base, base
        scope, _, name = ref.partition("#")
        g = grammar if scope == "" else self.grammars.get(scope)
        if g is None:
            raise GrammarError(f"include of an unknown grammar: {ref}")
        if not name:
            return g, g
        if name not in g.get("repository", {}):
            raise GrammarError(f"include of a missing repository item: {ref}")
        return g["repository"][name], g

    def expand(self, patterns, grammar, base, seen=None):
        """The match and begin rules a pattern list holds, includes followed, in order."""
        seen = set() if seen is None else seen
        out = []
        for p in patterns:
            if "include" in p:
                target, g = self._resolve(p["include"], grammar, base)
                key = (id(target), p["include"])
                if "match" in target or "begin" in target:
                    out.append((target, g))
                elif key not in seen:
                    out += self.expand(target.get("patterns", []), g, base, seen | {key})
            elif "match" in p or "begin" in p:
                out.append((p, grammar))
            else:
                out += self.expand(p.get("patterns", []), grammar, base, seen)
        return out

    def tokenize(self, text, scope):
        """[(line text, [scopes of each character])] for the lines of text."""
        base = self.grammars[scope]
        # A frame: (rule, grammar, scopes inside the block, scopes of its begin/end, end regex)
        stack = [(None, base, (scope,), (scope,), None)]
        result = []
        for line in text.split("\n"):
            line = line[:-1] if line.endswith("\r") else line
            scan = line + "\n"
            chars = [None] * len(line)
            pos = 0
            steps = 0
            while pos <= len(line):
                steps += 1
                if steps > 10 * (len(scan) + 10):
                    raise GrammarError(f"no progress at column {pos + 1} of {line!r}")
                rule, grammar, inside, outer, end = stack[-1]
                candidates = []
                if end is not None:
                    candidates.append(("end", rule, grammar, end))
                patterns = base["patterns"] if rule is None else rule.get("patterns", [])
                for r, g in self.expand(patterns, grammar, base):
                    candidates.append(("rule", r, g, r.get("match", r.get("begin"))))
                best = None
                for kind, r, g, rx in candidates:
                    spans = self.regex(rx)(scan, pos)
                    if spans is not None and (best is None or spans[0][0] < best[3][0][0]):
                        best = (kind, r, g, spans)
                if best is None or best[3][0][0] >= len(line):
                    self._paint(chars, pos, len(line), inside)
                    break
                kind, r, g, spans = best
                start, stop = spans[0]
                self._paint(chars, pos, start, inside)
                if kind == "end":
                    self._paint(chars, start, stop, outer)
                    self._captures(chars, spans, r.get("endCaptures", r.get("captures", {})), outer)
                    stack.pop()
                elif "match" in r:
                    if stop == start:
                        raise GrammarError(f"{r['match']!r} matched nothing at column {start + 1} of {line!r}")
                    here = inside + ((r["name"],) if "name" in r else ())
                    self._paint(chars, start, stop, here)
                    self._captures(chars, spans, r.get("captures", {}), here)
                else:
                    here = inside + ((r["name"],) if "name" in r else ())
                    self._paint(chars, start, stop, here)
                    self._captures(chars, spans, r.get("beginCaptures", r.get("captures", {})), here)
                    content = here + ((r["contentName"],) if "contentName" in r else ())
                    stack.append((r, g, content, here, r["end"]))
                pos = stop
            result.append((line, chars))
        return result

    @staticmethod
    def _paint(chars, start, stop, scopes):
        for i in range(max(0, start), min(stop, len(chars))):
            chars[i] = scopes

    @staticmethod
    def _captures(chars, spans, captures, scopes):
        for k in sorted(captures, key=int):
            i = int(k)
            if i < len(spans) and spans[i] is not None and "name" in captures[k]:
                for j in range(spans[i][0], min(spans[i][1], len(chars))):
                    chars[j] = (chars[j] or scopes) + (captures[k]["name"],)


# ------------------------------------------------------------------------------------------------ files

def shipped_files():
    """Every .rules and .scenario file the project ships as valid text (the malformed fixtures are apart)."""
    found = []
    for pattern in ["rules/**/*.rules", "scenarios/**/*.scenario", "examples/**/*.rules", "examples/**/*.scenario",
                    "bench/*.rules", "Tests/Fixtures/**/*.rules", "Tests/Fixtures/**/*.scenario"]:
        found += glob.glob(os.path.join(ROOT, pattern), recursive=True)
    return sorted(f for f in set(found) if "/Tests/Fixtures/malformed/" not in f)


def malformed_files():
    return sorted(glob.glob(os.path.join(ROOT, "Tests/Fixtures/malformed/**/*.rules"), recursive=True)
                  + glob.glob(os.path.join(ROOT, "Tests/Fixtures/malformed/**/*.scenario"), recursive=True))


def load_grammars():
    grammars = {}
    for scope, path in GRAMMAR_FILES.items():
        with open(path, encoding="utf-8") as f:
            g = json.load(f)
        if g.get("scopeName") != scope:
            raise GrammarError(f"{path}: scopeName is {g.get('scopeName')!r}, expected {scope!r}")
        grammars[scope] = g
    return grammars


def named_scopes(grammars):
    """Every scope name the grammars give (rule names, content names and capture names)."""
    names = set()

    def walk(r):
        if isinstance(r, dict):
            for k, v in r.items():
                if k in ("name", "contentName") and isinstance(v, str) and "scopeName" not in r:
                    names.add(v)
                elif k in ("patterns", "repository", "captures", "beginCaptures", "endCaptures"):
                    for item in (v.values() if isinstance(v, dict) else v):
                        walk(item)
    for g in grammars.values():
        walk({"patterns": g["patterns"], "repository": g.get("repository", {})})
    return names


def rel(path):
    return os.path.relpath(path, ROOT)


def read(path):
    with open(path, encoding="utf-8-sig") as f:
        return f.read()


def is_token_scope(s):
    return not s.startswith("source.") and not s.startswith("meta.")


# ------------------------------------------------------------------------------------------------ checks

# (file, line that contains this text, the token, its scope): each token's characters carry the scope.
EXPECTATIONS = [
    ("rules/camden-mash.rules", 'ruleset "', "ruleset", "keyword.declaration.threshold"),
    ("rules/camden-mash.rules", 'ruleset "', '"Camden MASH front door"', "string.quoted.double.threshold"),
    ("rules/camden-mash.rules", 'ruleset "', '"', "punctuation.definition.string.begin.threshold"),
    ("rules/camden-mash.rules", 'ruleset "', "version", "keyword.other.clause.threshold"),
    ("rules/camden-mash.rules", "# Camden", "# Camden MASH", "comment.line.number-sign.threshold"),
    ("rules/camden-mash.rules", "# Camden", "#", "punctuation.definition.comment.threshold"),
    ("rules/camden-mash.rules", 'calendar "', "calendar", "keyword.declaration.threshold"),
    ("rules/camden-mash.rules", "define marac_indicated", "marac_indicated", "entity.name.function.definition.threshold"),
    ("rules/camden/ratings.rules", "fact age ", "fact", "keyword.declaration.threshold"),
    ("rules/camden/ratings.rules", "fact age ", "age", "entity.name.variable.fact.threshold"),
    ("rules/camden/ratings.rules", "fact age ", "number", "storage.type.threshold"),
    ("rules/camden/ratings.rules", "fact age ", "25", "constant.numeric.decimal.threshold"),
    ("rules/camden/ratings.rules", "fact age ", "required", "keyword.other.clause.threshold"),
    ("rules/camden/ratings.rules", "levels", "levels", "keyword.declaration.threshold"),
    ("rules/camden/ratings.rules", '  red "Red"', "red", "entity.name.constant.level.threshold"),
    ("rules/camden/ratings.rules", '  red "Red"', "within", "keyword.other.clause.threshold"),
    ("rules/camden/ratings.rules", '  red "Red"', "24", "constant.numeric.decimal.threshold"),
    ("rules/camden/ratings.rules", '  red "Red"', "hours", "keyword.other.unit.threshold"),
    ("rules/camden/ratings.rules", "rule significant_harm", "significant_harm", "entity.name.function.rule.threshold"),
    ("rules/camden/ratings.rules", "define toxic_trio", "at least", "keyword.operator.word.threshold"),
    ("rules/camden/ratings.rules", "define repeat_referral", ">=", "keyword.operator.comparison.threshold"),
    ("rules/camden/ratings.rules", "  then red", "then", "keyword.control.threshold"),
    ("rules/camden/ratings.rules", "  then red", "red", "constant.other.level.threshold"),
    ("rules/camden/judgement.rules", "cap s47_answered_no", "s47_answered_no", "entity.name.function.cap.threshold"),
    ("rules/camden/judgement.rules", "cap s47_answered_no", "amber", "constant.other.level.threshold"),
    ("rules/tools/cce-camden.rules", "score cce", "cce", "entity.name.type.score.threshold"),
    ("Tests/Fixtures/spec/rules/calendar/england-2019.rules", "holiday 2019-", "2019-04-19",
     "constant.numeric.date.threshold"),
    ("scenarios/camden/islington-jtai-2019.scenario", 'rules "', "rules", "keyword.declaration.threshold"),
    ("scenarios/camden/islington-jtai-2019.scenario", "scenario mathew", "mathew",
     "entity.name.section.scenario.threshold"),
    ("scenarios/camden/islington-jtai-2019.scenario", "received = 2019-04-12 16:00", "2019-04-12 16:00",
     "constant.numeric.datetime.threshold"),
    ("scenarios/camden/islington-jtai-2019.scenario", "received = 2019-04-12 16:00", "received",
     "variable.other.fact.threshold"),
    ("scenarios/camden/islington-jtai-2019.scenario", "  expect", "expect", "keyword.declaration.threshold"),
    ("scenarios/camden/islington-jtai-2019.scenario", "outcome red", "red", "constant.other.level.threshold"),
    ("scenarios/camden/islington-jtai-2019.scenario", "not fired ", "fired", "keyword.other.expectation.threshold"),
    ("scenarios/camden/islington-jtai-2019.scenario", "not fired ", "not", "keyword.operator.logical.threshold"),
    ("scenarios/tools/completion.scenario", "referrer = police", "police", "constant.other.value.threshold"),
    ("scenarios/tools/completion.scenario", "score dash not started", "dash", "variable.other.score.threshold"),
]

# Forms of the language no shipped file happens to use (docs/language.md, 2.6 and 2.8), checked on these lines.
DOC_TEXT = [
    ("source.threshold-rules", "define big = cce.total >= 10", ".", "punctuation.accessor.dot.threshold"),
    ("source.threshold-rules", "define big = cce.total >= 10", "total", "variable.language.total.threshold"),
    ("source.threshold-rules", "define points = missing_episodes * 2 + 1", "*", "keyword.operator.arithmetic.threshold"),
    ("source.threshold-rules", "define points = missing_episodes * 2 + 1", "+", "keyword.operator.arithmetic.threshold"),
    ("source.threshold-rules", "    -1 when known_to_services", "-", "keyword.operator.arithmetic.threshold"),
    ("source.threshold-rules", "define age_now = years between date_of_birth and received", "years",
     "support.function.threshold"),
    ("source.threshold-rules", "define waited = days between received and 2019-04-01", "days",
     "support.function.threshold"),
    ("source.threshold-rules", "define waited = days between received and 2019-04-01", "between",
     "keyword.operator.word.threshold"),
]
NOT_IN_SHIPPED_FILES = {"punctuation.accessor.dot.threshold", "variable.language.total.threshold",
                        "support.function.threshold", "keyword.operator.arithmetic.threshold"}

# Bad text: (scope, a line, the token, its scope) — the invalid scopes the lexer's errors match.
BAD_TEXT = [
    ("source.threshold-rules", 'fact a yes/no \u201cIs it?\u201d', "\u201c", "invalid.illegal.character.threshold"),
    ("source.threshold-rules", 'fact a yes/no "Is it?', '"Is it?', "invalid.illegal.unterminated-string.threshold"),
    ("source.threshold-rules", 'advise a "a \\q" when b end', "\\q", "invalid.illegal.escape.threshold"),
    ("source.threshold-rules", 'advise a "say \\"no\\"" when b end', '\\"', "constant.character.escape.threshold"),
    ("source.threshold-rules", "define x = 3abc + 1", "3abc", "invalid.illegal.number.threshold"),
    ("source.threshold-rules", "define x = age @ 2", "@", "invalid.illegal.character.threshold"),
    ("source.threshold-scenario", "    age = 12 \u2014 years", "\u2014", "invalid.illegal.character.threshold"),
]


class Checker:
    def __init__(self, grammars, engine):
        self.grammars = grammars
        self.failures = []
        self.tok, self.problem = None, None
        try:
            self.tok = Tokenizer(grammars, engine)
        except GrammarError as e:
            self.problem = str(e)
        self.hit = set()  # scopes given in the shipped files
        self.hit_elsewhere = set()  # in the malformed fixtures, DOC_TEXT and BAD_TEXT
        self.cache = {}

    def fail(self, message):
        self.failures.append(message)

    def tokens(self, path):
        if path not in self.cache:
            scope = SCOPE_FOR_EXTENSION[os.path.splitext(path)[1]]
            self.cache[path] = self.tok.tokenize(read(path), scope)
        return self.cache[path]

    def coverage(self, files, valid):
        for path in files:
            shown = 0
            for n, (line, chars) in enumerate(self.tokens(path), 1):
                for col, (c, scopes) in enumerate(zip(line, chars), 1):
                    scopes = scopes or ()
                    (self.hit if valid else self.hit_elsewhere).update(scopes)
                    if c.isspace() or not valid:
                        continue
                    if not any(is_token_scope(s) for s in scopes) or any(s.startswith("invalid.") for s in scopes):
                        if shown < 3:
                            self.fail(f"{rel(path)}:{n}:{col}: {c!r} in {line.strip()!r} gets {list(scopes)}")
                        shown += 1
            if shown > 3:
                self.fail(f"{rel(path)}: {shown - 3} more characters without a scope")

    def expect_token(self, where, chars_of_line, line, token, scope):
        col = line.find(token)
        if col < 0:
            self.fail(f"{where}: {token!r} is not in {line!r} (the expectation is out of date)")
            return
        for i in range(col, col + len(token)):
            if line[i].isspace():
                continue
            if scope not in (chars_of_line[i] or ()):
                self.fail(f"{where}: {token!r} in {line.strip()!r} should be {scope}, "
                          f"its {i - col + 1}th character gets {list(chars_of_line[i] or ())}")
                return

    def expectations(self):
        for file, contains, token, scope in EXPECTATIONS:
            path = os.path.join(ROOT, file)
            if not os.path.exists(path):
                self.fail(f"{file}: missing (an expectation reads it)")
                continue
            lines = [(n, l, c) for n, (l, c) in enumerate(self.tokens(path), 1)
                     if contains in l and (contains.startswith("#") or not l.lstrip().startswith("#"))]
            if not lines:
                self.fail(f"{file}: no line contains {contains!r} (the expectation is out of date)")
                continue
            n, line, chars = lines[0]
            self.expect_token(f"{file}:{n}", chars, line, token, scope)
        for scope, text, token, want in DOC_TEXT + BAD_TEXT:
            (line, chars), = self.tok.tokenize(text, scope)
            for scopes in chars:
                self.hit_elsewhere.update(scopes or ())
            self.expect_token(f"the line {text!r}", chars, line, token, want)

    def every_scope_hit(self):
        for s in sorted(named_scopes(self.grammars)):
            if s in self.hit:
                continue
            if s.startswith("invalid.") or s in NOT_IN_SHIPPED_FILES:
                if s not in self.hit_elsewhere:
                    self.fail(f"the scope {s} is given to nothing in the malformed fixtures or the lines checked")
            else:
                self.fail(f"the scope {s} is given to nothing in the shipped files")


def load_configuration():
    with open(os.path.join(VSCODE, "language-configuration.json"), encoding="utf-8") as f:
        return json.load(f)


def check_configuration(files, failures, conf):
    """language-configuration.json's folding markers and word pattern; package.json's contributions."""
    start = re.compile(conf["folding"]["markers"]["start"])
    end = re.compile(conf["folding"]["markers"]["end"])
    for path in files:
        depth = 0
        for n, line in enumerate(read(path).split("\n"), 1):
            if start.search(line):
                depth += 1
            elif end.search(line):
                depth -= 1
                if depth < 0:
                    failures.append(f"{rel(path)}:{n}: the folding end marker closes nothing: {line.strip()!r}")
                    break
        if depth > 0:
            failures.append(f"{rel(path)}: {depth} folding start markers are never closed")
    word = re.compile(conf["wordPattern"])
    for w in ["imminent_danger", "_x1", "cce"]:
        if not word.fullmatch(w):
            failures.append(f"wordPattern does not read the name {w!r}")
    m = word.search("age>=12")
    if not m or m.group(0) != "age":
        failures.append("wordPattern reads more than the name in `age>=12`")
    if conf.get("comments", {}).get("lineComment") != "#":
        failures.append("language-configuration.json: the line comment is not #")

    with open(os.path.join(VSCODE, "package.json"), encoding="utf-8") as f:
        pkg = json.load(f)
    langs = {l["id"]: l for l in pkg["contributes"]["languages"]}
    want = {"threshold-rules": (".rules", "source.threshold-rules"),
            "threshold-scenario": (".scenario", "source.threshold-scenario")}
    grammars = {g["language"]: g for g in pkg["contributes"]["grammars"]}
    for lang, (ext, scope) in want.items():
        if lang not in langs or ext not in langs[lang].get("extensions", []):
            failures.append(f"package.json: no language {lang} for {ext} files")
            continue
        if not os.path.exists(os.path.join(VSCODE, langs[lang].get("configuration", "-"))):
            failures.append(f"package.json: {lang}'s configuration file does not exist")
        g = grammars.get(lang)
        if g is None or g["scopeName"] != scope:
            failures.append(f"package.json: no grammar {scope} for {lang}")
        elif os.path.normpath(os.path.join(VSCODE, g["path"])) != os.path.normpath(GRAMMAR_FILES[scope]):
            failures.append(f"package.json: {lang}'s grammar path {g['path']} is not {rel(GRAMMAR_FILES[scope])}")
        if f"onLanguage:{lang}" not in pkg.get("activationEvents", []):
            failures.append(f"package.json: no activation on {lang}")
    if "vscode-languageclient" not in pkg.get("dependencies", {}):
        failures.append("package.json: vscode-languageclient is not a dependency")
    if not os.path.exists(os.path.join(VSCODE, pkg.get("main", "-"))):
        failures.append("package.json: main does not exist")
    if "threshold.path" not in pkg["contributes"].get("configuration", {}).get("properties", {}):
        failures.append("package.json: no threshold.path setting")


def run_checks(grammars, engine_list):
    """Every check with every engine; returns (failures, per-engine scope maps for comparison)."""
    failures = []
    maps = []
    files = shipped_files()
    bad = malformed_files()
    for engine in engine_list:
        c = Checker(grammars, engine)
        try:
            if c.tok is None:
                raise GrammarError(c.problem)
            c.coverage(files, valid=True)
            c.coverage(bad, valid=False)
            c.expectations()
            c.every_scope_hit()
        except GrammarError as e:
            c.fail(f"grammar: {e}")
        failures += [f"[{engine.name}] {f}" for f in c.failures]
        maps.append((engine.name, c.cache))
    for (a, ma), (b, mb) in zip(maps, maps[1:]):
        for path in ma:
            if path in mb and ma[path] != mb[path]:
                for n, (x, y) in enumerate(zip(ma[path], mb[path]), 1):
                    if x != y:
                        failures.append(f"{rel(path)}:{n}: {a} and {b} give different scopes: {x[0].strip()!r}")
                        break
    return failures, files, bad


def self_test(grammars, engine_list):
    """Each break must be caught: the checks are only worth something if they can fail. (With the first engine
    only: a break is the grammar's, not the engine's.)"""
    def drop(g, repo, match_prefix):
        items = g["repository"][repo]["patterns"]
        g["repository"][repo]["patterns"] = [p for p in items if not p.get("match", "").startswith(match_prefix)]

    def breaks():
        g = copy.deepcopy(grammars)
        drop(g["source.threshold-rules"], "literals", r"\b\d+(?:\.\d+)?\b")
        yield "numbers dropped", g
        g = copy.deepcopy(grammars)
        for p in g["source.threshold-rules"]["repository"]["declarations"]["patterns"]:
            if p.get("match", "").startswith(r"^\s*(fact)"):
                p["match"] = p["match"].replace(r"\s+", "")
        yield "the fact declaration's regex broken", g
        g = copy.deepcopy(grammars)
        g["source.threshold-rules"]["repository"]["strings"]["patterns"][1]["end"] = "'"
        yield "strings never close", g
        g = copy.deepcopy(grammars)
        g["source.threshold-scenario"]["repository"]["expect-block"]["patterns"].insert(
            0, {"match": r"\b(overruled)\b", "name": "keyword.other.overruled.threshold"})
        yield "a token class no shipped file has", g
        g = copy.deepcopy(grammars)
        g["source.threshold-rules"]["repository"]["identifier"]["patterns"][0]["while"] = "x"
        yield "a key the tokenizer does not implement", g
    ok = True
    conf = load_configuration()
    conf["folding"]["markers"]["start"] = r"^\s*(levels|bands|domain|rule|cap|advise|score|scenario)\b"
    failures = []
    check_configuration(shipped_files(), failures, conf)
    print(f"self-test: {'caught' if failures else 'NOT CAUGHT'} (a folding marker that opens at `score` in a scenario's"
          f" expectations){': ' + failures[0] if failures else ''}")
    ok = ok and bool(failures)
    for what, g in breaks():
        failures, _, _ = run_checks(g, engine_list[:1])
        if failures:
            print(f"self-test: caught ({what}): {failures[0]}")
        else:
            print(f"self-test: NOT CAUGHT: {what}")
            ok = False
    return ok


def main(argv):
    wanted = None
    if "--engine" in argv:
        wanted = argv[argv.index("--engine") + 1]
    try:
        engine_list = engines(wanted)
        grammars = load_grammars()
    except (GrammarError, OSError, ValueError) as e:
        print(f"grammar_test: cannot run: {e}")
        return 2
    print("grammar_test: engines: " + ", ".join(e.name for e in engine_list)
          + ("" if len(engine_list) > 1 or wanted else " (Oniguruma not available: pip install onigurumacffi)"))
    if "--show" in argv:
        path = argv[argv.index("--show") + 1]
        tok = Tokenizer(grammars, engine_list[-1])
        for n, (line, chars) in enumerate(tok.tokenize(read(path), SCOPE_FOR_EXTENSION[os.path.splitext(path)[1]]), 1):
            runs = []
            for c, scopes in zip(line, chars):
                last = (scopes or ("-",))[-1]
                if c.isspace():
                    if runs:
                        runs[-1][2] = False  # a space ends a token
                    continue
                if runs and runs[-1][1] == last and runs[-1][2]:
                    runs[-1][0] += c
                else:
                    runs.append([c, last, True])
            print(f"{n:4} " + "  ".join(f"{t}<{sc.replace('.threshold', '')}>" for t, sc, _ in runs))
        return 0
    if "--self-test" in argv:
        return 0 if self_test(grammars, engine_list) else 1
    failures, files, bad = run_checks(grammars, engine_list)
    check_configuration(files, failures, load_configuration())
    scopes = named_scopes(grammars)
    if failures:
        for f in failures[:60]:
            print("FAIL " + f)
        if len(failures) > 60:
            print(f"... and {len(failures) - 60} more")
        return 1
    lines = sum(len(read(f).split("\n")) for f in files)
    print(f"grammar_test: {len(files)} shipped files ({lines} lines) and {len(bad)} malformed fixtures: every "
          f"character that is not whitespace has a scope; all {len(scopes)} scopes given; "
          f"{len(EXPECTATIONS) + len(DOC_TEXT) + len(BAD_TEXT)} exact expectations hold; folding markers balance; package.json agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
