#!/usr/bin/env python3
"""Browser test of a calibration exercise: `threshold serve RULES --exercise CASES` on loopback, a presenter
and three trainees, each in its own browser context (their own storage, as on their own devices), driven
over the DevTools protocol (workbench_test.py's client). The trainees join with pseudonyms and rate by
clicking; the presenter sees the count, reveals (the rules' answer with its explanation beside the room's
spread), moves on; the server is killed and restarted mid-exercise on the same ratings file (the presenter
reloads and sees the same case and count; the trainees carry on); the exercise finishes, is exported from
the presenter's endpoint, and `threshold audit` reads the export.
Usage: exercise_test.py BINARY [--screenshots DIR]"""
import base64, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workbench_test import DevTools, free_port, ROOT  # noqa: E402

RULES = os.path.join(ROOT, "rules", "camden-mash.rules")
CASES = ["s47_no_s17_yes_sexual_abuse_in_family", "s47_no_abduction", "s47_unanswered_red_indicator"]


def step(message):
    print("exercise test: " + message, flush=True)


def fail(message):
    raise AssertionError(message)


def cases_file(folder):
    """Three cases copied from scenarios/camden/caps.scenario, the `rules` line pointing at the repository's
    rules."""
    text = open(os.path.join(ROOT, "scenarios", "camden", "caps.scenario")).read()
    blocks = {}
    for m in re.finditer(r"^scenario (\w+) .*?^end$", text, re.M | re.S):
        blocks[m.group(1)] = m.group(0)
    missing = [c for c in CASES if c not in blocks]
    if missing:
        fail("scenarios/camden/caps.scenario no longer has " + ", ".join(missing))
    path = os.path.join(folder, "cases.scenario")
    with open(path, "w") as f:
        f.write(f"rules {json.dumps(RULES)}\n\n" + "\n\n".join(blocks[c] for c in CASES) + "\n")
    return path


