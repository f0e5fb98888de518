"""Headers and deployment: CSP without inline code, framing refused, production transport security."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'self'",
}
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-production-like-secret-key-0123456789abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "clinic.example.org",
}


def _policy(response) -> dict[str, str]:
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: value for name, _, value in (d.partition(" ") for d in directives)}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/admin/"])
def test_every_page_carries_the_content_security_policy(admin_client, url):
    policy = _policy(admin_client.get(url))
    for name, value in EXPECTED_CSP.items():
        assert policy[name] == value
    assert "unsafe-inline" not in str(policy)
    assert "unsafe-eval" not in str(policy)


@pytest.mark.django_db
def test_pages_refuse_framing_sniffing_and_leaky_referrers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def _production_env() -> dict:
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "clinic.settings"}
    # Set by the browser tests for their own process; never part of a deployment.
    for name in ("DJANGO_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"):
        env.pop(name, None)
    return env


def _production_settings() -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "names = ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_HTTPONLY', 'X_FRAME_OPTIONS', 'DEBUG']; "
        "print(json.dumps({n: getattr(settings, n) for n in names}))"
    )
    env = _production_env()
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_over_https_and_redirects_plain_http():
    """The headers a browser gets from the app configured as in production (its own process, the
    environment of a deployment): HSTS on an HTTPS response, plain HTTP sent to HTTPS."""
    code = (
        "import json, django; django.setup(); from django.test import Client; "
        "client = Client(HTTP_HOST='clinic.example.org'); "
        "secure, plain = client.get('/', secure=True), client.get('/'); "
        "print(json.dumps([secure.get('Strict-Transport-Security'), plain.status_code, plain.get('Location')]))"
    )
    env = {**_production_env(), "DATABASE_URL": "sqlite:///:memory:"}  # the redirects read no table
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    hsts, plain_status, plain_location = json.loads(out.stdout.strip().splitlines()[-1])
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert (plain_status, plain_location) == (301, "https://clinic.example.org/")


def test_production_settings_secure_cookies_and_transport():
    prod = _production_settings()
    assert prod == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "X_FRAME_OPTIONS": "DENY",
        "DEBUG": False,
    }


def test_check_deploy_reports_nothing():
    env = _production_env()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# The CSP refuses inline code, so none may be written: every template is checked.
INLINE_CODE = {
    "inline <script> (put JS in a static file)": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> block (use clinic.css)": re.compile(r"<style\b", re.I),
    "style= attribute (use a class)": re.compile(r"\sstyle\s*=", re.I),
    "on*= event handler (bind it in a static file)": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}
TEMPLATES = sorted(
    path
    for base in (ROOT / "templates", ROOT / "patients" / "templates", ROOT / "sessions_app" / "templates")
    if base.exists()
    for path in base.rglob("*.html")
)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_holds_inline_script_or_style(template):
    text = template.read_text()
    found = [what for what, pattern in INLINE_CODE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(ROOT)}: {found}"
