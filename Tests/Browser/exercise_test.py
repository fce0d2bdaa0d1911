"""A calibration exercise in headless Chromium: `threshold serve RULES --exercise CASES` on loopback, a presenter
and three trainees, each in a browser context of its own (their own storage, as on their own devices). The
trainees join with pseudonyms and rate by clicking; the presenter sees the count, reveals (the rules' answer with
its explanation beside the room's spread), moves on; the server is killed and restarted mid-exercise on the same
ratings file (the presenter reloads and sees the same case and count; the trainees carry on); the exercise
finishes, is exported from the presenter's endpoint, and `threshold audit` reads the export. Screenshots go to
the output folder: exercise-trainee.png, exercise-presenter-before.png, exercise-presenter.png and
exercise-presenter-narrow.png (docs/trainer-walkthrough.md's images come from these)."""

import json
import re
import subprocess
import urllib.request

from browser_support import ROOT, Server, free_port
from playwright.sync_api import TimeoutError as PlaywrightTimeout

RULES = ROOT / "rules" / "camden-mash.rules"
CASES = ["s47_no_s17_yes_sexual_abuse_in_family", "s47_no_abduction", "s47_unanswered_red_indicator"]
TRAINEES = ("owl", "heron", "wren")


def step(message):
    print("exercise test: " + message, flush=True)


def cases_file(folder):
    """Three cases copied from scenarios/camden/caps.scenario, the `rules` line pointing at the repository's
    rules."""
    text = (ROOT / "scenarios" / "camden" / "caps.scenario").read_text()
    blocks = {m.group(1): m.group(0) for m in re.finditer(r"^scenario (\w+) .*?^end$", text, re.M | re.S)}
    missing = [c for c in CASES if c not in blocks]
    assert not missing, "scenarios/camden/caps.scenario no longer has " + ", ".join(missing)
    path = folder / "cases.scenario"
    path.write_text(f"rules {json.dumps(str(RULES))}\n\n" + "\n\n".join(blocks[c] for c in CASES) + "\n")
    return path


def text_of(selector):
    return f"((document.querySelector({json.dumps(selector)}) || {{}}).textContent || '')"


def wait(page, expression, what, seconds=15):
    """Waits until the expression is truthy in the page; returns its value. (A function, not a string Playwright
    would `eval`: the pages' Content-Security-Policy forbids eval.)"""
    try:
        return page.wait_for_function(f"() => {expression}", timeout=seconds * 1000).json_value()
    except PlaywrightTimeout:
        raise AssertionError("timed out waiting for " + what) from None


def shoot(page, path):
    page.screenshot(path=path, animations="disabled")
    step(f"screenshot {path}")


