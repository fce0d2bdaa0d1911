"""The workbench's rules editor (the "Rules" view) on a temporary copy of the front-door rules served with
`--allow-edit` (never the shipped files): an error typed is underlined and listed with its line and column;
Ctrl+Space completes a fact's name; a rule's level changed makes a worked case fail and moves the change matrix;
Save writes the copy and keeps its previous version beside it. Screenshots go to the output folder:
rules-editor.png, rules-editor-error.png, rules-editor-change.png, rules-editor-saved.png."""

import shutil
import tempfile
from pathlib import Path

import pytest
from browser_support import ROOT, Server

RULE = "when cce is at least high\n  then red"


@pytest.fixture(scope="module")
def editable(binary):
    """The front-door rules copied to a temporary folder and served from there with --allow-edit."""
    with tempfile.TemporaryDirectory(prefix="threshold-editor-") as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "rules", root / "rules")
        shutil.copytree(ROOT / "scenarios", root / "scenarios")
        server = Server(binary, [str(root / "rules" / "front-door.rules"), "--cases", str(root / "scenarios"),
                                 "--allow-edit", "--port", "0"])
        url = server.start()["listening"]
        yield url, root / "rules" / "front-door.rules"
        server.kill()


def select_text(page, needle, offset=0, length=None):
    """Selects `length` characters (default: all of `needle`) from `offset` into the first `needle` of the text."""
    page.evaluate(
        """([needle, offset, length]) => {
            const t = document.getElementById('ed-text');
            const a = t.value.indexOf(needle) + offset;
            t.focus();
            t.setSelectionRange(a, a + (length === null ? needle.length : length));
        }""", [needle, offset, length])


def checked(page):
    """Waits for the check of the text as it is now (the debounce, then the answer)."""
    page.wait_for_timeout(400)
    page.wait_for_load_state("networkidle")


def test_rules_editor(context_of, editable, out):
    url, rules = editable
    original = rules.read_text()
    page = context_of(1500, 1100).new_page()
    page.goto(url)
    page.wait_for_selector("#facts .q")
    page.click("#view-rules")
    page.wait_for_function("() => document.getElementById('ed-text').value.startsWith('ruleset')")
    page.wait_for_function("() => /0 failed/.test(document.getElementById('ed-cases-summary').textContent)")
    assert page.locator("#ed-highlight .tk-keyword").count() > 20, "the text is not highlighted"
    assert page.locator("#ed-diags").inner_text().strip() == "No problems."
    assert "No worked case changes outcome" in page.inner_text("#ed-diff-summary")
    page.screenshot(path=str(out / "rules-editor.png"), full_page=True)
    print("the Rules view shows the file highlighted, every worked case passing, nothing changed")

    # An error typed: underlined in the text and listed with its line, column and message.
    select_text(page, "when cce is at least high", offset=len("when cce"), length=0)
    page.keyboard.type("_typo")
    checked(page)
    page.wait_for_selector("#ed-highlight .diag.error")
    underlined = page.locator("#ed-highlight .diag.error").first.inner_text()
    assert underlined == "cce_typo", underlined
    listed = page.inner_text("#ed-diags")
    assert "undeclared-name" in listed and "cce_typo" in listed and "line " in listed, listed
    assert "has errors" in page.inner_text("#ed-diff-summary")
    # The error's line in the middle of the text area, for the screenshot.
    page.evaluate("() => { const t = document.getElementById('ed-text'); t.scrollTop += 220;"
                  " t.dispatchEvent(new Event('scroll')); }")
    page.screenshot(path=str(out / "rules-editor-error.png"), full_page=True)
    print(f"typed an error: underlined {underlined!r}, listed as {listed.splitlines()[0]!r}")
    page.click("#ed-revert")
    checked(page)
    page.wait_for_function("() => document.getElementById('ed-diags').textContent.trim() === 'No problems.'")

    # Completion of a fact's name: Ctrl+Space after its first letters, Enter inserts it.
    select_text(page, "when cce is at least high", offset=len("when "), length=len("cce"))
    page.keyboard.type("abduct")
    page.keyboard.press("Control+Space")
    page.wait_for_selector("#ed-completions li")
    offered = page.locator("#ed-completions li").all_inner_texts()
    assert offered and offered[0].startswith("abduction_risk"), offered
    page.keyboard.press("Enter")
    assert "when abduction_risk is at least high" in page.input_value("#ed-text")
    print(f"completed a fact: {offered[0]!r}")
    # What is this: the cursor on the name tells what it is.
    select_text(page, "when abduction_risk", offset=len("when ab"), length=0)
    page.click("#ed-text", position={"x": 5, "y": 5})
    select_text(page, "when abduction_risk", offset=len("when ab"), length=0)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => /fact abduction_risk/.test(document.getElementById('ed-hover').textContent)")
    page.click("#ed-revert")
    checked(page)

    # A rule's level changed: a worked case fails, and the matrix moves from red to amber.
    select_text(page, RULE, offset=len(RULE) - len("red"), length=len("red"))
    page.keyboard.type("amber")
    checked(page)
    page.wait_for_selector("#ed-cases .case-fail[data-case='cce_total_14']")
    why = page.inner_text("#ed-cases .case-fail[data-case='cce_total_14']")
    assert "expected outcome red, got amber" in why, why
    moved = page.locator("#ed-matrix td.moved[data-cell='red>amber']")
    assert moved.count() == 1 and int(moved.inner_text().split()[0]) > 0, page.inner_text("#ed-matrix")
    assert "change outcome" in page.inner_text("#ed-diff-summary")
    assert "cce_total_14: red \u2192 amber" in page.inner_text("#ed-changed")
    page.screenshot(path=str(out / "rules-editor-change.png"), full_page=True)
    print(f"changed cce_high to amber: {page.inner_text('#ed-diff-summary')} ({moved.inner_text()} red > amber)")

    # Save: the copy is written, its previous version kept beside it, and the rules in use reloaded.
    page.click("#ed-save")
    page.wait_for_function("() => /^Saved/.test(document.getElementById('ed-status').textContent)")
    saved = rules.read_text()
    assert "when cce is at least high\n  then amber" in saved
    assert (rules.parent / "front-door.rules.previous").read_text() == original
    # The saved rules are now the loaded ones: the edited text changes nothing against them.
    page.wait_for_function(
        "() => /No worked case changes outcome/.test(document.getElementById('ed-diff-summary').textContent)")
    page.screenshot(path=str(out / "rules-editor-saved.png"), full_page=True)
    print(f"saved: {page.inner_text('#ed-status')}")


