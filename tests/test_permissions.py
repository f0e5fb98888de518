"""Access control for every URL: one table of route x persona -> expected outcome.

The test walks Django's URL resolver, so a route missing from ROUTES fails
`test_every_route_is_in_the_table` (and a stale entry fails it too). Routes under /admin/ are one
group, gated by the admin site itself: `ADMIN_URLS` checks representative pages of every
registered model for every persona.

TO ADD A ROUTE: one line in ROUTES, keyed by the route as the resolver spells it (print
`sorted(resolver_routes())` to see them), with a real URL and the outcome for each persona in
PERSONAS order: anonymous, patient A, patient B, practitioner, admin. Put ids in braces; they come
from the `records` fixture (tests/conftest.py): {patient_a}, {patient_b}, {session_a}, {plan_a},
{assessment_a}, {followup_a}, {questionnaire_a}, {adverse_event_a}, {prescription_own},
{prescription_colleague}, {practitioner}, {colleague}, {user_patient_a}. URLs use patient A's
records, so patient B is "another patient" and the practitioner is "another practitioner" for
{prescription_colleague}. An outcome is a status code, LOGIN (redirect to the sign-in page with
?next=), or redirect("/path/") for any other redirect. Writes: method="post" (and data={...}).
"""

from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import URLResolver, get_resolver

from tests.conftest import PERSONAS

LOGIN = "login"


@dataclass(frozen=True)
class Redirect:
    to: str


def redirect(to: str) -> Redirect:
    return Redirect(to)


@dataclass(frozen=True)
class Route:
    url: str
    anonymous: object
    patient_a: object
    patient_b: object
    practitioner: object
    admin: object
    method: str = "get"
    data: dict = field(default_factory=dict)

    def expected(self, persona: str) -> object:
        return getattr(self, persona)


def R(url, *outcomes, method="get", data=None) -> Route:  # noqa: N802 (reads as a table row)
    return Route(url, *outcomes, method=method, data=data or {})


PUBLIC = (200, 200, 200, 200, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200)
STAFF = (LOGIN, 403, 403, 200, 200)

# fmt: off
ROUTES: dict[str, Route] = {
    "":                                 R("/", *SIGNED_IN),
    "accounts/keep-alive/":             R("/accounts/keep-alive/", LOGIN, 204, 204, 204, 204, method="post"),
    "accounts/login/":                  R("/accounts/login/", *PUBLIC),
    "accounts/logout/":                 R("/accounts/logout/", *[redirect("/accounts/login/")] * 5, method="post"),
    "accounts/password_change/":        R("/accounts/password_change/", *SIGNED_IN),
    "accounts/password_change/done/":   R("/accounts/password_change/done/", *SIGNED_IN),
    "accounts/password_reset/":         R("/accounts/password_reset/", *PUBLIC),
    "accounts/password_reset/done/":    R("/accounts/password_reset/done/", *PUBLIC),
    "accounts/reset/<uidb64>/<token>/": R("/accounts/reset/MQ/forged-token/", *PUBLIC),
    "accounts/reset/done/":             R("/accounts/reset/done/", *PUBLIC),
    "patients/":                        R("/patients/", *STAFF),
}
# fmt: on


def resolver_routes(patterns=None, prefix: str = ""):
    """Every route Django resolves, spelled as in urls.py (includes joined)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from resolver_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def test_every_route_is_in_the_table():
    routes = {route for route in resolver_routes() if not route.startswith("admin/")}
    missing, stale = sorted(routes - ROUTES.keys()), sorted(ROUTES.keys() - routes)
    assert not missing, f"Add these routes to ROUTES in tests/test_permissions.py: {missing}"
    assert not stale, f"These ROUTES entries match no route any more: {stale}"


def test_admin_routes_all_live_under_the_admin_site():
    admin_routes = [route for route in resolver_routes() if route.startswith("admin/")]
    assert admin_routes, "the admin is mounted at /admin/"
    assert all(route.startswith("admin/") for route in admin_routes)


def check(response, expected, url: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"] == f"/accounts/login/?next={quote(url)}"
    elif isinstance(expected, Redirect):
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(expected.to), response["Location"]
    else:
        assert response.status_code == expected


def fetch(client, route: Route, url: str):
    return getattr(client, route.method)(url, route.data)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROUTES), ids=lambda name: f"/{name}")
def test_route_as_persona(client_for, records, name, persona):
    route = ROUTES[name]
    url = route.url.format(**records)
    check(fetch(client_for(persona), route, url), route.expected(persona), url)


# The admin: one gate (ClinicAdminSite.has_permission) in front of every admin route. Non-admins are
# sent to the admin's sign-in page everywhere; admins get 200 except where ADMIN_REFUSALS says.

ADMIN_LOGIN = redirect("/admin/login/")
CLINICAL = [
    "patients.patient",
    "patients.painassessment",
    "patients.questionnaireresponse",
    "sessions_app.acupuncturesession",
    "sessions_app.adverseevent",
    "sessions_app.followup",
    "sessions_app.treatmentplan",
]
# Pages an admin is refused on purpose: (model label, page) -> status.
ADMIN_REFUSALS = {
    **{(label, "delete"): 403 for label in [*CLINICAL, "sessions_app.acupoint"]},  # archive, never delete
    ("patients.accesslog", "add"): 403,  # append-only, written by the app alone
    ("patients.accesslog", "delete"): 403,
    ("axes.accessattempt", "add"): 403,  # sign-in records, written by django-axes alone
    ("axes.accesslog", "add"): 403,
    ("axes.accessfailurelog", "add"): 403,
}
# Which record's change/history/delete pages to open, per model (a key of `records`).
SAMPLE_OBJECT = {
    "patients.patient": "patient_a",
    "patients.painassessment": "assessment_a",
    "patients.questionnaireresponse": "questionnaire_a",
    "sessions_app.acupuncturesession": "session_a",
    "sessions_app.followup": "followup_a",
    "sessions_app.treatmentplan": "plan_a",
    "sessions_app.adverseevent": "adverse_event_a",
    "sessions_app.pointprescription": "prescription_own",
    "sessions_app.practitioner": "practitioner",
    "auth.user": "user_patient_a",
}


def admin_pages() -> list[tuple[str, str, str]]:
    """(model label, page, url) for the site and every registered model: list, add, change, history, delete."""
    pages = [("site", "index", "/admin/"), ("site", "password_change", "/admin/password_change/")]
    for model in admin.site._registry:
        label = model._meta.label_lower
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages += [(label, "changelist", base), (label, "add", f"{base}add/")]
        if label in SAMPLE_OBJECT:
            obj = "{" + SAMPLE_OBJECT[label] + "}"
            pages += [(label, page, f"{base}{obj}/{page}/") for page in ("change", "history", "delete")]
    return pages


def test_every_admin_model_with_records_has_a_sample():
    labels = {model._meta.label_lower for model in admin.site._registry}
    without_sample = {"auth.group", "sessions_app.acupoint", "patients.accesslog"} | {
        label for label in labels if label.startswith("axes.")
    }
    assert labels - SAMPLE_OBJECT.keys() == without_sample


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_pages_as_persona(client_for, records, persona):
    client, failures = client_for(persona), []
    for label, page, template in admin_pages():
        url = template.format(**records)
        expected = ADMIN_REFUSALS.get((label, page), 200) if persona == "admin" else ADMIN_LOGIN
        try:
            check(client.get(url), expected, url)
        except AssertionError as failure:
            failures.append(f"{url}: {failure}")
    assert not failures, "\n".join(failures)
