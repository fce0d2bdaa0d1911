#!/usr/bin/env python3
"""`/v1/score` latency with and without four people checking text in the rules editor (the editor's calls run on
the long-work lane, beside /v1/batch, since 2026-12-06). Loopback only; about ten seconds.

  bench/editor-load.py BINARY PORT     e.g. bench/editor-load.py .build/debug/threshold 18990
"""
import json, os, statistics, subprocess, sys, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary, port = sys.argv[1], int(sys.argv[2])
srv = subprocess.Popen([binary, 'serve', 'rules/front-door.rules', 'rules/camden-mash.rules', '--port', str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
srv.stdout.readline(); time.sleep(0.5)
B = 'http://127.0.0.1:%d' % port
def post(path, body):
    r = urllib.request.Request(B + path, data=json.dumps(body).encode(), headers={'Content-Type': 'application/json'}, method='POST')
    with urllib.request.urlopen(r, timeout=60) as f: return f.read()
src = json.loads(urllib.request.urlopen(B + '/v1/rulesets/front-door/source').read())['result']['text']
score = {"id": "mathew", "facts": {"age": 12, "imminent_danger": False, "risk_of_significant_harm": True, "received": "2019-04-12T16:00"}}
def timings(seconds):
    out = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter(); post('/v1/score?ruleset=camden-mash', score); out.append((time.perf_counter() - t) * 1000)
    return out
quiet = timings(3)
stop = False
checks = [0]
def editor():
    while not stop:
        post('/v1/rulesets/front-door/edit/check', {"text": src}); checks[0] += 1
ts = [threading.Thread(target=editor) for _ in range(4)]
for t in ts: t.start()
time.sleep(1)
busy = timings(5)
stop = True
for t in ts: t.join()
srv.terminate(); srv.wait()
q = lambda v, p: sorted(v)[int(p * (len(v) - 1))]
print('%s: quiet median %.1f ms p90 %.1f ms; with 4 editors checking median %.1f ms p90 %.1f ms max %.1f ms (%d checks)' % (
    binary, statistics.median(quiet), q(quiet, .9), statistics.median(busy), q(busy, .9), max(busy), checks[0]))
