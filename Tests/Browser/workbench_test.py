#!/usr/bin/env python3
"""Browser test of the workbench: headless Chromium, driven over the DevTools protocol (a small WebSocket
client below, standard library only). It loads the workbench, answers questions by clicking, sees the badge
change, applies a "what would change it" button from the keyboard, saves the case and checks that
`threshold test` passes it. Usage: workbench_test.py BINARY [--screenshot PNG]"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class DevTools:
    """A WebSocket connection to one page target (RFC 6455, client side: masked text frames)."""

    def __init__(self, ws_url):
        rest = ws_url[len("ws://"):]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("no WebSocket upgrade: " + head.decode(errors="replace"))
        self.next_id = 0

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536
                                  else bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise RuntimeError("DevTools connection closed")
            out += chunk
        return out

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(n)
            if b0 & 0x0F in (0x1, 0x0):
                message += payload
                if b0 & 0x80:
                    return json.loads(message)

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            m = self._receive()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})

    def js(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"script failed: {expression}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expression, what, seconds=15):
        end = time.time() + seconds
        while time.time() < end:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError("timed out waiting for " + what)

    def click(self, selector):
        """A real mouse click at the middle of the element."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
                      f" e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();"
                      f" return [r.left + r.width / 2, r.top + r.height / 2]; }})()")
        if not box:
            raise AssertionError("no element " + selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)
        self.settle()

    def settle(self):
        """Waits until no scoring request is in flight (the page moves when a result arrives)."""
        time.sleep(0.05)
        self.wait("!document.body.hasAttribute('data-scoring')", "scoring to finish")

    def key(self, key, code, keycode):
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=keycode,
                      text="\r" if key == "Enter" and kind == "keyDown" else "")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def watch_test(dt, binary):
    """--watch: a rule file broken while the page is open shows its errors with their places, the old rules
    stay in use, and a repaired file loads again."""
    folder = tempfile.mkdtemp(prefix="threshold-watch-")
    shutil.copytree(os.path.join(ROOT, "rules"), os.path.join(folder, "rules"))
    rules = os.path.join(folder, "rules", "camden-mash.rules")
    server = subprocess.Popen([binary, "serve", rules, "--port", "0", "--watch"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().strip().split(" ")[-1]
        dt.call("Page.navigate", url=url)
        dt.wait(f"location.href.startsWith({json.dumps(url)}) && !!document.querySelector('#outcome .badge')",
                "the watched rule set's page")
        included = os.path.join(folder, "rules", "camden", "ratings.rules")   # an included file is watched too
        original = open(included).read()
        assert "then red_urgent" in original
        with open(included, "w") as f:
            f.write(original.replace("then red_urgent", "then purple", 1))
        shown = dt.wait("(() => { const b = document.querySelector('#rule-errors'); return b.hidden ? null : b.textContent; })()",
                        "the reload errors on the page")
        assert "ratings.rules:" in shown and "purple" in shown, shown
        assert dt.js("document.querySelectorAll('#facts .q').length") > 5   # the old rules stay in use
        if os.environ.get("WATCH_SCREENSHOT"):
            with open(os.environ["WATCH_SCREENSHOT"], "wb") as f:
                f.write(base64.b64decode(dt.call("Page.captureScreenshot", format="png")["data"]))
        print("browser test: --watch shows the reload error: " + shown.splitlines()[-1][:100])
        with open(included, "w") as f:
            f.write(original)
        dt.wait("document.querySelector('#rule-errors').hidden", "the errors to clear after the repair")
        print("browser test: --watch cleared the errors once the file was repaired")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


def tools_test(dt, url, screenshot):
    """A tool's completion on the front-door rules: DASH starts "Not started (0 of 24 answered)" with no band
    measured and the bands it could be; answering one of its questions makes it "Incomplete (1 of 24 answered)"."""
    dt.call("Page.navigate", url=url + "?ruleset=front-door")
    dash = ("(() => { const d = [...document.querySelectorAll('#scores .score')]"
            ".find((s) => s.querySelector('h3').textContent.startsWith('DASH')); if (!d) return null;"
            " return [d.querySelector('.completion').textContent, d.querySelectorAll('p')[1].textContent]; })()")
    before = dt.wait(f"location.search === '?ruleset=front-door' && !!document.querySelector('#f-dash_strangulation-0') && {dash}",
                     "the front-door workbench with the DASH score")
    assert before[0] == "Not started (0 of 24 answered)", before
    assert "no band measured; could be: " in before[1] and "; band " not in before[1], before
    print(f"browser test: DASH before: {before[0]}; {before[1]}")
    dt.click("#f-dash_strangulation-0")
    after = dt.wait(f"(() => {{ const t = {dash}; return t && t[0] !== {json.dumps(before[0])} ? t : null; }})()",
                    "the DASH completion to change")
    assert after[0] == "Incomplete (1 of 24 answered)", after
    print(f"browser test: answered dash_strangulation; DASH now: {after[0]}; {after[1]}")
    if screenshot:
        dt.js("document.querySelector('#scores').scrollIntoView({block: 'start'})")
        time.sleep(0.5)
        with open(screenshot.replace(".png", "-tools.png"), "wb") as f:
            f.write(base64.b64decode(dt.call("Page.captureScreenshot", format="png")["data"]))


def main():
    binary = os.path.abspath(sys.argv[1])
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        sys.exit("browser test: chromium is not installed")
    server = subprocess.Popen([binary, "serve", "rules/camden-mash.rules", "rules/front-door.rules", "--port", "0"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    profile = tempfile.mkdtemp(prefix="threshold-chromium-")
    browser = None
    saved = os.path.join(ROOT, "browser_case.scenario")
    try:
        line = server.stdout.readline()
        url = line.strip().split(" ")[-1]
        assert url.startswith("http://127.0.0.1:"), line
        debug_port = free_port()
        browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                    "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--remote-debugging-port={debug_port}",
                                    "--window-size=1400,1000", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        targets = None
        for _ in range(150):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list", timeout=2))
                if any(t.get("type") == "page" for t in targets):
                    break
            except OSError:
                pass
            time.sleep(0.2)
        page = next(t for t in targets or [] if t.get("type") == "page")
        dt = DevTools(page["webSocketDebuggerUrl"])
        dt.call("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False)
        dt.call("Page.enable")
        dt.call("Page.navigate", url=url + "?ruleset=camden-mash")
        badge = "document.querySelector('#outcome .badge') && document.querySelector('#outcome .badge').dataset.level"
        first = dt.wait(badge, "the first outcome badge")
        print(f"browser test: loaded the workbench; outcome {first}")
        # The Content-Security-Policy held: the page's own script ran (the form is there) and no inline code.
        assert dt.js("document.querySelectorAll('#facts .q').length") > 5

        # Answer by clicking: no imminent danger, then significant harm: the badge turns red.
        dt.click("#f-imminent_danger-1")
        dt.click("#f-risk_of_significant_harm-0")
        dt.wait(f"({badge}) === 'red'", "the badge to turn red")
        print("browser test: clicked two answers; the badge changed to red")
        dt.click("#f-age")
        for ch in "12":
            dt.call("Input.insertText", text=ch)
        dt.settle()
        dt.wait("document.querySelector('#f-age').value === '12'", "the typed age")

        # Apply a "what would change it" button from the keyboard: focus it, press Enter.
        target = dt.wait("(() => { const b = document.querySelector('#changes button.apply'); if (!b) return null;"
                         " return b.parentNode.querySelector('[data-level]').dataset.level; })()", "a change button")
        dt.js("document.querySelector('#changes button.apply').focus()")
        dt.key("Enter", "Enter", 13)
        dt.settle()
        dt.wait(f"({badge}) === {json.dumps(target)}", f"the badge to become {target}")
        print(f"browser test: applied a change by keyboard; the badge changed to {target}")

        # Save the case; threshold test passes it against the same rules.
        dt.js("document.querySelector('#cases-box').open = true; document.querySelector('#save-id').value = 'browser_case'")
        dt.click("#save")
        text = dt.wait("(() => { const p = document.querySelector('#saved-text'); return p.hidden ? null : p.textContent; })()",
                       "the saved scenario")
        with open(saved, "w") as f:
            f.write(text)
        result = subprocess.run([binary, "test", "browser_case.scenario"], cwd=ROOT, capture_output=True, text=True)
        print("browser test: threshold test on the saved case: " + result.stdout.strip().splitlines()[-1])
        assert result.returncode == 0 and "1 passed, 0 failed" in result.stdout, result.stdout + result.stderr

        # Open a worked case, then the presenter mode.
        dt.js("document.querySelector('#cases').selectedIndex = 0")
        dt.click("#open-case")
        dt.wait("!!document.querySelector('#case-scenario')", "a worked case to open")
        dt.settle()
        dt.js("document.querySelector('#cases-box').open = false; window.scrollTo(0, 0)")
        # What if, side by side.
        if dt.js("!!document.querySelector('#changes button.compare')"):
            dt.click("#changes button.compare")
            dt.wait("!document.querySelector('#whatif').hidden && document.querySelectorAll('#whatif .side .badge').length === 2",
                    "the what-if comparison")
            print("browser test: what if shows two outcomes side by side")

        dt.js("window.scrollTo(0, 0); document.querySelector('#result-pane').scrollTo(0, 0)")
        if screenshot:
            time.sleep(0.5)
            png = dt.call("Page.captureScreenshot", format="png")["data"]
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(png))
            print("browser test: screenshot " + screenshot)
        dt.click("#presenter")
        assert dt.js("document.body.classList.contains('presenter')")
        if screenshot:
            time.sleep(0.3)
            png = dt.call("Page.captureScreenshot", format="png")["data"]
            with open(screenshot.replace(".png", "-presenter.png"), "wb") as f:
                f.write(base64.b64decode(png))
        tools_test(dt, url, screenshot)
        watch_test(dt, binary)
        print("browser test: passed")
    finally:
        if browser:
            browser.terminate()
            browser.wait()
        server.terminate()
        server.wait()
        shutil.rmtree(profile, ignore_errors=True)
        if os.path.exists(saved):
            os.remove(saved)


if __name__ == "__main__":
    main()
