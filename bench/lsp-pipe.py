#!/usr/bin/env python3
"""`threshold lsp` timed from a client on its pipes: the same edits and requests as `threshold bench-lsp`.

  lsp-pipe.py BINARY RULES RUNS     prints {"lines", "runs", "diagnostics_ms", "completion_ms", "hover_ms"}

Diagnostics: from writing an incremental didChange to reading the publishDiagnostics for that version.
"""
import json
import pathlib
import subprocess
import sys
import time


def main(binary, rules, runs):
    path = pathlib.Path(rules).resolve()
    text = path.read_text()
    lines = text.split("\n")
    because = next(i for i, l in enumerate(lines) if l.startswith('  because "'))
    when = next(i for i, l in enumerate(lines) if l.startswith("  when "))
    fact = next(i for i, l in enumerate(lines) if l.startswith("fact "))
    server = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(message):
        body = json.dumps(message).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def read():
        length = None
        while True:
            line = server.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(server.stdout.read(length))

    def until(predicate):
        while True:
            m = read()
            if predicate(m):
                return m

    uri = path.as_uri()
    send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}})
    until(lambda m: m.get("id") == 0)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "threshold", "version": 1, "text": text}}})
    until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    times = {"diagnostics": [], "completion": [], "hover": []}
    next_id = 1
    for i in range(runs):
        insert = i % 2 == 0
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": i + 2},
            "contentChanges": [{"range": {"start": {"line": because, "character": 11},
                                          "end": {"line": because, "character": 11 if insert else 12}},
                                "text": "x" if insert else ""}]}})
        until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == i + 2)
        times["diagnostics"].append(time.perf_counter() - start)
        for kind, method, character, line in (("completion", "textDocument/completion", 7, when),
                                               ("hover", "textDocument/hover", 6, fact)):
            next_id += 1
            start = time.perf_counter()
            send({"jsonrpc": "2.0", "id": next_id, "method": method, "params": {
                "textDocument": {"uri": uri}, "position": {"line": line, "character": character}}})
            until(lambda m, n=next_id: m.get("id") == n)
            times[kind].append(time.perf_counter() - start)
    send({"jsonrpc": "2.0", "id": -1, "method": "shutdown"})
    until(lambda m: m.get("id") == -1)
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=30)

    def stats(xs):
        s = sorted(xs)
        at = lambda q: round(s[min(len(s) - 1, max(0, int(-(-len(s) * q // 1)) - 1))] * 1000, 3)
        return {"p50": at(0.5), "p95": at(0.95), "max": at(1.0)}

    print(json.dumps({"lines": len(lines), "runs": runs, **{k + "_ms": stats(v) for k, v in times.items()}}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
