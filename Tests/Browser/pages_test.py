"""The static HTML pages in headless Chromium: the case sheets, the exercise handout, the hostile fixture's sheets
and the suite report, made by the threshold binary into the output folder. Each page fails on a console error
(or an error Chromium logs, such as a blocked script), an uncaught exception, a dialog, live markup that came
from a label (embedded content, more than the one inline script, an external script), almost no text, or a
blank first screen; the suite report's filter box must show and filter. Each page is saved as screenshots
(NAME.png, the whole page at 1000 px; NAME-top.png, the first screen; NAME-print.png, the whole page under
print media at A4 width) and as an A4 PDF (NAME.pdf).

The self-test first proves that the checks can fail: pages made to break each one must be caught, each for
its own reason."""

import io
import subprocess
from pathlib import Path

import pytest
from browser_support import ROOT
from PIL import Image, ImageChops

WIDTH, HEIGHT = 1000, 1300  # the screen the pages are read at
A4_WIDTH = 794  # 210 mm at 96 px per inch
TALLEST = 16_000  # where --parts stops

# Each page: the threshold command that makes it, and the exit codes it may give.
PAGES = {
    "case-sheet": (["score", "rules/camden-mash.rules", "scenarios/camden/islington-jtai-2019.scenario",
                    "--scenario", "mathew", "--format", "html"], (0,)),
    "exercise-handout": (["score", "rules/camden-mash.rules", "scenarios/camden/islington-jtai-2019.scenario",
                          "--scenario", "mathew", "--format", "html", "--exercise"], (0,)),
    "case-sheet-scores": (["score", "rules/front-door.rules", "scenarios/tools/cce-camden.scenario",
                           "--scenario", "cce_unknown_missing_count", "--format", "html"], (0,)),
    "hostile-case-sheets": (["score", "Tests/Fixtures/html/hostile.rules", "Tests/Fixtures/html/hostile.scenario",
                             "--format", "html"], (0,)),
    # The worked cases and the hostile fixture's deliberate failure (so a failure is shown expanded): exit 1.
    "suite-report": (["test", "scenarios/", "Tests/Fixtures/html", "--format", "html"], (0, 1)),
}

WORDS = "words " * 40
# Each bad page, and the kind of problem that must be found on it.
BAD_PAGES = {
    "console-error": ("<p>%s</p><script>console.error('boom')</script>", "console"),
    "console-assert": ("<p>%s</p><script>console.assert(false, 'broken')</script>", "console"),
    "blocked-script": ("<meta http-equiv='Content-Security-Policy' content=\"script-src 'none'\">"
                       "<p>%s</p><script>document.title = 'ran'</script>", "console"),
    "exception": ("<p>%s</p><script>notDefined()</script>", "exception"),
    "dialog": ("<p>%s</p><script>alert('ran')</script>", "dialog"),
    "blank": ("<p style='color:#fff'>%s</p>", "blank"),
    "no-text": ("<p style='font-size:200px'>%.20s</p>", "text"),
    "injected": ("<p>%s</p><img alt='' src='data:,'/>", "live markup"),
    "two-scripts": ("<p>%s</p><script>var a = 1</script><script>var b = 2</script>", "live markup"),
    "external-script": ("<p>%s</p><script src='data:text/javascript,'></script>", "live markup"),
    "filter-hidden": ("<div id='filter-box' hidden><input id='filter'></div><table id='scenario-table'><tbody>"
                      "<tr><td>1</td><td><code>a</code></td></tr></tbody></table><p>%s</p>", "filter"),
    "filter-inert": ("<div id='filter-box'><input id='filter'><span id='filter-count'></span></div>"
                     "<table id='scenario-table'><tbody><tr><td>1</td><td><code>alpha</code></td></tr>"
                     "<tr><td>2</td><td><code>beta</code></td></tr></tbody></table><p>%s</p>", "filter"),
}