class Server:
    def __init__(self, binary, cases, ratings, port):
        self.args = [binary, "serve", RULES, "--port", str(port), "--exercise", cases, "--ratings", ratings]
        self.proc = None

    def start(self):
        """Starts serve and reads its lines up to the presenter's link: {"listening", "join", "presenter"}."""
        for attempt in range(20):
            self.proc = subprocess.Popen(self.args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            links = {}
            for line in self.proc.stdout:
                for key in ("listening on", "join link:", "presenter:"):
                    if line.startswith(key):
                        links[key.split()[0].rstrip(":")] = line.strip().split(" ")[-1]
                if "presenter" in links:
                    return links
            err = self.proc.stderr.read()
            self.proc.wait()
            if "in use" not in err.lower() or attempt == 19:
                fail("threshold serve --exercise did not start: " + err.strip())
            time.sleep(0.5)   # the port is still held after the kill: try again

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            self.proc.wait()


def shoot(dt, path):
    time.sleep(0.4)
    with open(path, "wb") as f:
        f.write(base64.b64decode(dt.call("Page.captureScreenshot", format="png")["data"]))
    step("screenshot " + path)


def text_of(selector):
    return f"((document.querySelector({json.dumps(selector)}) || {{}}).textContent || '')"


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: exercise_test.py BINARY [--screenshots DIR]")
    binary = os.path.abspath(sys.argv[1])
    shots = os.path.abspath(sys.argv[sys.argv.index("--screenshots") + 1]) if "--screenshots" in sys.argv else None
    if shots:
        os.makedirs(shots, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        sys.exit("exercise test: chromium is not installed")
    folder = tempfile.mkdtemp(prefix="threshold-exercise-")
    profile = os.path.join(folder, "chromium")
    ratings = os.path.join(folder, "ratings.jsonl")
    server = Server(binary, cases_file(folder), ratings, free_port())
    browser = None
    try:
        links = server.start()
        base = links["listening"].rstrip("/")
        join_link = links["join"]
        if not join_link.startswith(base + "/join?code="):
            fail("the join link is not on the server's address: " + join_link)
        step("serve printed the join link " + join_link)

        debug_port = free_port()
        browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                    "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--remote-debugging-port={debug_port}",
                                    "--window-size=1400,1000", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        version = None
        for _ in range(150):
            try:
                version = json.load(urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/version", timeout=2))
                break
            except OSError:
                time.sleep(0.2)
        if not version:
            fail("chromium's DevTools endpoint did not answer")
        root = DevTools(version["webSocketDebuggerUrl"])

        def page(width, height):
            """A page in a browser context of its own."""
            context = root.call("Target.createBrowserContext")["browserContextId"]
            target = root.call("Target.createTarget", url="about:blank", browserContextId=context)["targetId"]
            dt = DevTools(f"ws://127.0.0.1:{debug_port}/devtools/page/{target}")
            dt.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
            dt.call("Page.enable")
            return dt

        presenter = page(1400, 1000)
        trainees = {name: page(520, 900) for name in ("owl", "heron", "wren")}

        presenter.call("Page.navigate", url=links["presenter"])
        presenter.wait(f"{text_of('#ex-join')} === {json.dumps(join_link)}", "the presenter's page to show the join link")
        presenter.wait(f"{text_of('#ex-progress')}.startsWith('Case 1 of 3')", "the presenter on case 1 of 3")
        step("the presenter's page shows the join link and case 1 of 3")

        def join(name):
            dt = trainees[name]
            dt.call("Page.navigate", url=join_link)
            dt.wait(f"{text_of('#tr-progress')}.startsWith('Case 1 of 3') && document.querySelectorAll('input[name=tr-level]').length > 0",
                    f"{name}'s page to show case 1 with the levels")
            dt.click("#tr-by")
            dt.call("Input.insertText", text=name)
            if dt.js("document.querySelector('#tr-by').value") != name:
                fail(f"{name}'s pseudonym was not typed")

        def rate(name, case, level, rationale=""):
            dt = trainees[name]
            dt.wait(f"{text_of('#tr-progress')}.startsWith('Case {case} of 3') && !document.querySelector('#tr-submit').disabled",
                    f"{name}'s page to open case {case} for rating")
            dt.click(f"input[name=tr-level][value={level}]")
            if rationale:
                dt.click("#tr-rationale")
                dt.call("Input.insertText", text=rationale)
            dt.click("#tr-submit")
            dt.wait(f"{text_of('#tr-status')} === 'You have rated this case.'", f"{name}'s rating of case {case} to be taken")

        def rated(case, n):
            presenter.wait(f"{text_of('#ex-progress')}.startsWith('Case {case} of 3') && {text_of('#ex-rated')}.startsWith('{n} ha')",
                           f"the presenter to see {n} rated on case {case}", seconds=20)

        def reveal(case, answer, spread):
            presenter.click("#ex-reveal")
            presenter.wait(f"document.body.classList.contains('revealed') && !document.querySelector('#ex-spread').hidden"
                           f" && (document.querySelector('#outcome .badge') || {{dataset: {{}}}}).dataset.level === {json.dumps(answer)}",
                           f"the reveal of case {case}: the rules' answer {answer} and the room's spread")
            shown = presenter.js("(() => { const c = [...document.querySelectorAll('#ex-bars > span')].map((s) => s.textContent);"
                                 " const out = {}; for (let i = 0; i < c.length; i += 3) out[c[i].replace(\" (the rules' answer)\", '')] = +c[i + 2];"
                                 " return out; })()")
            got = {k.lower(): v for k, v in shown.items() if v}
            if got != spread:
                fail(f"case {case}: the room's spread shows {got}, expected {spread}")
            if not presenter.js("document.querySelectorAll('#fired .fired, #fired li, #fired > *').length > 0"):
                fail(f"case {case}: the rules' explanation (the rules that fired) is not shown")
            rules_label = presenter.js("(document.querySelector('#ex-bars .spread-rules') || {}).textContent || ''")
            if "the rules' answer" not in rules_label:
                fail(f"case {case}: the rules' answer is not marked among the room's bars")
            step(f"case {case} revealed: the rules say {answer}; the room: {got}")

        for name in trainees:
            join(name)
        step("three trainees joined in their own browser contexts: " + ", ".join(trainees))
        rate("owl", 1, "amber", "Sexual abuse in the family, but s47 was answered no")
        rate("heron", 1, "amber")
        rate("wren", 1, "red", "Sexual abuse within the family is a red indicator")
        rated(1, 3)
        step("the presenter sees 3 rated on case 1")
        if shots:
            trainees["wren"].js("window.scrollTo(0, 0)")
            shoot(trainees["wren"], os.path.join(shots, "exercise-trainee.png"))
            presenter.js("window.scrollTo(0, 0)")
            shoot(presenter, os.path.join(shots, "exercise-presenter-before.png"))

        # A trainee cannot rate a case twice.
        code = join_link.split("code=")[1]
        again = trainees["owl"].js("fetch('/v1/exercise/rating', {method: 'POST', headers: {'X-Join-Code': %s,"
                                   " 'Content-Type': 'application/json'}, body: JSON.stringify({by: 'owl', level: 'red'})})"
                                   ".then((r) => r.status)" % json.dumps(code))
        if again != 409:
            fail(f"a second rating of the same case answered {again}, not 409")

        reveal(1, "amber", {"amber": 2, "red": 1})
        # The rules' answer and its explanation beside the room's spread on a wide screen; stacked when narrow.
        beside = presenter.js("(() => { const a = document.querySelector('#result-pane').getBoundingClientRect();"
                              " const b = document.querySelector('#ex-spread').getBoundingClientRect();"
                              " return [a.left, a.right, a.top, b.left, b.right, b.top]; })()")
        if not (beside[1] <= beside[3] and abs(beside[2] - beside[5]) < 200):
            fail(f"on a wide screen the rules' answer is not beside the room's spread: {beside}")
        if shots:
            presenter.js("document.querySelector('#ex-rated').scrollIntoView({block: 'start'})")
            shoot(presenter, os.path.join(shots, "exercise-presenter.png"))
        presenter.call("Emulation.setDeviceMetricsOverride", width=700, height=1000, deviceScaleFactor=1, mobile=False)
        time.sleep(0.3)
        stacked = presenter.js("(() => { const a = document.querySelector('#result-pane').getBoundingClientRect();"
                               " const b = document.querySelector('#ex-spread').getBoundingClientRect();"
                               " return [a.top, a.bottom, b.top, b.bottom]; })()")
        if not (stacked[3] <= stacked[0] or stacked[1] <= stacked[2]):
            fail(f"on a narrow screen the rules' answer and the spread are not stacked: {stacked}")
        if shots:
            presenter.js("window.scrollTo(0, 0)")
            shoot(presenter, os.path.join(shots, "exercise-presenter-narrow.png"))
        presenter.call("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False)
        step("the rules' answer with its explanation is beside the spread (wide) and stacked (narrow)")
        status = trainees["wren"].wait(f"{text_of('#tr-status')}.includes(\"The rules' answer\") && {text_of('#tr-status')}",
                                       "the trainee to see the rules' answer after the reveal")
        step("a trainee sees: " + status)

        presenter.click("#ex-next")
        presenter.wait(f"{text_of('#ex-progress')}.startsWith('Case 2 of 3')", "the presenter to move to case 2")
        rate("owl", 2, "amber")
        rate("heron", 2, "red")
        rated(2, 2)
        step("case 2: two have rated; killing the server")

        server.kill()
        links = server.start()
        step("the server was killed (SIGKILL) and restarted on the same ratings file")
        if links["join"] != join_link:
            fail(f"after the restart the join link changed: {links['join']} (was {join_link})")
        presenter.call("Page.reload")
        presenter.wait(f"{text_of('#ex-progress')}.startsWith('Case 2 of 3') && {text_of('#ex-rated')}.startsWith('2 ha')",
                       "the reloaded presenter to show case 2 with 2 rated")
        step("the presenter reloaded: case 2 of 3, " + presenter.js(text_of("#ex-rated")))
        trainees["owl"].wait(f"{text_of('#tr-status')} === 'You have rated this case.'", "owl's page to still show its rating")
        rate("wren", 2, "amber")
        rated(2, 3)
        step("a trainee carried on after the restart: 3 rated on case 2")
        reveal(2, "amber", {"amber": 2, "red": 1})

        presenter.click("#ex-next")
        presenter.wait(f"{text_of('#ex-progress')}.startsWith('Case 3 of 3') && {text_of('#ex-next')} === 'Finish'",
                       "the presenter to move to case 3 with Finish")
        for name, level in (("owl", "red"), ("heron", "red"), ("wren", "red")):
            rate(name, 3, level)
        rated(3, 3)
        reveal(3, "red", {"red": 3})
        presenter.click("#ex-next")
        presenter.wait(f"{text_of('#ex-progress')}.startsWith('The exercise is over') && {text_of('#ex-agreement')}.includes(\"Fleiss' kappa\")",
                       "the exercise to finish with the room's agreement")
        step("finished: " + presenter.js(text_of("#ex-agreement")))
        for name, dt in trainees.items():
            dt.wait(f"{text_of('#tr-status')} === 'The exercise is over. Thank you.'", f"{name}'s page to say the exercise is over")

        # Export from the presenter's endpoint; threshold audit reads it.
        export = urllib.request.urlopen(base + "/v1/exercise/export", timeout=10).read().decode()
        rows = [json.loads(line) for line in export.splitlines() if line.strip()]
        if len(rows) != 9 or sorted({r["by"] for r in rows}) != ["heron", "owl", "wren"]:
            fail(f"the export has {len(rows)} decisions by {sorted({r.get('by') for r in rows})}, expected 9 by owl, heron, wren")
        exported = os.path.join(folder, "exercise-decisions.jsonl")
        with open(exported, "w") as f:
            f.write(export)
        state = json.load(urllib.request.urlopen(base + "/v1/exercise", timeout=10))["exercise"]
        audit = subprocess.run([binary, "audit", RULES, exported, "--format", "json"], capture_output=True, text=True)
        if audit.returncode not in (0, 1):
            fail(f"threshold audit failed ({audit.returncode}): {audit.stderr.strip()}")
        report = json.loads(audit.stdout)
        if report["decisions"] != 9 or report.get("skipped") != 0:
            fail(f"threshold audit read {report['decisions']} decisions ({report.get('skipped')} skipped), expected 9")
        levels = [l["id"] for l in state["levels"]]
        if report["levels"] != levels:
            fail(f"threshold audit's levels are {report['levels']}, the exercise's {levels}")
        recorded = {k: sum(v.values()) for k, v in report["matrix"].items() if sum(v.values())}
        if recorded != {"amber": 4, "red": 5}:
            fail(f"threshold audit's matrix has {recorded} recorded, expected amber 4 and red 5")
        step(f"threshold audit read the export: {report['decisions']} decisions, levels {report['levels']},"
             f" agreement {report['agreement']:.3f}")
        agreement = json.load(urllib.request.urlopen(base + "/v1/exercise/agreement", timeout=10))
        if agreement["ratings"] != 9 or agreement["fleiss_kappa"] is None:
            fail(f"/v1/exercise/agreement: {agreement}")
        step(f"Fleiss' kappa between the trainees: {agreement['fleiss_kappa']:.3f}")
        step("passed")
    finally:
        if browser:
            browser.terminate()
            try:
                browser.wait(timeout=10)
            except subprocess.TimeoutExpired:
                browser.kill()
                browser.wait()
        server.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        sys.exit(f"exercise test: FAILED: {e}")
