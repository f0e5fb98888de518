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


# axe-core, pinned in package.json and installed by `npm ci` (make install); never served by the app.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now (the page's context must bypass the CSP to inject it)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ["violations"]});
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
          }));
        }"""
    )


def describe_violations(found: list[tuple[str, dict]]) -> list[str]:
    """One paragraph per rule: its impact, the pages, and each distinct failing element once."""
    rules: dict[str, dict] = {}
    for url, violation in found:
        rule = rules.setdefault(violation["id"], {"violation": violation, "pages": [], "nodes": {}})
        rule["pages"].append(f"{url} ({len(violation['nodes'])})")
        for node in violation["nodes"]:
            rule["nodes"].setdefault(node["target"], " ".join((node["summary"] or "").split())[:240])
    lines = []
    for rule_id, rule in rules.items():
        violation = rule["violation"]
        lines.append(f"{violation['impact']} {rule_id}: {violation['help']}")
        lines.append("  on " + ", ".join(rule["pages"]))
        lines += [f"  {target} -- {summary}" for target, summary in list(rule["nodes"].items())[:8]]
    return lines