def ink(png):
    """The share of pixels that are not near-white (some channel below 200)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    red, green, blue = image.split()
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)
    return sum(darkest.histogram()[:200]) / (image.width * image.height)


# Nothing from a label may have become live markup: no embedded content, one inline script at most.
LIVE_MARKUP = """[document.querySelectorAll('img, iframe, object, embed, link, base, form').length,
                  document.scripts.length, [...document.scripts].filter((s) => s.src).length]"""

# The filter box: typing the first scenario's id shows exactly the rows holding it (and says how many);
# emptying it shows every row again.
FILTER = """(query) => {
    const rows = [...document.getElementById('scenario-table').tBodies[0].rows];
    const shown = () => rows.filter((r) => !r.hidden).length;
    const holding = rows.filter((r) => r.textContent.toLowerCase().includes(query.toLowerCase())).length;
    return {rows: rows.length, holding, shown: shown(), count: (document.getElementById('filter-count') || {}).textContent};
}"""


def check_page(browser, path, out, *, print_too=True, parts=False, shot=None):
    """Loads the page, runs every check and saves its screenshots; returns the problems as (kind, message)."""
    problems = []
    name = Path(path).stem
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
    context.set_default_timeout(15_000)
    page = context.new_page()

    def on_console(message):
        # Console errors and assertions, and what Chromium itself logs as an error (Log.entryAdded).
        if message.type in ("error", "assert"):
            problems.append(("console", f"console {message.type}: {message.text} ({message.location.get('url', '')})"))

    def on_dialog(dialog):
        # A dialog would block the page: dismiss it at once; it fails the check.
        problems.append(("dialog", f"a script opened a dialog: {dialog.message}"))
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(("exception", f"uncaught exception: {error}")))
    page.on("dialog", on_dialog)
    try:
        page.goto(Path(path).resolve().as_uri(), wait_until="load")

        text = page.evaluate("document.body ? document.body.innerText.trim().length : 0")
        embedded, scripts, external = page.evaluate(LIVE_MARKUP)
        if embedded or scripts > 1 or external:
            problems.append(("live markup", f"unexpected live markup: {embedded} embedded elements, {scripts} scripts,"
                                            f" {external} external scripts"))
        if text < 50:
            problems.append(("text", f"the page shows almost no text ({text} characters)"))
        check_filter(page, problems)

        def whole_page(suffix, width):
            page.set_viewport_size({"width": width, "height": HEIGHT})
            # The whole document, overflow to the right included (so a line too long for the page shows).
            page.screenshot(path=out / f"{name}{suffix}.png", full_page=True)
            if parts:
                full = min(page.evaluate("Math.ceil(document.documentElement.scrollHeight)"), TALLEST)
                for k in range(0, full, HEIGHT):
                    page.screenshot(path=out / f"{name}{suffix}-part{k // HEIGHT + 1}.png", full_page=True,
                                    clip={"x": 0, "y": k, "width": width, "height": min(HEIGHT, full - k)})

        whole_page("", WIDTH)
        # The top of the page at the reading size, for the README; a blank one fails.
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        top = page.screenshot(path=out / f"{name}-top.png")
        share = ink(top)
        if share < 0.001:
            problems.append(("blank", f"the page looks blank ({share * 100:.2f}% of the first screen is not white)"))
        if shot:
            box = page.locator(shot).first.bounding_box() if page.locator(shot).count() else None
            if box:
                scroll = page.evaluate("[scrollX, scrollY]")
                x, y = max(0, box["x"] + scroll[0] - 8), max(0, box["y"] + scroll[1] - 8)
                page.screenshot(path=out / f"{name}-element.png", full_page=True,
                                clip={"x": x, "y": y, "width": box["width"] + 16, "height": box["height"] + 16})
        if print_too:
            page.emulate_media(media="print")
            whole_page("-print", A4_WIDTH)
            page.emulate_media(media="null")
            page.pdf(path=out / f"{name}.pdf", width="8.27in", height="11.69in", print_background=True,
                     prefer_css_page_size=True)
        page.evaluate("1")  # lets the events still on their way arrive
    finally:
        context.close()
    return problems


def check_filter(page, problems):
    """The suite report's filter box, when the page has one."""
    if not page.locator("#filter").count():
        return
    if page.locator("#filter-box").is_hidden():
        problems.append(("filter", "filter box: the filter box stayed hidden"))
        return
    query = page.evaluate("document.getElementById('scenario-table').tBodies[0].rows[0].cells[1].querySelector('code')"
                          ".textContent")
    page.locator("#filter").fill(query)
    typed = page.evaluate(FILTER, query)
    page.locator("#filter").fill("")
    emptied = page.evaluate(FILTER, "")
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")  # the page as it was, for the screenshots
    wanted = f" {typed['holding']} of {typed['rows']} shown"
    if not (1 <= typed["shown"] == typed["holding"] and typed["count"] == wanted and emptied["shown"] == emptied["rows"]):
        problems.append(("filter", f"filter box: typing {query!r} showed {typed['shown']} rows of {typed['rows']}"
                                   f" ({typed['holding']} hold it; the count says {typed['count']!r}), emptying it"
                                   f" showed {emptied['shown']}"))


@pytest.mark.parametrize("bad", sorted(BAD_PAGES))
def test_self_test_a_bad_page_fails(browser, tmp_path, bad):
    """The checks fail on pages made to fail them, each for its own reason."""
    body, kind = BAD_PAGES[bad]
    page = tmp_path / f"{bad}.html"
    page.write_text("<!DOCTYPE html><html><body>" + body % WORDS + "</body></html>")
    problems = check_page(browser, page, tmp_path, print_too=False)
    assert kind in {k for k, _ in problems}, f"the bad page {bad} was not caught as {kind}: {problems}"


def test_self_test_a_good_page_passes(browser, tmp_path):
    """And the same checks pass a plain page, so the bad pages fail for what is wrong with them."""
    page = tmp_path / "good.html"
    page.write_text("<!DOCTYPE html><html><body><p>%s</p><script>document.title = 'ran'</script></body></html>" % WORDS)
    assert check_page(browser, page, tmp_path) == []
    assert {p.name for p in tmp_path.iterdir()} >= {"good.png", "good-top.png", "good-print.png", "good.pdf"}


def pytest_generate_tests(metafunc):
    if "page_name" in metafunc.fixturenames:
        extra = [f"file:{p}" for p in metafunc.config.getoption("page")]
        metafunc.parametrize("page_name", list(PAGES) + extra)


def test_page(browser, binary, out, pytestconfig, page_name):
    if page_name.startswith("file:"):
        path = Path(page_name[len("file:"):]).resolve()
    else:
        args, codes = PAGES[page_name]
        path = out / f"{page_name}.html"
        with open(path, "wb") as f:
            made = subprocess.run([binary, *args], cwd=ROOT, stdout=f, stderr=subprocess.PIPE)
        assert made.returncode in codes, f"threshold {' '.join(args)} exited {made.returncode}: {made.stderr.decode()}"
    problems = check_page(browser, path, out, parts=pytestconfig.getoption("parts"), shot=pytestconfig.getoption("shot"))
    assert not problems, "\n".join(message for _, message in problems)
    for suffix in (".png", "-top.png", "-print.png", ".pdf"):
        assert (out / f"{path.stem}{suffix}").stat().st_size > 0
