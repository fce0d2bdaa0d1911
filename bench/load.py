#!/usr/bin/env python3
"""Load and fault harness for `threshold serve` (issue 25): loopback only, bounded in time and count.

Starts the server binary given, then runs scenarios one after another, each for a fixed time:
  mixed-8      8 keep-alive clients, a mix of endpoints (score, health, rulesets, whatif, metrics)
  mixed-64     64 such clients
  idle-10k     8 clients while 10,000 idle keep-alive connections are held open (nothing sent)
  slow-1k      8 clients while 1,000 slow senders trickle requests one byte every 0.5 s
  soak         64 clients + 10,000 idle + 1,000 slow, for --soak seconds (RSS at start and end)
  wrk-8        POST /v1/score with wrk (8 connections, one thread), the server's throughput where the
               Python clients cannot reach it (Debian package `wrk`)
  wrk-8-idle   the same while 10,000 idle connections are held open
For each: requests/s, p50 and p99 per endpoint in ms, failed requests (anything but the expected status,
a reset, a timeout). The server's RSS (VmRSS of /proc/PID/status) at the start and end of each scenario.

    bench/load.py BINARY [--duration 20] [--soak 60] [--scenarios mixed-8,idle-10k] [--serve-args "..."]

Python standard library only. The clients are asyncio in one process; the idle and slow connections are
held by a second process, so that they do not slow the clients. Not a test: it prints figures.
"""
import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCORE = json.dumps({"id": "mathew", "facts": {
    "age": 12, "referrer": "police", "risk_of_significant_harm": True, "imminent_danger": False, "siblings": 2,
    "concerns": ["sexual"], "received": "2019-04-12T16:00"}}, separators=(",", ":"))
WHATIF = json.dumps({"scenario": {"id": "mathew", "facts": {
    "age": 12, "imminent_danger": False, "risk_of_significant_harm": True, "received": "2019-04-12T16:00"}},
    "changes": {"imminent_danger": True}}, separators=(",", ":"))


def request(method, path, body=None, ctype="application/json"):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if body is not None:
        head += f"Content-Type: {ctype}\r\nContent-Length: {len(body.encode())}\r\n"
    return (head + "\r\n" + (body or "")).encode()


# The mix: (name, bytes, expected status, weight).
MIX = [
    ("/v1/score", request("POST", "/v1/score?ruleset=camden-mash", SCORE), 200, 6),
    ("/health", request("GET", "/health"), 200, 2),
    ("/v1/rulesets", request("GET", "/v1/rulesets"), 200, 1),
    ("/v1/whatif", request("POST", "/v1/whatif?ruleset=camden-mash", WHATIF), 200, 1),
]
SEQUENCE = [m for m in MIX for _ in range(m[3])]


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers


async def client(port, until, stats, offset):
    """One keep-alive client going round the mix until `until`; reconnects after a failure."""
    i = offset
    conn = None
    while time.monotonic() < until:
        name, data, expected, _ = SEQUENCE[i % len(SEQUENCE)]
        i += 1
        start = time.monotonic()
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
            reader, writer = conn
            writer.write(data)
            status, headers = await asyncio.wait_for(read_response(reader), 10)
            ok = status == expected
            if headers.get("connection") == "close":
                writer.close()
                conn = None
        except Exception:
            ok = False
            status = 0
            if conn:
                conn[1].close()
            conn = None
        took = time.monotonic() - start
        entry = stats.setdefault(name, {"times": [], "errors": 0, "statuses": {}})
        entry["times"].append(took)
        entry["statuses"][status] = entry["statuses"].get(status, 0) + 1
        if not ok:
            entry["errors"] += 1
    if conn:
        conn[1].close()


def hold(port, idle, slow, seconds, ready):
    """In a second process: `idle` connections that send nothing, `slow` that send a request a byte every
    0.5 s (reconnecting when answered or closed); reports how many were open via `ready`."""
    raise_nofile()

    async def main():
        until = time.monotonic() + seconds
        conns = []
        for _ in range(idle):
            try:
                conns.append(await asyncio.open_connection("127.0.0.1", port))
            except OSError:
                break
        ready.put(len(conns))

        async def trickle():
            data = request("GET", "/health")
            while time.monotonic() < until:
                try:
                    r, w = await asyncio.open_connection("127.0.0.1", port)
                    for b in data:
                        w.write(bytes([b]))
                        await asyncio.sleep(0.5)
                        if time.monotonic() >= until or r.at_eof():
                            break
                    w.close()
                except OSError:
                    await asyncio.sleep(0.5)
        tasks = [asyncio.create_task(trickle()) for _ in range(slow)]
        while time.monotonic() < until:
            await asyncio.sleep(0.5)
        for t in tasks:
            t.cancel()
        for _, w in conns:
            w.close()
    asyncio.run(main())


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def scenario(name, port, pid, clients, idle, slow, seconds):
    holder = None
    held = 0
    if idle or slow:
        q = multiprocessing.Queue()
        holder = multiprocessing.Process(target=hold, args=(port, idle, slow, seconds + 30, q))
        holder.start()
        held = q.get(timeout=120)
        time.sleep(1 if slow else 0.2)
    rss_start = rss_kb(pid)
    stats = {}

    async def run():
        until = time.monotonic() + seconds
        await asyncio.gather(*(client(port, until, stats, i * 3) for i in range(clients)))
    started = time.monotonic()
    asyncio.run(run())
    took = time.monotonic() - started
    rss_end = rss_kb(pid)
    if holder:
        holder.terminate()
        holder.join()
    total = sum(len(s["times"]) for s in stats.values())
    errors = sum(s["errors"] for s in stats.values())
    row = {"scenario": name, "clients": clients, "idle": held if idle else 0, "slow": slow, "seconds": round(took, 1),
           "requests": total, "rps": round(total / took), "errors": errors,
           "rss_start_mb": round(rss_start / 1024, 1), "rss_end_mb": round(rss_end / 1024, 1), "endpoints": {}}
    for ep, s in sorted(stats.items()):
        row["endpoints"][ep] = {"n": len(s["times"]), "p50_ms": round(percentile(s["times"], 50) * 1000, 2),
                                "p99_ms": round(percentile(s["times"], 99) * 1000, 2), "errors": s["errors"],
                                "statuses": {str(k): v for k, v in sorted(s["statuses"].items())}}
    return row


