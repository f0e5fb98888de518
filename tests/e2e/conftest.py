"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Never `playwright install`: the browser is the system's /usr/bin/chromium (`apt-get install
chromium`; `.ci/run` does it; CLINIC_CHROMIUM names another path). Without it every test here is
skipped, saying why, before any database or browser is set up (CI sets CLINIC_REQUIRE_BROWSER=1 to
fail instead). Every test under tests/e2e/ carries the `e2e` marker (`-m e2e`,
`-m "not e2e"`). Screenshots go to tests/e2e/artifacts/ (ignored by git).

Write a browser test with the `page` fixture (a fresh browser context per test: no shared cookies,
base URL = the live server) and `pytest.mark.django_db(transaction=True, serialized_rollback=True)`
(tests/conftest.py adds serialized_rollback to any transactional test that forgets it).
`page.csp_violations` and `page.console_errors` collect what the browser reported;
`shoot(page, "step")` saves a screenshot.

Playwright's sync API runs an event loop in the test thread for as long as it is open. It is opened
once per module (`browser` is module-scoped) and closed at the module's end, so that no test outside
tests/e2e/ ever runs inside that loop, whatever the order the tests run in.
"""

import os
import re

import pytest
from django.db import connections

from tests.e2e.helpers import ARGS, ARTIFACTS, CHROMIUM, DESKTOP, RECORD_VIOLATIONS

E2E_DIR = os.path.dirname(__file__)


def _missing_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    return None


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/e2e/ as `e2e`; skip them all, saying why, without a browser.

    CI sets CLINIC_REQUIRE_BROWSER=1: there a missing browser stops the run instead of skipping.
    """
    missing = _missing_browser()
    browser_tests = [item for item in items if str(item.path).startswith(E2E_DIR)]
    if missing and browser_tests and os.environ.get("CLINIC_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"CLINIC_REQUIRE_BROWSER=1, but {missing}")
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
        if missing:
            item.add_marker(pytest.mark.skip(reason=f"{missing}: browser tests skipped"))


@pytest.fixture(scope="module")
def browser(django_db_setup):
    from playwright.sync_api import sync_playwright

    # While Playwright's loop runs in this thread, Django's async-safety check would refuse the
    # (synchronous) ORM calls of fixtures and tests: it stands aside for this module only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    try:
        with sync_playwright() as playwright:
            # With a running loop Django keeps its connections per context: the code below gets new
            # connection objects. Hand them the snapshot serialized_rollback restores between tests.
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                yield launched
            finally:
                launched.close()
                # Close them before the loop goes, or PostgreSQL cannot drop the test database.
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    new_page = context.new_page()
    new_page.console_errors = []
    new_page.csp_violations = []

    def on_console(message):
        if message.type == "error":
            new_page.console_errors.append(message.text)
            if "Content Security Policy" in message.text:
                new_page.csp_violations.append(message.text)

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: new_page.console_errors.append(str(error)))
    new_page.test_name = re.sub(r"[^\w.-]+", "_", request.node.name)
    yield new_page
    context.close()
