"""The workbench served by `threshold serve`, in headless Chromium: answering questions by clicking changes the
badge, a "what would change it" button applies from the keyboard, a saved case passes `threshold test`, a worked
case opens with what-if side by side and the presenter mode; a capped case's hold with the cap's reason and
source; a tool's completion on the front-door rules; and `--watch` showing a broken rule file's errors, then
clearing them once it is repaired. Screenshots go to the output folder: workbench.png, workbench-presenter.png,
workbench-capped.png, workbench-tools.png, workbench-watch.png (the README's and docs' images come from these)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from browser_support import ROOT, Server

BADGE = "#outcome .badge"


@pytest.fixture(scope="module")
def workbench(binary):
    """The workbench on the Camden and front-door rules: its address."""
    server = Server(binary, ["rules/camden-mash.rules", "rules/front-door.rules", "--port", "0"])
    url = server.start()["listening"]
    assert url.startswith("http://127.0.0.1:"), url
    yield url
    server.kill()


def level(page):
    return page.locator(BADGE).get_attribute("data-level")


def settle(page):
    """Waits until no scoring request is in flight (the page moves when a result arrives)."""
    page.wait_for_timeout(50)
    page.wait_for_function("() => !document.body.hasAttribute('data-scoring')")


def click(page, selector):
    page.click(selector)
    settle(page)


def shoot(page, path):
    page.screenshot(path=path, animations="disabled")


def test_answer_apply_save_and_present(context_of, workbench, binary, out):
    page = context_of().new_page()
    page.goto(workbench + "?ruleset=camden-mash")
    page.wait_for_selector(BADGE)
    print(f"loaded the workbench; outcome {level(page)}")
    # The Content-Security-Policy held: the page's own script ran (the form is there).
    assert page.locator("#facts .q").count() > 5

    # Answer by clicking: no imminent danger, then significant harm: the badge turns red.
    click(page, "#f-imminent_danger-1")
    click(page, "#f-risk_of_significant_harm-0")
    page.wait_for_function(f"() => document.querySelector('{BADGE}').dataset.level === 'red'")
    click(page, "#f-age")
    page.keyboard.type("12")
    settle(page)
    assert page.input_value("#f-age") == "12"

    # Apply a "what would change it" button from the keyboard: focus it, press Enter.
    apply = page.locator("#changes button.apply").first
    target = apply.locator("xpath=..").locator("[data-level]").first.get_attribute("data-level")
    apply.focus()
    page.keyboard.press("Enter")
    settle(page)
    page.wait_for_function(f"() => document.querySelector('{BADGE}').dataset.level === {target!r}")
    print(f"applied a change by keyboard; the badge changed to {target}")

    # Save the case; threshold test passes it against the same rules.
    page.evaluate("document.querySelector('#cases-box').open = true")
    page.fill("#save-id", "browser_case")
    click(page, "#save")
    saved = page.locator("#saved-text")
    saved.wait_for(state="visible")
    with tempfile.TemporaryDirectory(prefix="threshold-saved-") as folder:
        # The saved case names its rules by their path from where serve ran, the repository's root.
        (Path(folder) / "rules").symlink_to(ROOT / "rules")
        (Path(folder) / "browser_case.scenario").write_text(saved.text_content())
        result = subprocess.run([binary, "test", "browser_case.scenario"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0 and "1 passed, 0 failed" in result.stdout, result.stdout + result.stderr

    # Open a worked case, then what if side by side, then the presenter mode.
    page.select_option("#cases", index=0)
    click(page, "#open-case")
    page.wait_for_selector("#case-scenario", state="attached")
    settle(page)
    page.evaluate("document.querySelector('#cases-box').open = false; window.scrollTo(0, 0)")
    compare = page.locator("#changes button.compare")
    assert compare.count(), "the worked case offers no what-if comparison"
    click(page, "#changes button.compare")
    page.wait_for_function("() => !document.querySelector('#whatif').hidden"
                           " && document.querySelectorAll('#whatif .side .badge').length === 2")
    page.evaluate("window.scrollTo(0, 0); document.querySelector('#result-pane').scrollTo(0, 0)")
    shoot(page, out / "workbench.png")
    click(page, "#presenter")
    assert page.evaluate("document.body.classList.contains('presenter')")
    shoot(page, out / "workbench-presenter.png")


def test_capped_case_shows_the_caps_reason_and_source(context_of, workbench, out):
    """A case held by a cap (risk of abduction, section 47 answered no: held at amber, the rules alone give red)
    says where the cap is shown: the level held at, the cap, the rules above it, the cap's `because`, and its
    `source` as each fired rule cites its own."""
    page = context_of().new_page()
    page.goto(workbench + "?ruleset=camden-mash")
    page.wait_for_selector(BADGE)
    click(page, "#f-risk_of_significant_harm-1")
    click(page, "#f-abduction_risk-0")
    page.wait_for_function(f"() => document.querySelector('{BADGE}').dataset.level === 'amber'")
    held = page.locator("#outcome p.held")
    held.wait_for()
    text = held.text_content()
    assert text.startswith("Held at amber by cap s47_answered_no; the rules alone give red"), text
    assert "The practitioner recorded no reasonable cause to suspect" in text, text
    assert text.endswith("Record the rationale for the decision, and have a manager review it."), text
    source = page.locator("#outcome p.held + p.source")
    assert source.text_content().startswith("Source: Camden Safeguarding Children Board Annual Report 2018/19"), \
        source.text_content()
    print(f"held: {text}\n{source.text_content()}")
    page.evaluate("window.scrollTo(0, 0); document.querySelector('#result-pane').scrollTo(0, 0)")
    shoot(page, out / "workbench-capped.png")


def test_tool_completion(context_of, workbench, out):
    """On the front-door rules DASH starts "Not started (0 of 24 answered)" with no band measured and the bands it
    could be; answering one of its questions makes it "Incomplete (1 of 24 answered)"."""
    page = context_of().new_page()
    page.goto(workbench + "?ruleset=front-door")
    dash = page.locator("#scores .score").filter(has=page.locator("h3", has_text="DASH"))
    completion = dash.locator(".completion")
    completion.wait_for()
    assert completion.text_content() == "Not started (0 of 24 answered)"
    band = dash.locator("p").nth(1).text_content()
    assert "no band measured; could be: " in band and "; band " not in band, band
    click(page, "#f-dash_strangulation-0")
    page.wait_for_function("(e) => e.textContent === 'Incomplete (1 of 24 answered)'", arg=completion.element_handle())
    print(f"answered dash_strangulation; DASH now: {completion.text_content()}; {dash.locator('p').nth(1).text_content()}")
    page.evaluate("document.querySelector('#scores').scrollIntoView({block: 'start'})")
    shoot(page, out / "workbench-tools.png")


def test_watch_shows_reload_errors(context_of, binary, out, tmp_path):
    """--watch: a rule file broken while the page is open shows its errors with their places, the old rules stay
    in use, and a repaired file loads again."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    server = Server(binary, [str(tmp_path / "rules" / "camden-mash.rules"), "--port", "0", "--watch"])
    try:
        url = server.start()["listening"]
        page = context_of().new_page()
        page.goto(url)
        page.wait_for_selector(BADGE)
        included = tmp_path / "rules" / "camden" / "ratings.rules"  # an included file is watched too
        original = included.read_text()
        assert "then red_urgent" in original
        included.write_text(original.replace("then red_urgent", "then purple", 1))
        errors = page.locator("#rule-errors")
        errors.wait_for(state="visible")
        shown = errors.text_content()
        assert "ratings.rules:" in shown and "purple" in shown, shown
        assert page.locator("#facts .q").count() > 5  # the old rules stay in use
        shoot(page, out / "workbench-watch.png")
        included.write_text(original)
        errors.wait_for(state="hidden")
    finally:
        server.kill()
