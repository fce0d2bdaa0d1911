#!/usr/bin/env python3
"""Run every `threshold` command written in README.md and docs/*.md, so the docs cannot drift.

What is a command: every line of a fenced ```sh (or ```bash, ```shell) block, and every line starting
with `$ ` in an untagged or ```console block (a transcript's prompt), after joining lines that end in
`\\`. Of these, the lines that start with `threshold` or `swift run threshold` (optionally after
`NAME=value` environment assignments) are checked; `mkdir -p …` and `python3 bench/…` lines are run
as setup, because a later command of the same page needs what they make; every other line (`swift
test`, `curl`, `git diff`, `bench/run.sh`, …) is not a threshold command and is left alone.

How it runs: each page gets its own temporary copy of the repository's files (tracked and untracked,
not ignored), and its commands run there in the order written, from the copy's root, with `threshold`
standing for the binary given (the debug build by default) and `swift run threshold` for the same
binary. Nothing in the tree is written. `git:REV:path` arguments read the real repository (GIT_DIR),
read-only. Standard input is empty unless the command redirects it. Each command has a timeout.

A command fails when it exits 2 (could not do its work), is killed by a signal or exits with 128 or
more (a crash), runs past the timeout, or fails before threshold starts (the shell cannot open a `<`
file, say). Exit 1 from threshold (the work ran and found a problem) is allowed; pipes count with
pipefail.

Skipped, by these rules only (each skip is listed in the output):
  serve   `threshold serve …`: a server runs until it is stopped; docs/api.md's calls are checked by
          the API tests and the browser test instead.
  repl    `threshold repl …` without `<` input: it needs an interactive terminal.

Usage: scripts/docs-check.py [--bin PATH] [--timeout SECONDS] [--verbose] [FILE.md …]
Exit: 0 when every command passed, 1 when one failed (each failure names FILE:LINE), 2 on bad usage.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SHELL_LANGS = {"sh", "bash", "shell", "console"}
ENV_PREFIX = r"(?:[A-Za-z_][A-Za-z0-9_]*=(?:\$\([^)]*\)|\"[^\"]*\"|'[^']*'|\S+)\s+)*"
THRESHOLD_CMD = re.compile(r"^" + ENV_PREFIX + r"(?:swift run )?threshold(?:\s|$)")
SETUP_CMD = re.compile(r"^(?:mkdir -p\s|python3 bench/)")


def commands(path):
    """(line number, command text) for every shell command line of a Markdown file."""
    out = []
    fence = None  # the language of the open fence, "" for an untagged one
    pending, pending_line = None, 0
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if fence is None:
            m = re.match(r"^(`{3,})\s*([A-Za-z0-9_+-]*)", stripped)
            if m:
                fence = m.group(2).lower()
            continue
        if stripped.startswith("```"):
            fence = None
            pending = None
            continue
        if fence not in SHELL_LANGS and fence != "":
            continue
        text = raw.rstrip()
        if pending is not None:
            pending += " " + text.strip().rstrip("\\").strip()
            if not text.endswith("\\"):
                out.append((pending_line, pending))
                pending = None
            continue
        if text.startswith("$ "):
            text = text[2:]
        elif fence not in SHELL_LANGS:
            continue  # an untagged block: only `$ ` lines are commands; the rest is output
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if text.endswith("\\"):
            pending, pending_line = text.rstrip("\\").strip(), number
            continue
        out.append((number, text.strip()))
    return out


def without_comment(command):
    """The command without a trailing `# comment` (outside quotes)."""
    quote = None
    for i, ch in enumerate(command):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or command[i - 1].isspace()):
            return command[:i].rstrip()
    return command


def skip_reason(command):
    words = re.sub(r"^" + ENV_PREFIX, "", command).split()
    if words[:2] == ["swift", "run"]:
        words = words[2:]
    sub = words[1] if len(words) > 1 else ""
    if sub == "serve":
        return "serve: a server runs until stopped"
    if sub == "repl" and "<" not in command:
        return "repl: needs an interactive terminal (no `<` input)"
    return None


def copy_tree(destination):
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in files:
        source = os.path.join(ROOT, name)
        if not name or not os.path.isfile(source):
            continue  # deleted in the work tree, or a submodule
        target = os.path.join(destination, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=os.environ.get("THRESHOLD_BIN", ".build/debug/threshold"))
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("DOCS_CHECK_TIMEOUT", "300")))
    parser.add_argument("--verbose", action="store_true", help="also list the lines that are not threshold commands")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()

    binary = os.path.abspath(os.path.join(ROOT, args.bin) if not os.path.isabs(args.bin) else args.bin)
    if not os.access(binary, os.X_OK):
        print(f"docs-check: {args.bin}: no such executable (build it with `swift build`)", file=sys.stderr)
        return 2
    pages = args.files or ["README.md"] + sorted(
        os.path.join("docs", n) for n in os.listdir(os.path.join(ROOT, "docs")) if n.endswith(".md"))
    git_dir = subprocess.run(["git", "rev-parse", "--absolute-git-dir"], cwd=ROOT, capture_output=True,
                             text=True).stdout.strip()

    ran = skipped = failed = 0
    for page in pages:
        cmds = commands(os.path.join(ROOT, page))
        if not any(THRESHOLD_CMD.match(c) or SETUP_CMD.match(c) for _, c in cmds):
            continue
        with tempfile.TemporaryDirectory(prefix="docs-check-") as work:
            copy_tree(work)
            env = dict(os.environ, THRESHOLD_DOCS_BIN=binary, NO_COLOR="1", HOME=work,
                       XDG_STATE_HOME=os.path.join(work, ".state"))
            if git_dir:
                env.update(GIT_DIR=git_dir, GIT_WORK_TREE=work)
            for line, command in cmds:
                where = f"{page}:{line}"
                body = without_comment(command)
                if SETUP_CMD.match(body):
                    kind = "setup"
                elif THRESHOLD_CMD.match(body):
                    kind = "threshold"
                else:
                    if args.verbose:
                        print(f"not a threshold command  {where}: {body}")
                    continue
                reason = skip_reason(body) if kind == "threshold" else None
                if reason:
                    skipped += 1
                    print(f"skip  {where}: {body}\n      ({reason})")
                    continue
                marker = os.path.join(work, ".docs-check-ran")
                if os.path.exists(marker):
                    os.remove(marker)
                # The marker tells a failure of threshold from one of the shell (a missing `< FILE`).
                script = ('set -o pipefail\n'
                          'threshold() { : > "$THRESHOLD_DOCS_RAN"; "$THRESHOLD_DOCS_BIN" "$@"; }\n'
                          + re.sub(r"\bswift run threshold\b", "threshold", body) + "\n")
                env["THRESHOLD_DOCS_RAN"] = marker
                proc = subprocess.Popen(["bash", "-c", script], cwd=work, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
                try:
                    _, err = proc.communicate(timeout=args.timeout)
                    code = proc.returncode
                    problem = None
                    if code == 2:
                        problem = "exit 2: the command could not do its work"
                    elif code < 0:
                        problem = f"killed by signal {signal.Signals(-code).name}: a crash"
                    elif code >= 128:
                        problem = f"exit {code}: a crash (signal {code - 128})"
                    elif kind == "threshold" and code != 0 and not os.path.exists(marker):
                        problem = f"exit {code} before threshold ran: the shell could not run the line as written"
                    elif kind == "setup" and code != 0:
                        problem = f"exit {code}: a setup command the page's later commands need failed"
                    stderr = err.decode(errors="replace")
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)  # the command's whole process group, and only it
                    _, err = proc.communicate()
                    problem = f"ran past the timeout of {args.timeout:g} s"
                    code = None
                    stderr = err.decode(errors="replace")
                ran += 1
                if problem:
                    failed += 1
                    print(f"FAIL  {where}: {body}\n      {problem}")
                    for text in stderr.strip().split("\n")[-8:]:
                        if text:
                            print(f"      | {text}")
                else:
                    print(f"ok    {where}: {body}" + (f"  (exit {code})" if code else ""))
    print(f"docs-check: {ran} commands ran, {failed} failed, {skipped} skipped by the rules above")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
