"""The browser suite's shared pieces: its options, one headless Chromium for the whole run (Debian's, launched
by Playwright through `executable_path`: Playwright never downloads a browser here), the output folder and
browser contexts that fail a test on an uncaught exception. Run it with Tests/Browser/run.sh, which makes the
venv; `Tests/Browser/run.sh --help` lists the options under "threshold browser suite"."""

import os
import shutil
from pathlib import Path

import pytest
from browser_support import ROOT
from playwright.sync_api import sync_playwright

# Flags for Chromium in a container (as the old DevTools clients passed); Playwright adds --headless, --no-sandbox,
# --hide-scrollbars and --mute-audio itself.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run"]


def pytest_addoption(parser):
    group = parser.getgroup("threshold browser suite")
    group.addoption("--threshold", default=str(ROOT / ".build" / "debug" / "threshold"),
                    help="the threshold binary (default .build/debug/threshold)")
    group.addoption("--out", default=str(ROOT / ".build" / "browser-check"),
                    help="where the pages, their screenshots and PDFs go (default .build/browser-check)")
    group.addoption("--chromium", default=os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium",
                    help="the Chromium to launch (default: chromium on PATH)")
    group.addoption("--page", action="append", default=[], metavar="HTML",
                    help="also check this HTML page as the built ones are checked (repeatable)")
    group.addoption("--parts", action="store_true", help="also save each page in screen-high pieces, for reading")
    group.addoption("--shot", metavar="SELECTOR",
                    help="also save the first element matching SELECTOR of each page as NAME-element.png")


@pytest.fixture(scope="session")
def binary(pytestconfig):
    path = Path(pytestconfig.getoption("threshold")).resolve()
    if not os.access(path, os.X_OK):
        pytest.exit(f"the threshold binary {path} is missing: swift build first, or pass --threshold", returncode=2)
    return str(path)


@pytest.fixture(scope="session")
def out(pytestconfig):
    """The output folder, emptied of what an earlier run left (only the kinds of file the suite writes)."""
    folder = Path(pytestconfig.getoption("out")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file() and old.suffix in (".png", ".pdf", ".html"):
            old.unlink()
    return folder


@pytest.fixture(scope="session")
def browser(pytestconfig):
    chromium = pytestconfig.getoption("chromium")
    if not os.access(chromium, os.X_OK):
        pytest.exit(f"Chromium is not at {chromium}: Tests/Browser/run.sh installs Debian's chromium", returncode=2)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context_of(browser):
    """Makes browser contexts (each its own storage, as on its own device) and closes them after the test.
    Every page in them fails the test on an uncaught exception."""
    made = []

    def make(width=1400, height=1000):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
        context.set_default_timeout(15_000)
        errors = []
        context.on("page", lambda page: page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}")))
        made.append((context, errors))
        return context

    yield make
    problems = [e for _, errors in made for e in errors]
    for context, _ in made:
        context.close()
    assert not problems, "uncaught exceptions in the page: " + "; ".join(problems)
