#!/usr/bin/env python3
"""Open HTML pages in headless Chromium, save screenshots, and fail on console errors or a blank page.

Talks the DevTools protocol over --remote-debugging-pipe (file descriptors 3 and 4), standard library
only. For each page: load it, collect console errors and uncaught exceptions, check the page has visible
text and that its screenshot is not blank (decodes the PNG), save a screen screenshot and, with --print,
a screenshot under print media at A4 width and an A4 PDF.

usage: browser_check.py [--chromium PATH] [--out DIR] [--width PX] [--height PX] [--print] [--filter-test] [--parts]
                        [--self-test] [--shot SELECTOR] PAGE.html...
exit 0 when every page is clean; 1 when a page logged an error or rendered blank; 2 when the browser failed.
"""
import argparse
import base64
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib


class Browser:
    def __init__(self, chromium, timeout=60):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="threshold-chromium-")
        self.log = open(os.path.join(self.profile, "chromium.log"), "wb")
        to_child_r, self.to_child_w = os.pipe()
        self.from_child_r, from_child_w = os.pipe()
        # The child reads commands on fd 3 and writes answers on fd 4.
        def setup():
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
        args = [chromium, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync", "--hide-scrollbars",
                "--mute-audio", "--remote-debugging-pipe", "--user-data-dir=" + self.profile, "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        self.proc = subprocess.Popen(args, preexec_fn=setup, pass_fds=(3, 4),
                                     stdout=subprocess.DEVNULL, stderr=self.log, close_fds=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child_w, json.dumps(msg).encode() + b"\0")
        wanted = self.next_id
        deadline = time.time() + self.timeout
        while True:
            m = self.read(deadline)
            if m.get("id") == wanted:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def read(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_child_r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        m = json.loads(raw)
        if m.get("method") == "Page.javascriptDialogOpening":
            # A dialog would block the page: dismiss it at once (the event stays, and fails the check).
            self.next_id += 1
            answer = {"id": self.next_id, "method": "Page.handleJavaScriptDialog", "params": {"accept": False}}
            if m.get("sessionId"):
                answer["sessionId"] = m["sessionId"]
            os.write(self.to_child_w, json.dumps(answer).encode() + b"\0")
        return m

    def wait_event(self, method, session, timeout):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method and e.get("sessionId") == session:
                    del self.events[i]
                    return e
            self.events.append(self.read(deadline))

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        subprocess.run(["rm", "-rf", self.profile])


def png_ink(data):
    """The share of pixels that are not near-white, decoding an 8-bit RGB/RGBA PNG (what Chromium writes)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0.0
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                return 1.0  # not a format we decode: do not call it blank
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    inked = sampled = 0
    i = 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        for x in range(0, stride, bpp * 7):
            sampled += 1
            if line[x] < 200 or line[x + 1] < 200 or line[x + 2] < 200:
                inked += 1
        prev = line
    return inked / max(1, sampled)


def check_page(browser, path, out, width, height, want_print, filter_test, parts, shot_selector=None):
    problems = []
    name = os.path.splitext(os.path.basename(path))[0]
    url = "file://" + os.path.abspath(path)
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.send(domain + ".enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_event("Page.loadEventFired", session, 60)

    def evaluate(expr):
        r = browser.send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=session)
        if "exceptionDetails" in r:
            problems.append("evaluating %s: %s" % (expr, r["exceptionDetails"].get("text")))
            return None
        return r["result"].get("value")

    text = evaluate("document.body ? document.body.innerText.trim().length : 0") or 0
    # Nothing from a label may have become live markup: no embedded content, one inline script at most.
    live = evaluate("document.querySelectorAll('img, iframe, object, embed, link, base, form').length + ' ' + "
                    "document.scripts.length + ' ' + Array.prototype.filter.call(document.scripts, function (s) { return s.src; }).length")
    if live:
        embedded, scripts, external = (int(x) for x in live.split())
        if embedded or scripts > 1 or external:
            problems.append("unexpected live markup: %d embedded elements, %d scripts, %d external scripts" % (embedded, scripts, external))
    if text < 50:
        problems.append("the page shows almost no text (%d characters)" % text)
    if filter_test and evaluate("!!document.getElementById('filter')"):
        shown = evaluate("""(function () {
            var input = document.getElementById('filter');
            if (document.getElementById('filter-box').hidden) { return 'the filter box stayed hidden'; }
            var rows = document.getElementById('scenario-table').tBodies[0].rows;
            var first = rows[0].cells[1].querySelector('code').textContent;
            input.value = first; input.dispatchEvent(new Event('input'));
            var visible = Array.prototype.filter.call(rows, function (r) { return !r.hidden; }).length;
            input.value = ''; input.dispatchEvent(new Event('input'));
            var all = Array.prototype.filter.call(rows, function (r) { return !r.hidden; }).length;
            return (visible >= 1 && visible <= rows.length && all === rows.length) ? 'ok' : 'filtering showed ' + visible + ', then ' + all + ' of ' + rows.length;
        })()""")
        if shown != "ok":
            problems.append("filter box: %s" % shown)

    def screenshot(suffix, w):
        full = evaluate("Math.ceil(document.documentElement.scrollHeight)") or height
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": w, "height": min(int(full), 16000), "deviceScaleFactor": 1, "mobile": False}, session=session)
        shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
        data = base64.b64decode(shot["data"])
        target_path = os.path.join(out, name + suffix + ".png")
        with open(target_path, "wb") as f:
            f.write(data)
        print("  saved %s (%d bytes)" % (target_path, len(data)))
        if parts:
            for k in range(0, min(int(full), 16000), height):
                clip = {"x": 0, "y": k, "width": w, "height": min(height, int(full) - k), "scale": 1}
                piece = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip},
                                     session=session)
                with open(os.path.join(out, "%s%s-part%d.png" % (name, suffix, k // height + 1)), "wb") as f:
                    f.write(base64.b64decode(piece["data"]))

    screenshot("", width)
    # The top of the page at the reading size, for the README.
    browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                 session=session)
    top = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"])
    with open(os.path.join(out, name + "-top.png"), "wb") as f:
        f.write(top)
    ink = png_ink(top)
    if ink < 0.001:
        problems.append("the page looks blank (%.2f%% of the first screen is not white)" % (ink * 100))
    if shot_selector:
        box = evaluate("(function () { var e = document.querySelector(%s); if (!e) { return null; }"
                       " var r = e.getBoundingClientRect(); return [r.left + scrollX - 8, r.top + scrollY - 8, r.width + 16, r.height + 16]; })()"
                       % json.dumps(shot_selector))
        if box:
            clip = {"x": max(0, box[0]), "y": max(0, box[1]), "width": box[2], "height": box[3], "scale": 1}
            piece = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}, session=session)
            with open(os.path.join(out, name + "-element.png"), "wb") as f:
                f.write(base64.b64decode(piece["data"]))
    if want_print:
        browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        screenshot("-print", 794)  # A4 at 96 px per inch: 210 mm
        browser.send("Emulation.setEmulatedMedia", {"media": ""}, session=session)
        pdf = browser.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True,
                                               "preferCSSPageSize": True}, session=session)
        with open(os.path.join(out, name + ".pdf"), "wb") as f:
            f.write(base64.b64decode(pdf["data"]))

    # Errors logged while loading and checking.
    browser.send("Runtime.evaluate", {"expression": "1"}, session=session)  # flush pending events
    for e in browser.events:
        if e.get("sessionId") != session:
            continue
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            problems.append("console %s: %s" % (p.get("type"), " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))))
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            problems.append("uncaught exception: %s %s" % (d.get("text", ""), d.get("exception", {}).get("description", "")))
        elif m == "Page.javascriptDialogOpening":
            problems.append("a script opened a dialog: %s" % p.get("message"))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            problems.append("browser log error: %s (%s)" % (p["entry"].get("text"), p["entry"].get("url", "")))
    browser.events = [e for e in browser.events if e.get("sessionId") != session]
    browser.send("Target.closeTarget", {"targetId": target})
    return problems


SELF_TEST_PAGES = {
    "console-error": "<p>%s</p><script>console.error('boom')</script>",
    "exception": "<p>%s</p><script>notDefined()</script>",
    "dialog": "<p>%s</p><script>alert('ran')</script>",
    "blank": "<p style='color:#fff'>%s</p>",
    "injected": "<p>%s</p><img alt='' src='data:,'/>",
}


def self_test(browser, out):
    """The checks fail on pages made to fail them: returns the names of those that wrongly passed."""
    folder = tempfile.mkdtemp(prefix="threshold-self-test-")
    wrong = []
    for name, body in sorted(SELF_TEST_PAGES.items()):
        page = os.path.join(folder, name + ".html")
        with open(page, "w") as f:
            f.write("<!DOCTYPE html><html><body>" + body % ("words " * 40) + "</body></html>")
        if not check_page(browser, page, folder, 800, 600, False, False, False):
            wrong.append(name)
    subprocess.run(["rm", "-rf", folder])
    return wrong


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--chromium", default="chromium")
    ap.add_argument("--out", default=".")
    ap.add_argument("--width", type=int, default=1000)
    ap.add_argument("--height", type=int, default=1300)
    ap.add_argument("--print", action="store_true", dest="want_print")
    ap.add_argument("--filter-test", action="store_true")
    ap.add_argument("--parts", action="store_true", help="also save the page in screen-high pieces, for reading")
    ap.add_argument("--shot", metavar="SELECTOR", help="also save the first element matching SELECTOR as NAME-element.png")
    ap.add_argument("--self-test", action="store_true", help="first check that pages made to fail do fail")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    try:
        browser = Browser(a.chromium)
    except OSError as e:
        print("browser-check: could not start %s: %s" % (a.chromium, e), file=sys.stderr)
        return 2
    failed = False
    try:
        if a.self_test:
            wrong = self_test(browser, a.out)
            if wrong:
                print("browser-check: self-test: these bad pages passed: " + ", ".join(wrong))
                return 1
            print("browser-check: self-test: %d bad pages each failed, as they should" % len(SELF_TEST_PAGES))
        for page in a.pages:
            print("browser-check: " + page)
            problems = check_page(browser, page, a.out, a.width, a.height, a.want_print, a.filter_test, a.parts, a.shot)
            for p in problems:
                print("  FAIL " + p)
            failed = failed or bool(problems)
            if not problems:
                print("  ok: no console error, not blank")
    except (RuntimeError, TimeoutError) as e:
        print("browser-check: the browser failed: %s" % e, file=sys.stderr)
        return 2
    finally:
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