def test_unsaved_edits_survive_a_switch_and_crlf_lines_are_kept(binary, context_of, out):
    """Found by a review: edits not saved were lost when another rule set was shown, and a save from the page
    turned every CRLF line of the file into LF (a text area keeps "\\n" alone). The draft comes back, and the
    file is saved with the line endings it had."""
    with tempfile.TemporaryDirectory(prefix="threshold-editor-crlf-") as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "rules", root / "rules")
        rules = root / "rules" / "camden-mash.rules"
        rules.write_bytes(rules.read_bytes().replace(b"\n", b"\r\n"))
        server = Server(binary, [str(rules), str(root / "rules" / "front-door.rules"), "--allow-edit", "--port", "0"])
        url = server.start()["listening"]
        try:
            page = context_of(1500, 1100).new_page()
            page.goto(url)
            page.wait_for_selector("#facts .q")
            page.select_option("#ruleset", "camden-mash")
            page.wait_for_selector("#facts .q")
            page.click("#view-rules")
            page.wait_for_function("() => document.getElementById('ed-text').value.startsWith('# Camden')")
            page.evaluate("""() => {
                const t = document.getElementById('ed-text');
                t.value = t.value + '# reviewed in December\\n';
                t.dispatchEvent(new Event('input'));
            }""")
            page.select_option("#ruleset", "front-door")
            page.wait_for_function("() => document.getElementById('ed-text').value.startsWith('ruleset') || "
                                   "/front-door/.test(document.getElementById('ed-file').textContent)")
            page.select_option("#ruleset", "camden-mash")
            page.wait_for_function("() => /not yet saved are back/.test(document.getElementById('ed-status').textContent)")
            assert page.evaluate("() => document.getElementById('ed-text').value").endswith("# reviewed in December\n")
            page.click("#ed-save")
            page.wait_for_function("() => /^Saved/.test(document.getElementById('ed-status').textContent)")
            saved = rules.read_bytes()
            assert saved.endswith(b"# reviewed in December\r\n"), saved[-80:]
            assert saved.count(b"\n") == saved.count(b"\r\n"), "a line lost its CR"
            page.screenshot(path=str(out / "rules-editor-crlf-saved.png"), full_page=True)
        finally:
            server.kill()


def test_an_included_file_is_chosen_edited_and_saved(binary, context_of, out):
    """Found by a review: the editor opened only the main rule file, and Camden's thresholds are all in the
    files it includes. The file list offers them; one chosen is loaded, checked as part of the rule set, and
    saved to its own file, its previous version beside it."""
    with tempfile.TemporaryDirectory(prefix="threshold-editor-include-") as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "rules", root / "rules")
        main = root / "rules" / "camden-mash.rules"
        ratings = root / "rules" / "camden" / "ratings.rules"
        original = ratings.read_text()
        server = Server(binary, [str(main), "--allow-edit", "--port", "0"])
        url = server.start()["listening"]
        try:
            page = context_of(1500, 1100).new_page()
            page.goto(url)
            page.wait_for_selector("#facts .q")
            page.click("#view-rules")
            page.wait_for_function("() => document.getElementById('ed-files').options.length > 1")
            names = page.evaluate("() => [...document.getElementById('ed-files').options].map(o => o.value)")
            assert names[0] == "camden-mash.rules" and "camden/ratings.rules" in names, names
            page.select_option("#ed-files", "camden/ratings.rules")
            page.wait_for_function("() => document.getElementById('ed-file').textContent === 'camden/ratings.rules'")
            page.wait_for_function(
                "([t]) => document.getElementById('ed-text').value === t", arg=[original.replace("\r\n", "\n")])
            checked(page)
            assert page.locator("#ed-diags").inner_text().strip() == "No problems."
            page.evaluate("""() => {
                const t = document.getElementById('ed-text');
                t.value = t.value + '# reviewed in December\\n';
                t.dispatchEvent(new Event('input'));
            }""")
            checked(page)
            page.click("#ed-save")
            page.wait_for_function("() => /^Saved/.test(document.getElementById('ed-status').textContent)")
            assert ratings.read_text() == original + "# reviewed in December\n"
            assert (ratings.parent / "ratings.rules.previous").read_text() == original
            assert main.read_text() == (ROOT / "rules" / "camden-mash.rules").read_text(), "the main file is untouched"
            page.screenshot(path=str(out / "rules-editor-included-file.png"), full_page=True)
        finally:
            server.kill()
