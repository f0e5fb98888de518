"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Never `playwright install`: the browser is the system's /usr/bin/chromium (`apt-get install
chromium`; `.ci/run` does it). Without it every test here is skipped, saying so.
Screenshots go to tests/e2e/artifacts/ (ignored by git).

Each test gets a fresh browser context (no shared cookies). `page.csp_violations` and
`page.console_errors` collect what the browser reported; `shoot(page, "step")` saves a screenshot.
"""

import os
import re

import pytest
from django.db import connections

from tests.e2e.helpers import ARGS, ARTIFACTS, CHROMIUM, DESKTOP, RECORD_VIOLATIONS


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread until the session ends; the
    # ORM calls of fixtures and later tests are still synchronous, so Django's check must stand aside.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        # Test code now runs in Playwright's context, where Django opens new connection objects:
        # hand them the database snapshot that serialized_rollback restores between tests.
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


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
