"""Constants and helpers for the browser tests (fixtures are in conftest.py)."""

import os
from pathlib import Path

# Debian's package; CLINIC_CHROMIUM points elsewhere (e.g. /usr/bin/chromium-browser), never at a downloaded browser.
CHROMIUM = Path(os.environ.get("CLINIC_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "correct-horse-battery"  # the factories' password
# Browser-side record of CSP violations (the console reports them too; this catches every kind).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber
  );
});
"""


def shoot(page, step: str) -> Path:
    path = ARTIFACTS / f"{page.test_name}--{step}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def dom_csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def sign_in(page, username: str, password: str = PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form[action='/accounts/login/'] button[type=submit]")