def test_exercise(context_of, binary, out, tmp_path):
    ratings = tmp_path / "ratings.jsonl"
    server = Server(binary, [str(RULES), "--port", str(free_port()), "--exercise", str(cases_file(tmp_path)),
                             "--ratings", str(ratings)])
    until = ("listening on", "join link:", "presenter:")
    try:
        links = server.start(until)
        base = links["listening"].rstrip("/")
        join_link = links["join"]
        assert join_link.startswith(base + "/join?code="), "the join link is not on the server's address: " + join_link
        step("serve printed the join link " + join_link)

        presenter = context_of(1400, 1000).new_page()
        trainees = {name: context_of(520, 900).new_page() for name in TRAINEES}

        presenter.goto(links["presenter"])
        wait(presenter, f"{text_of('#ex-join')} === {json.dumps(join_link)}", "the presenter's page to show the join link")
        wait(presenter, f"{text_of('#ex-progress')}.startsWith('Case 1 of 3')", "the presenter on case 1 of 3")
        step("the presenter's page shows the join link and case 1 of 3")

        def join(name):
            page = trainees[name]
            page.goto(join_link)
            wait(page, f"{text_of('#tr-progress')}.startsWith('Case 1 of 3')"
                       " && document.querySelectorAll('input[name=tr-level]').length > 0",
                 f"{name}'s page to show case 1 with the levels")
            page.click("#tr-by")
            page.keyboard.type(name)
            assert page.input_value("#tr-by") == name, f"{name}'s pseudonym was not typed"

        def rate(name, case, level, rationale=""):
            page = trainees[name]
            wait(page, f"{text_of('#tr-progress')}.startsWith('Case {case} of 3') && !document.querySelector('#tr-submit').disabled",
                 f"{name}'s page to open case {case} for rating")
            page.click(f"input[name=tr-level][value={level}]")
            if rationale:
                page.click("#tr-rationale")
                page.keyboard.type(rationale)
            page.click("#tr-submit")
            wait(page, f"{text_of('#tr-status')} === 'You have rated this case.'", f"{name}'s rating of case {case} to be taken")

        def rated(case, n):
            wait(presenter, f"{text_of('#ex-progress')}.startsWith('Case {case} of 3') && {text_of('#ex-rated')}.startsWith('{n} ha')",
                 f"the presenter to see {n} rated on case {case}", seconds=20)

        def reveal(case, answer, spread):
            presenter.click("#ex-reveal")
            wait(presenter, "document.body.classList.contains('revealed') && !document.querySelector('#ex-spread').hidden"
                            f" && (document.querySelector('#outcome .badge') || {{dataset: {{}}}}).dataset.level === {json.dumps(answer)}",
                 f"the reveal of case {case}: the rules' answer {answer} and the room's spread")
            shown = presenter.evaluate("() => { const c = [...document.querySelectorAll('#ex-bars > span')].map((s) => s.textContent);"
                                       " const out = {}; for (let i = 0; i < c.length; i += 3)"
                                       " out[c[i].replace(\" (the rules' answer)\", '')] = +c[i + 2]; return out; }")
            got = {k.lower(): v for k, v in shown.items() if v}
            assert got == spread, f"case {case}: the room's spread shows {got}, expected {spread}"
            assert presenter.locator("#fired .fired, #fired li, #fired > *").count() > 0, \
                f"case {case}: the rules' explanation (the rules that fired) is not shown"
            rules_label = presenter.evaluate("(document.querySelector('#ex-bars .spread-rules') || {}).textContent || ''")
            assert "the rules' answer" in rules_label, f"case {case}: the rules' answer is not marked among the room's bars"
            step(f"case {case} revealed: the rules say {answer}; the room: {got}")

        for name in trainees:
            join(name)
        step("three trainees joined in their own browser contexts: " + ", ".join(trainees))
        rate("owl", 1, "amber", "Sexual abuse in the family, but s47 was answered no")
        rate("heron", 1, "amber")
        rate("wren", 1, "red", "Sexual abuse within the family is a red indicator")
        rated(1, 3)
        step("the presenter sees 3 rated on case 1")
        trainees["wren"].evaluate("window.scrollTo(0, 0)")
        shoot(trainees["wren"], out / "exercise-trainee.png")
        presenter.evaluate("window.scrollTo(0, 0)")
        shoot(presenter, out / "exercise-presenter-before.png")

        # A trainee cannot rate a case twice.
        code = join_link.split("code=")[1]
        again = trainees["owl"].evaluate(
            "(code) => fetch('/v1/exercise/rating', {method: 'POST', headers: {'X-Join-Code': code,"
            " 'Content-Type': 'application/json'}, body: JSON.stringify({by: 'owl', level: 'red'})}).then((r) => r.status)", code)
        assert again == 409, f"a second rating of the same case answered {again}, not 409"

        reveal(1, "amber", {"amber": 2, "red": 1})
        # The rules' answer and its explanation beside the room's spread on a wide screen; stacked when narrow.
        boxes = ("() => ({a: document.querySelector('#result-pane').getBoundingClientRect().toJSON(),"
                 " b: document.querySelector('#ex-spread').getBoundingClientRect().toJSON()})")
        wide = presenter.evaluate(boxes)
        a, b = wide["a"], wide["b"]
        assert a["right"] <= b["left"] and abs(a["top"] - b["top"]) < 200, \
            f"on a wide screen the rules' answer is not beside the room's spread: {wide}"
        presenter.evaluate("document.querySelector('#ex-rated').scrollIntoView({block: 'start'})")
        shoot(presenter, out / "exercise-presenter.png")
        presenter.set_viewport_size({"width": 700, "height": 1000})
        narrow = presenter.evaluate(boxes)
        a, b = narrow["a"], narrow["b"]
        assert b["bottom"] <= a["top"] or a["bottom"] <= b["top"], \
            f"on a narrow screen the rules' answer and the spread are not stacked: {narrow}"
        presenter.evaluate("window.scrollTo(0, 0)")
        shoot(presenter, out / "exercise-presenter-narrow.png")
        presenter.set_viewport_size({"width": 1400, "height": 1000})
        step("the rules' answer with its explanation is beside the spread (wide) and stacked (narrow)")
        status = wait(trainees["wren"], f"{text_of('#tr-status')}.includes(\"The rules' answer\") && {text_of('#tr-status')}",
                      "the trainee to see the rules' answer after the reveal")
        step("a trainee sees: " + status)

        presenter.click("#ex-next")
        wait(presenter, f"{text_of('#ex-progress')}.startsWith('Case 2 of 3')", "the presenter to move to case 2")
        rate("owl", 2, "amber")
        rate("heron", 2, "red")
        rated(2, 2)
        step("case 2: two have rated; killing the server")

        server.kill()
        links = server.start(until)
        step("the server was killed (SIGKILL) and restarted on the same ratings file")
        assert links["join"] == join_link, f"after the restart the join link changed: {links['join']} (was {join_link})"
        presenter.reload()
        wait(presenter, f"{text_of('#ex-progress')}.startsWith('Case 2 of 3') && {text_of('#ex-rated')}.startsWith('2 ha')",
             "the reloaded presenter to show case 2 with 2 rated")
        step("the presenter reloaded: case 2 of 3, " + presenter.evaluate(text_of("#ex-rated")))
        wait(trainees["owl"], f"{text_of('#tr-status')} === 'You have rated this case.'", "owl's page to still show its rating")
        rate("wren", 2, "amber")
        rated(2, 3)
        step("a trainee carried on after the restart: 3 rated on case 2")
        reveal(2, "amber", {"amber": 2, "red": 1})

        presenter.click("#ex-next")
        wait(presenter, f"{text_of('#ex-progress')}.startsWith('Case 3 of 3') && {text_of('#ex-next')} === 'Finish'",
             "the presenter to move to case 3 with Finish")
        for name in TRAINEES:
            rate(name, 3, "red")
        rated(3, 3)
        reveal(3, "red", {"red": 3})
        presenter.click("#ex-next")
        wait(presenter, f"{text_of('#ex-progress')}.startsWith('The exercise is over') && {text_of('#ex-agreement')}.includes(\"Fleiss' kappa\")",
             "the exercise to finish with the room's agreement")
        step("finished: " + presenter.evaluate(text_of("#ex-agreement")))
        for name, page in trainees.items():
            wait(page, f"{text_of('#tr-status')} === 'The exercise is over. Thank you.'", f"{name}'s page to say the exercise is over")

        # Export from the presenter's endpoint; threshold audit reads it.
        export = urllib.request.urlopen(base + "/v1/exercise/export", timeout=10).read().decode()
        rows = [json.loads(line) for line in export.splitlines() if line.strip()]
        assert len(rows) == 9 and sorted({r["by"] for r in rows}) == sorted(TRAINEES), \
            f"the export has {len(rows)} decisions by {sorted({r.get('by') for r in rows})}, expected 9 by owl, heron, wren"
        exported = tmp_path / "exercise-decisions.jsonl"
        exported.write_text(export)
        state = json.load(urllib.request.urlopen(base + "/v1/exercise", timeout=10))["exercise"]
        audit = subprocess.run([binary, "audit", str(RULES), str(exported), "--format", "json"], capture_output=True, text=True)
        assert audit.returncode in (0, 1), f"threshold audit failed ({audit.returncode}): {audit.stderr.strip()}"
        report = json.loads(audit.stdout)
        assert report["decisions"] == 9 and report.get("skipped") == 0, \
            f"threshold audit read {report['decisions']} decisions ({report.get('skipped')} skipped), expected 9"
        levels = [level["id"] for level in state["levels"]]
        assert report["levels"] == levels, f"threshold audit's levels are {report['levels']}, the exercise's {levels}"
        recorded = {k: sum(v.values()) for k, v in report["matrix"].items() if sum(v.values())}
        assert recorded == {"amber": 4, "red": 5}, f"threshold audit's matrix has {recorded} recorded, expected amber 4 and red 5"
        step(f"threshold audit read the export: {report['decisions']} decisions, levels {report['levels']},"
             f" agreement {report['agreement']:.3f}")
        agreement = json.load(urllib.request.urlopen(base + "/v1/exercise/agreement", timeout=10))
        assert agreement["ratings"] == 9 and agreement["fleiss_kappa"] is not None, f"/v1/exercise/agreement: {agreement}"
        step(f"Fleiss' kappa between the trainees: {agreement['fleiss_kappa']:.3f}")
    finally:
        server.kill()
