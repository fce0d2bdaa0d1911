#!/usr/bin/env python3
"""Clients that go away must not take other clients' connections with them (a fault found by an attack pass).

`threshold serve` keeps one epoll set. When a client resets its connection, the reset's event can sit in the same
batch of events as the listener's; if the server closed that connection earlier in the batch and `accept` gave its
descriptor to a new client, the old event must not be applied to the new connection (it was: the new client was
closed unanswered). This runs, for SECONDS, RUDE threads that each send three pipelined /v1/score requests and
close at once (with a reset: SO_LINGER 0, or with `--fin` an ordinary close while the answers are being written),
beside HONEST threads that each open a connection, ask GET /health with `Connection: close`, and read the answer
to its end. Every honest answer must be 200.

Loopback only, bounded in time. Prints one JSON line of figures; exits 1 when an honest client got no answer.

  stale-events.py BINARY [--seconds S] [--fin] [--rude N] [--honest N]
"""
import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--fin", action="store_true", help="close rude connections normally instead of with a reset")
    ap.add_argument("--rude", type=int, default=8)
    ap.add_argument("--honest", type=int, default=8)
    a = ap.parse_args()

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    server = subprocess.Popen(
        [a.binary, "serve", "rules/camden-mash.rules", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        if not server.stdout.readline().startswith(b"listening on"):
            sys.exit("the server did not start")
        figures = run(port, a)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps(figures))
    sys.exit(1 if figures["honest_unanswered"] else 0)


def run(port, a):
    host = b"Host: 127.0.0.1\r\n"
    body = json.dumps({"id": "rude", "facts": {"age": 12}}).encode()
    score = (b"POST /v1/score HTTP/1.1\r\n" + host + b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body)
    stop = time.monotonic() + a.seconds
    lock = threading.Lock()
    figures = {"seconds": a.seconds, "close": "fin" if a.fin else "reset", "rude_connections": 0,
               "honest_answered": 0, "honest_unanswered": 0, "unanswered_got": []}

    def rude():
        while time.monotonic() < stop:
            s = socket.socket()
            try:
                s.connect(("127.0.0.1", port))
                if not a.fin:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.sendall(score * 3)
            except OSError:
                pass
            finally:
                s.close()
            with lock:
                figures["rude_connections"] += 1

    def honest():
        while time.monotonic() < stop:
            got = b""
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                s.sendall(b"GET /health HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n")
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    got += chunk
                s.close()
            except OSError as e:
                got += ("<%s>" % type(e).__name__).encode()
            with lock:
                if got.startswith(b"HTTP/1.1 200"):
                    figures["honest_answered"] += 1
                else:
                    figures["honest_unanswered"] += 1
                    if len(figures["unanswered_got"]) < 5:
                        figures["unanswered_got"].append(got[:60].decode("latin-1"))

    threads = [threading.Thread(target=rude) for _ in range(a.rude)]
    threads += [threading.Thread(target=honest) for _ in range(a.honest)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return figures


if __name__ == "__main__":
    main()
