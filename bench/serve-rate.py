#!/usr/bin/env python3
"""Latency of POST /v1/score at a fixed rate over one keep-alive connection: a request is sent every
1/RATE seconds (paced on the clock, not after the previous answer), and each answer's latency is taken
from its request's scheduled start, so a slow answer also counts against the requests queued behind it.
Usage: serve-rate.py URL PATH BODY RATE SECONDS"""
import socket, sys, time

url, path, body, rate, seconds = sys.argv[1], sys.argv[2], sys.argv[3].encode(), int(sys.argv[4]), float(sys.argv[5])
host, port = url.split("//")[1].rstrip("/").split(":")
request = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
           f"Content-Length: {len(body)}\r\n\r\n").encode() + body
s = socket.create_connection((host, int(port)))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buf = b""

def read_response():
    global buf
    while b"\r\n\r\n" not in buf:
        buf += s.recv(65536)
    head, rest = buf.split(b"\r\n\r\n", 1)
    length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0])
    while len(rest) < length:
        rest += s.recv(65536)
    buf = rest[length:]
    if not head.startswith(b"HTTP/1.1 200"):
        raise SystemExit("bad status: " + head.split(b"\r\n")[0].decode())

count = int(rate * seconds)
interval = 1.0 / rate
latencies = []
start = time.perf_counter() + 0.05
for i in range(count):
    due = start + i * interval
    while True:
        now = time.perf_counter()
        if now >= due:
            break
        if due - now > 0.0003:
            time.sleep(due - now - 0.0002)
    s.sendall(request)
    read_response()
    latencies.append(time.perf_counter() - due)
elapsed = time.perf_counter() - start
latencies.sort()
def pct(p): return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000
label = f"paced {rate}/s, 1 client" + (" (changes=false)" if "changes=false" in path else "")
print(f"{label:<34} {count / elapsed:12.0f} {pct(50):12.3f} {pct(99):12.3f} {0:8d}")