WRK_LUA = """
wrk.method = "POST"
wrk.body = '%s'
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%.3f %%.3f %%d\\n", summary.requests, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(name, port, pid, idle, seconds):
    holder = None
    held = 0
    if idle:
        q = multiprocessing.Queue()
        holder = multiprocessing.Process(target=hold, args=(port, idle, 0, seconds + 30, q))
        holder.start()
        held = q.get(timeout=120)
        time.sleep(0.2)
    script = os.path.join(ROOT, ".build-bench", "load-score.lua")
    os.makedirs(os.path.dirname(script), exist_ok=True)
    with open(script, "w") as f:
        f.write(WRK_LUA % SCORE)
    rss_start = rss_kb(pid)
    started = time.monotonic()
    out = subprocess.run(["wrk", "-t1", "-c8", f"-d{int(seconds)}s", "-s", script,
                          f"http://127.0.0.1:{port}/v1/score?ruleset=camden-mash"],
                         capture_output=True, text=True).stdout
    took = time.monotonic() - started
    rss_end = rss_kb(pid)
    if holder:
        holder.terminate()
        holder.join()
    result = [l for l in out.splitlines() if l.startswith("RESULT")]
    n, p50, p99, errors = (result[0].split()[1:] if result else ["0", "nan", "nan", "0"])
    rps = round(int(n) / seconds)
    return {"scenario": name, "clients": 8, "idle": held, "slow": 0, "seconds": round(took, 1), "requests": int(n),
            "rps": rps, "errors": int(errors), "rss_start_mb": round(rss_start / 1024, 1),
            "rss_end_mb": round(rss_end / 1024, 1),
            "endpoints": {"/v1/score": {"n": int(n), "p50_ms": float(p50), "p99_ms": float(p99), "errors": int(errors)}}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--duration", type=float, default=20)
    ap.add_argument("--soak", type=float, default=60)
    ap.add_argument("--scenarios", default="mixed-8,mixed-64,idle-10k,slow-1k,wrk-8,wrk-8-idle,soak")
    ap.add_argument("--serve-args", default="")
    ap.add_argument("--json", help="also write the rows here")
    a = ap.parse_args()
    raise_nofile()
    args = [a.binary, "serve", os.path.join(ROOT, "rules/camden-mash.rules"), "--port", "0"] + a.serve_args.split()
    server = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    line = server.stdout.readline().decode()
    port = int(line.strip().rstrip("/").rsplit(":", 1)[1])
    plan = {
        "mixed-8": (8, 0, 0, a.duration), "mixed-64": (64, 0, 0, a.duration),
        "idle-10k": (8, 10_000, 0, a.duration), "slow-1k": (8, 0, 1_000, a.duration),
        "soak": (64, 10_000, 1_000, a.soak),
        "wrk-8": (8, 0, 0, a.duration), "wrk-8-idle": (8, 10_000, 0, a.duration),
    }
    rows = []
    try:
        for name in a.scenarios.split(","):
            clients, idle, slow, seconds = plan[name]
            if name.startswith("wrk"):
                row = wrk(name, port, server.pid, idle, seconds)
            else:
                row = scenario(name, port, server.pid, clients, idle, slow, seconds)
            rows.append(row)
            print(f"{name}: {row['rps']} req/s, {row['errors']} errors, RSS {row['rss_start_mb']} -> "
                  f"{row['rss_end_mb']} MB", file=sys.stderr, flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            code = "killed"
    print(f"{'scenario':<10} {'clients':>7} {'idle':>6} {'slow':>5} {'req/s':>7} {'errors':>6} "
          f"{'RSS MB start→end':>17}  endpoint p50 / p99 ms")
    for r in rows:
        eps = "  ".join(f"{ep} {e['p50_ms']}/{e['p99_ms']}" for ep, e in r["endpoints"].items())
        print(f"{r['scenario']:<10} {r['clients']:>7} {r['idle']:>6} {r['slow']:>5} {r['rps']:>7} {r['errors']:>6} "
              f"{r['rss_start_mb']:>8}→{r['rss_end_mb']:<8}  {eps}")
    print(f"server exit after SIGTERM: {code}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
