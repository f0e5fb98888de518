"""Access control for every URL: one table of route x persona -> expected outcome.

The test walks Django's URL resolver, so a route missing from ROUTES fails
`test_every_route_is_in_the_table` (and a stale entry fails it too). Routes under /admin/ are one
group, gated by the admin site itself: `ADMIN_URLS` checks representative pages of every
registered model for every persona.

TO ADD A ROUTE: one line in ROUTES, keyed by the route as the resolver spells it (print
`sorted(resolver_routes())` to see them), with a real URL and the outcome for each persona in
PERSONAS order: anonymous, patient A, patient B, practitioner, admin. Put ids in braces; they come
from the `records` fixture (tests/conftest.py): {patient_a}, {patient_b}, {patient_without_login},
{session_a}, {session_colleague}, {plan_a}, {assessment_a}, {followup_a}, {questionnaire_a},
{questionnaire_pending_a}, {questionnaire_pending_b}, {adverse_event_a}, {prescription_own},
{clinician_score_a} (patient A's pain score entered by the practitioner), {undo_token_a} (the
practitioner's Undo ticket of a follow-up of patient A), {questionnaire_colleague_a},
{clinician_score_colleague_a}, {questionnaire_admin_a}, {clinician_score_admin_a} (patient A's
readings recorded by the colleague and by the admin), {adverse_event_colleague} (of the colleague's
session),
{prescription_colleague}, {practitioner}, {colleague}, {user_patient_a}. URLs use patient A's
records, so patient B is "another patient"; the colleague's session and prescription make the
practitioner "another practitioner". When another record tests another rule, give the route a
tuple of rows, each extra row named by `case=`. An outcome is a status code, LOGIN (redirect to the
sign-in page with ?next=), or redirect("/path/") for any other redirect (ids in braces allowed).
Writes: method="post" (and data={...}, ids in braces allowed).

How the outcomes follow from the code: the role decorator answers first (anonymous -> sign-in,
role too low -> 403), then `Patient.objects.visible_to(user)` and the scoped getters (not visible,
or not one's own prescription -> 404); editing another practitioner's session is 403 (visible, but
only its author may change it).
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from patients.archive import ARCHIVED_MESSAGE, RecordArchived, require_writable
from patients.permissions import can_change, require_change
from patients.services import patient_archive
from sessions_app.models import AcupunctureSession, AdverseEvent, Appointment, FollowUp, TreatmentPlan
from tests.conftest import PERSONAS
from tests.factories import (
    AppointmentFactory,
    FollowUpFactory,
    PainAssessmentFactory,
    PlanFactory,
    QuestionnaireFactory,
    SessionFactory,
    at,
)

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
    case: str = ""  # names a second row of the same route ("colleague's session")

    def expected(self, persona: str) -> object:
        return getattr(self, persona)


def R(url, *outcomes, method="get", data=None, case="") -> Route:  # noqa: N802 (reads as a table row)
    return Route(url, *outcomes, method=method, data=data or {}, case=case)


PUBLIC = (200, 200, 200, 200, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200)
STAFF = (LOGIN, 403, 403, 200, 200)  # practitioners and admins (staff_required)
PRACTITIONER = (LOGIN, 403, 403, 200, 403)  # practitioners only (practitioner_required): admins do not treat
ADMIN = (LOGIN, 403, 403, 403, 200)
PORTAL = (LOGIN, 200, 200, 403, 403)  # the signed-in patient's own record (patient_required)
PATIENT_PAGE = "/patients/{patient_a}/"


def STAFF_POST(to: str) -> tuple:  # noqa: N802
    return (LOGIN, 403, 403, redirect(to), redirect(to))


def PRACTITIONER_POST(to: str) -> tuple:  # noqa: N802
    return (LOGIN, 403, 403, redirect(to), 403)


# A route maps to one row, or to several (a tuple) when other records test other rules: another
# patient's questionnaire, the colleague's session or prescription.
# fmt: off
ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "":                                 R("/", LOGIN, redirect("/me/"), redirect("/me/"), 200, 200),
    "accounts/keep-alive/":             R("/accounts/keep-alive/", LOGIN, 204, 204, 204, 204, method="post"),
    "accounts/login/":                  R("/accounts/login/", *PUBLIC),
    "accounts/logout/":                 R("/accounts/logout/", *[redirect("/accounts/login/")] * 5, method="post"),
    "accounts/password_change/":        R("/accounts/password_change/", *SIGNED_IN),
    "accounts/password_change/done/":   R("/accounts/password_change/done/", *SIGNED_IN),
    "accounts/password_reset/":         R("/accounts/password_reset/", *PUBLIC),
    "accounts/password_reset/done/":    R("/accounts/password_reset/done/", *PUBLIC),
    "accounts/reset/<uidb64>/<token>/": R("/accounts/reset/MQ/forged-token/", *PUBLIC),
    "accounts/reset/done/":             R("/accounts/reset/done/", *PUBLIC),
    "i18n/setlang/":                    R("/i18n/setlang/", *[redirect("/")] * 5, method="post",
                                          data={"language": "nl", "next": "/"}),
    "i18n/js/":                         R("/i18n/js/", *PUBLIC),
    # The practitioner workflow (issue 3).
    "patients/":                        R("/patients/", *STAFF),
    "patients/new/":                    R("/patients/new/", *STAFF),
    "patients/<int:pk>/": (
        R("/patients/{patient_a}/", *STAFF),
        R("/patients/999999/", LOGIN, 403, 403, 404, 404, case="no such patient"),
    ),
    "patients/<int:pk>/edit/":          R("/patients/{patient_a}/edit/", *STAFF),
    "patients/<int:pk>/archive/":       R("/patients/{patient_a}/archive/", *STAFF_POST(PATIENT_PAGE), method="post"),
    "patients/<int:pk>/restore/":       R("/patients/{patient_a}/restore/", *STAFF_POST(PATIENT_PAGE), method="post"),
    "patients/<int:pk>/assessments/new/": R("/patients/{patient_a}/assessments/new/", *STAFF),
    "patients/<int:pk>/questionnaires/new/<str:instrument>/": (
        R("/patients/{patient_a}/questionnaires/new/odi/", *STAFF),
        R("/patients/{patient_a}/questionnaires/new/ndi/", *STAFF, case="ndi"),
        R("/patients/{patient_a}/questionnaires/new/rmdq/", *STAFF, case="rmdq"),
        R("/patients/{patient_a}/questionnaires/new/sf36/", LOGIN, 403, 403, 404, 404, case="unknown instrument"),
    ),
    "patients/<int:pk>/questionnaires/<int:response_pk>/": (
        R("/patients/{patient_a}/questionnaires/{questionnaire_a}/", *STAFF),
        R("/patients/{patient_b}/questionnaires/{questionnaire_a}/", LOGIN, 403, 403, 404, 404,
          case="another patient's questionnaire"),
    ),
    "patients/<int:pk>/sessions/new/": (
        R("/patients/{patient_a}/sessions/new/", *PRACTITIONER),
        R("/patients/{patient_a}/sessions/new/?prescription={prescription_own}", *PRACTITIONER,
          case="own prescription applied"),
        R("/patients/{patient_a}/sessions/new/?prescription={prescription_colleague}", LOGIN, 403, 403, 404, 403,
          case="colleague's prescription"),
    ),
    "patients/<int:pk>/plans/new/":     R("/patients/{patient_a}/plans/new/", *PRACTITIONER),
    "patients/<int:pk>/followups/new/": R("/patients/{patient_a}/followups/new/", *STAFF),
    "sessions/<int:pk>/": (
        R("/sessions/{session_a}/", *STAFF),
        R("/sessions/{session_colleague}/", *STAFF, case="colleague's session"),
    ),
    "sessions/<int:pk>/edit/": (
        R("/sessions/{session_a}/edit/", *PRACTITIONER),
        R("/sessions/{session_colleague}/edit/", LOGIN, 403, 403, 403, 403, case="colleague's session"),
    ),
    "sessions/<int:pk>/archive/": (
        R("/sessions/{session_a}/archive/", *PRACTITIONER_POST(PATIENT_PAGE), method="post"),
        R("/sessions/{session_colleague}/archive/", LOGIN, 403, 403, 403, 403, method="post",
          case="colleague's session"),
    ),
    "sessions/plans/<int:pk>/edit/":    R("/sessions/plans/{plan_a}/edit/", *PRACTITIONER),
    "sessions/followups/":              R("/sessions/followups/", *STAFF),
    "sessions/followups/<int:pk>/book/": (
        R("/sessions/followups/{followup_a}/book/", *STAFF),
        R("/sessions/followups/999999/book/", LOGIN, 403, 403, 404, 404, case="no such follow-up"),
    ),
    # Corrections: only the author (the admin did not record them: 403), another patient's id 404.
    "patients/<int:pk>/questionnaires/<int:response_pk>/edit/": (
        R("/patients/{patient_a}/questionnaires/{questionnaire_a}/edit/", LOGIN, 403, 403, 200, 403),
        R("/patients/{patient_a}/questionnaires/{questionnaire_colleague_a}/edit/", LOGIN, 403, 403, 403, 403,
          case="the colleague's questionnaire"),
        R("/patients/{patient_a}/questionnaires/{questionnaire_admin_a}/edit/", LOGIN, 403, 403, 403, 200,
          case="a questionnaire the admin entered"),
        R("/patients/{patient_b}/questionnaires/{questionnaire_a}/edit/", LOGIN, 403, 403, 404, 404,
          case="another patient's id"),
    ),
    "patients/<int:pk>/assessments/<int:assessment_pk>/edit/": (
        R("/patients/{patient_a}/assessments/{clinician_score_a}/edit/", LOGIN, 403, 403, 200, 403),
        R("/patients/{patient_a}/assessments/{clinician_score_colleague_a}/edit/", LOGIN, 403, 403, 403, 403,
          case="the colleague's pain score"),
        R("/patients/{patient_a}/assessments/{clinician_score_admin_a}/edit/", LOGIN, 403, 403, 403, 200,
          case="a pain score the admin entered"),
        R("/patients/{patient_a}/assessments/{assessment_a}/edit/", LOGIN, 403, 403, 404, 404,
          case="a session's score is corrected on the session"),
        R("/patients/{patient_b}/assessments/{clinician_score_a}/edit/", LOGIN, 403, 403, 404, 404,
          case="another patient's id"),
    ),
    "sessions/adverse-events/<int:pk>/edit/": (
        R("/sessions/adverse-events/{adverse_event_a}/edit/", *PRACTITIONER),
        R("/sessions/adverse-events/{adverse_event_colleague}/edit/", LOGIN, 403, 403, 403, 403,
          case="an event of the colleague's session"),
    ),
    # The Undo button: the ticket's own user only (anyone else's is not found).
    "undo/<uuid:token>/": R("/undo/{undo_token_a}/", LOGIN, 403, 403, redirect("/"), 404, method="post"),
    "sessions/followups/<int:pk>/complete/": R("/sessions/followups/{followup_a}/complete/", *STAFF_POST(PATIENT_PAGE),
                                               method="post", data={"version": "1"}),
    "sessions/followups/<int:pk>/missed/":   R("/sessions/followups/{followup_a}/missed/", *STAFF_POST(PATIENT_PAGE),
                                               method="post", data={"version": "1"}),
    "sessions/followups/<int:pk>/cancel/":   R("/sessions/followups/{followup_a}/cancel/", *STAFF_POST(PATIENT_PAGE),
                                               method="post", data={"version": "1"}),
    "sessions/prescriptions/":          R("/sessions/prescriptions/", *PRACTITIONER),
    "sessions/prescriptions/new/":      R("/sessions/prescriptions/new/", *PRACTITIONER),
    "sessions/prescriptions/<int:pk>/edit/": (
        R("/sessions/prescriptions/{prescription_own}/edit/", *PRACTITIONER),
        R("/sessions/prescriptions/{prescription_colleague}/edit/", LOGIN, 403, 403, 404, 403,
          case="colleague's prescription"),
    ),
    "sessions/prescriptions/<int:pk>/delete/": (
        R("/sessions/prescriptions/{prescription_own}/delete/", *PRACTITIONER_POST("/sessions/prescriptions/"),
          method="post"),
        R("/sessions/prescriptions/{prescription_colleague}/delete/", LOGIN, 403, 403, 404, 403, method="post",
          case="colleague's prescription"),
    ),
    # Progress, exports and portal access (issue 4).
    "patients/<int:pk>/progress.json":  R("/patients/{patient_a}/progress.json", *STAFF),
    "patients/<int:pk>/questionnaires.json": R("/patients/{patient_a}/questionnaires.json", *STAFF),
    "patients/<int:pk>/fhir/":          R("/patients/{patient_a}/fhir/", *STAFF),
    "patients/<int:pk>/export.csv":     R("/patients/{patient_a}/export.csv", *STAFF),
    "patients/<int:pk>/questionnaires/assign/": R("/patients/{patient_a}/questionnaires/assign/",
                                                  *STAFF_POST(PATIENT_PAGE), method="post",
                                                  data={"instrument": "rmdq", "next": PATIENT_PAGE}),
    "patients/<int:pk>/invite/": (
        R("/patients/{patient_without_login}/invite/", *STAFF_POST("/patients/"), method="post",
          data={"email": "cleo@example.org"}),
        R("/patients/999999/invite/", LOGIN, 403, 403, 404, 404, method="post", data={"email": "x@example.org"},
          case="no such patient"),
    ),
    "outcomes/":                        R("/outcomes/", *ADMIN),
    # The PDF report and referral letters (issue 15): reading, so an archived record prints too.
    "patients/<int:pk>/report.pdf": (
        R("/patients/{patient_a}/report.pdf", *STAFF),
        R("/patients/999999/report.pdf", LOGIN, 403, 403, 404, 404, case="no such patient"),
    ),
    "patients/<int:pk>/letters/new/":   R("/patients/{patient_a}/letters/new/", *STAFF),
    "patients/<int:pk>/letter.pdf": (
        R("/patients/{patient_a}/letter.pdf?to={letter_a}", *STAFF),
        R("/patients/{patient_b}/letter.pdf?to={letter_a}", LOGIN, 403, 403, 404, 404,
          case="another patient's letter"),
        R("/patients/{patient_a}/letter.pdf?to=gp", LOGIN, 403, 403, 404, 404, case="no letter"),
    ),
    "me/report.pdf":                    R("/me/report.pdf", *PORTAL),
    # The patient portal: no id but the questionnaire's, and only the patient's own.
    "me/":                              R("/me/", *PORTAL),
    "me/progress.json":                 R("/me/progress.json", *PORTAL),
    "me/questionnaires.json":           R("/me/questionnaires.json", *PORTAL),
    "me/sessions/":                     R("/me/sessions/", *PORTAL),
    "me/pain/":                         R("/me/pain/", LOGIN, redirect("/me/"), redirect("/me/"), 403, 403,
                                          method="post", data={"nrs": "4"}),
    "me/questionnaires/<int:pk>/": (
        R("/me/questionnaires/{questionnaire_pending_a}/", LOGIN, 200, 404, 403, 403),
        R("/me/questionnaires/{questionnaire_pending_b}/", LOGIN, 404, 200, 403, 403, case="patient B's"),
        R("/me/questionnaires/{questionnaire_a}/", LOGIN, 404, 404, 403, 403, case="already completed"),
    ),
    "me/questionnaires/<int:pk>/save/": (
        R("/me/questionnaires/{questionnaire_pending_a}/save/", LOGIN, redirect("/me/"), 404, 403, 403,
          method="post", data={"version": "1", "item_1": "2"}),
        R("/me/questionnaires/{questionnaire_a}/save/", LOGIN, 404, 404, 403, 403, method="post",
          data={"version": "1"}, case="already completed"),
    ),
    "me/fhir/":                         R("/me/fhir/", *PORTAL),
    "me/export.csv":                    R("/me/export.csv", *PORTAL),
    # The calendar, appointments and feeds (issue 13). A practitioner manages their own appointments
    # only (a colleague's is 404); admins everyone's. The feed URL needs no sign-in: its token is the key.
    "calendar/":                        R("/calendar/?date=2026-03-03", *STAFF),
    "calendar/book/":                   R("/calendar/book/?starts_at=2026-03-03T10:00", *STAFF),
    "calendar/patients/<int:pk>/book/": (
        R("/calendar/patients/{patient_a}/book/", *STAFF),
        R("/calendar/patients/999999/book/", LOGIN, 403, 403, 404, 404, case="no such patient"),
    ),
    "calendar/plans/<int:pk>/book/":    R("/calendar/plans/{plan_a}/book/", *STAFF),
    "calendar/appointments/<int:pk>/": (
        R("/calendar/appointments/{appointment_a}/", *STAFF),
        R("/calendar/appointments/{appointment_colleague}/", LOGIN, 403, 403, 404, 200,
          case="colleague's appointment"),
    ),
    "calendar/appointments/<int:pk>/reschedule/": (
        R("/calendar/appointments/{appointment_a}/reschedule/", *STAFF),
        R("/calendar/appointments/{appointment_colleague}/reschedule/", LOGIN, 403, 403, 404, 200,
          case="colleague's appointment"),
    ),
    "calendar/appointments/<int:pk>/cancel/": (
        R("/calendar/appointments/{appointment_a}/cancel/", *STAFF_POST("/calendar/?date=2026-03-03"),
          method="post", data={"version": "1", "reason": "Ill"}),
        R("/calendar/appointments/{appointment_colleague}/cancel/", LOGIN, 403, 403, 404,
          redirect("/calendar/?date=2026-03-03"), method="post", data={"version": "1", "reason": "Ill"},
          case="colleague's appointment"),
    ),
    "calendar/appointments/<int:pk>/arrived/": R("/calendar/appointments/{appointment_a}/arrived/",
                                                 *STAFF_POST("/calendar/"), method="post", data={"version": "1"}),
    "calendar/appointments/<int:pk>/no-show/": R("/calendar/appointments/{appointment_a}/no-show/",
                                                 *STAFF_POST("/calendar/"), method="post", data={"version": "1"}),
    "calendar/appointments/<int:pk>/completed/": (
        R("/calendar/appointments/{appointment_a}/completed/", *STAFF_POST("/calendar/"), method="post",
          data={"version": "1"}),
        R("/calendar/appointments/{appointment_colleague}/completed/", LOGIN, 403, 403, 404,
          redirect("/calendar/"), method="post", data={"version": "1"}, case="colleague's appointment"),
    ),
    "calendar/visits/<int:pk>/": (
        R("/calendar/visits/{session_a}/", *PRACTITIONER),
        R("/calendar/visits/{session_colleague}/", LOGIN, 403, 403, 403, 403, case="colleague's session"),
    ),
    "calendar/feed/<slug:token>.ics": (
        R("/calendar/feed/{feed_token_practitioner}.ics", *PUBLIC),
        R("/calendar/feed/{feed_token_patient_a}.ics", *PUBLIC, case="patient A's feed"),
        R("/calendar/feed/no-such-token.ics", 404, 404, 404, 404, 404, case="unknown or revoked token"),
    ),
    "calendar/feed/new/":               R("/calendar/feed/new/", *PRACTITIONER_POST("/calendar/"), method="post"),
    "calendar/feed/revoke/":            R("/calendar/feed/revoke/", *PRACTITIONER_POST("/calendar/"), method="post"),
    "me/calendar/new/":                 R("/me/calendar/new/", LOGIN, redirect("/me/"), redirect("/me/"), 403, 403,
                                          method="post"),
    "me/calendar/appointments/<int:pk>/cancel/": (
        R("/me/calendar/appointments/{appointment_future_a}/cancel/", LOGIN, redirect("/me/"), 404, 403, 403,
          method="post"),
    ),
    "me/calendar/revoke/":              R("/me/calendar/revoke/", LOGIN, redirect("/me/"), redirect("/me/"), 403, 403,
                                          method="post"),
}
# fmt: on


def table_rows() -> list[tuple[str, Route]]:
    """(test id, row) for every row of ROUTES."""
    rows = []
    for name, entry in sorted(ROUTES.items()):
        for route in entry if isinstance(entry, tuple) else (entry,):
            rows.append((f"/{name}" + (f" ({route.case})" if route.case else ""), route))
    return rows


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


def resolver_views(patterns=None, prefix: str = ""):
    """(route, view) for every route Django resolves."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from resolver_views(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_admin_routes_all_live_under_the_admin_site():
    """/admin/ holds the admin site's routes and nothing else (ADMIN_URLS checks them behind its gate),
    and no view of the admin site is mounted anywhere else, where ROUTES would not treat it as one."""
    admin_site = [(f"admin/{route}", view) for route, view in resolver_views(admin.site.get_urls())]
    under_admin = {route for route, _view in resolver_views() if route.startswith("admin/")}
    assert under_admin == {route for route, _view in admin_site}
    admin_views = {(view.__module__, view.__qualname__) for _route, view in admin_site}
    elsewhere = [
        route
        for route, view in resolver_views()
        if not route.startswith("admin/") and (view.__module__, view.__qualname__) in admin_views
    ]
    assert elsewhere == []


def check(response, expected, url: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"] == f"/accounts/login/?next={quote(url)}"
    elif isinstance(expected, Redirect):
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(expected.to), response["Location"]
    else:
        assert response.status_code == expected


def fetch(client, route: Route, url: str, records: dict):
    data = {key: value.format(**records) for key, value in route.data.items()}
    return getattr(client, route.method)(url, data)


def expected_for(route: Route, persona: str, records: dict) -> object:
    expected = route.expected(persona)
    return redirect(expected.to.format(**records)) if isinstance(expected, Redirect) else expected


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", [route for _, route in table_rows()], ids=[name for name, _ in table_rows()])
def test_route_as_persona(client_for, records, route, persona):
    url = route.url.format(**records)
    check(fetch(client_for(persona), route, url, records), expected_for(route, persona, records), url)


# The admin: one gate (ClinicAdminSite.has_permission) in front of every admin route. Non-admins are
# sent to the admin's sign-in page everywhere; admins get 200 except where ADMIN_REFUSALS says.

ADMIN_LOGIN = redirect("/admin/login/")
CLINICAL = [
    "patients.patient",
    "patients.painassessment",
    "patients.painregionscore",
    "patients.questionnaireresponse",
    "sessions_app.acupuncturesession",
    "sessions_app.adverseevent",
    "sessions_app.appointment",
    "sessions_app.needlecount",
    "sessions_app.followup",
    "sessions_app.treatmentplan",
]
# Pages an admin is refused on purpose: (model label, page) -> status.
ADMIN_REFUSALS = {
    **{(label, "delete"): 403 for label in [*CLINICAL, "sessions_app.acupoint"]},  # archive, never delete
    ("sessions_app.calendarfeed", "add"): 403,  # issued from /calendar/ and /me/ only
    ("sessions_app.calendarfeed", "delete"): 403,  # revoked, never deleted
    ("patients.accesslog", "add"): 403,  # append-only, written by the app alone
    ("patients.accesslog", "delete"): 403,
    ("patients.instrumenttext", "delete"): 403,  # responses name the text they were answered in
    ("axes.accessattempt", "add"): 403,  # sign-in records, written by django-axes alone
    ("axes.accesslog", "add"): 403,
    ("axes.accessfailurelog", "add"): 403,
}
# Which record's change/history/delete pages to open, per model (a key of `records`).
SAMPLE_OBJECT = {
    "patients.patient": "patient_a",
    "patients.painassessment": "assessment_a",
    "patients.painregionscore": "region_score_a",
    "patients.questionnaireresponse": "questionnaire_a",
    "patients.instrumenttext": "instrument_text_odi",
    "sessions_app.acupuncturesession": "session_a",
    "sessions_app.followup": "followup_a",
    "sessions_app.treatmentplan": "plan_a",
    "sessions_app.adverseevent": "adverse_event_a",
    "sessions_app.appointment": "appointment_a",
    "sessions_app.location": "location",
    "sessions_app.calendarfeed": "feed_practitioner",
    "sessions_app.needlecount": "needle_count_a",
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


# The object rules (patients/permissions.py `_CHANGE_RULES`): who may change one record. ROUTES checks
# them through the pages; below, the rule itself for every persona, an archived record, the links the
# pages show from it, and the one scoping of a patient's records.

AUTHOR_RULED = [
    "patients.PainAssessment",
    "patients.QuestionnaireResponse",
    "sessions_app.AcupunctureSession",
    "sessions_app.AdverseEvent",
]


@pytest.fixture
def authored(practitioner, patient_a) -> dict:
    """One record of each author-ruled model, of patient A, recorded (or logged) by the practitioner."""
    session = SessionFactory(patient=patient_a, practitioner=practitioner)
    score = PainAssessmentFactory(
        patient=patient_a, recorded_by=practitioner.user, assessed_at=timezone.now() - timedelta(hours=3)
    )
    return {
        "patients.PainAssessment": score,
        "patients.QuestionnaireResponse": QuestionnaireFactory(patient=patient_a, recorded_by=practitioner.user),
        "sessions_app.AcupunctureSession": session,
        "sessions_app.AdverseEvent": AdverseEvent.objects.create(session=session, kind="bruising", severity="mild"),
    }


@pytest.fixture
def user_of(practitioner, colleague, admin_user, patient_a):
    users = {"author": practitioner.user, "colleague": colleague.user, "admin": admin_user, "patient": patient_a.user}
    return users.__getitem__


def fresh(record):
    """The record as a page reads it: from the database, nothing cached from its making."""
    return type(record)._default_manager.get(pk=record.pk)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("label", AUTHOR_RULED)
@pytest.mark.parametrize(
    ("persona", "allowed"), [("author", True), ("colleague", False), ("admin", False), ("patient", False)]
)
def test_only_the_author_may_change_the_record(authored, user_of, label, persona, allowed):
    record, user = fresh(authored[label]), user_of(persona)
    assert can_change(user, record) is allowed
    if allowed:
        require_change(user, record)
    else:
        with pytest.raises(PermissionDenied):
            require_change(user, record)


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [PainAssessmentFactory, QuestionnaireFactory], ids=["pain score", "questionnaire"])
def test_a_reading_is_whoever_recorded_it_to_correct_not_a_role(factory, practitioner, admin_user, patient_a):
    by_admin = fresh(factory(patient=patient_a, recorded_by=admin_user))
    unrecorded = fresh(factory(patient=patient_a, recorded_by=None))  # an import: nobody's to correct
    assert can_change(admin_user, by_admin)
    assert not can_change(practitioner.user, by_admin)
    assert not can_change(practitioner.user, unrecorded)
    assert not can_change(admin_user, unrecorded)


@pytest.mark.django_db
@pytest.mark.parametrize("label", AUTHOR_RULED)
def test_an_archived_record_is_refused_by_the_archive_not_by_the_author_rule(authored, practitioner, patient_a, label):
    patient_archive(patient=patient_a)
    record = fresh(authored[label])
    assert not can_change(practitioner.user, record)
    require_change(practitioner.user, record)  # no 403 for its author: the archive's message refuses it
    with pytest.raises(RecordArchived):
        require_writable(record)


CORRECTION_PAGES = [
    "/patients/{patient_a}/assessments/{clinician_score_a}/edit/",
    "/patients/{patient_a}/questionnaires/{questionnaire_a}/edit/",
    "/sessions/adverse-events/{adverse_event_a}/edit/",
    "/sessions/{session_a}/edit/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", CORRECTION_PAGES)
def test_an_archived_patients_correction_page_gives_the_author_the_archive_message(
    records, practitioner, colleague, patient_a, url
):
    url = url.format(**records)
    patient_archive(patient=patient_a)
    response = signed_in(practitioner.user).get(url)
    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [str(ARCHIVED_MESSAGE)]
    assert signed_in(colleague.user).get(url).status_code == 403


def correct_links(client: Client, url: str) -> set[str]:
    """The targets of the page's "Correct" links."""
    body = client.get(url).content.decode()
    return set(re.findall(r'<a class="[^"]*\bcorrect-link\b[^"]*" href="([^"]+)"', body))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "score"),
    [
        ("author", "clinician_score_a"),
        ("colleague", "clinician_score_colleague_a"),
        ("admin", "clinician_score_admin_a"),
    ],
)
def test_the_record_page_offers_a_pain_score_correction_to_its_author_alone(records, user_of, persona, score):
    """The record page lists pain scores as readings (`trends.PainPoint`): each one's link by its author."""
    links = correct_links(signed_in(user_of(persona)), f"/patients/{records['patient_a']}/")
    assert links == {f"/patients/{records['patient_a']}/assessments/{records[score]}/edit/"}


@pytest.mark.django_db
def test_the_record_page_of_an_archived_patient_offers_no_correction(records, practitioner, patient_a):
    patient_archive(patient=patient_a)
    assert correct_links(signed_in(practitioner.user), f"/patients/{records['patient_a']}/") == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "shown"),
    [("author", {"questionnaire_a"}), ("colleague", set()), ("admin", set())],
)
def test_the_questionnaire_page_offers_its_correction_to_its_author_alone(records, user_of, persona, shown):
    url = f"/patients/{records['patient_a']}/questionnaires/{records['questionnaire_a']}/"
    expected = {f"/patients/{records['patient_a']}/questionnaires/{records[key]}/edit/" for key in shown}
    assert correct_links(signed_in(user_of(persona)), url) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "session", "shown"),
    [
        ("author", "session_a", {"adverse_event_a"}),
        ("colleague", "session_a", set()),
        ("admin", "session_a", set()),
        ("colleague", "session_colleague", {"adverse_event_colleague"}),
    ],
)
def test_the_session_page_offers_an_adverse_event_correction_to_the_sessions_author(
    records, user_of, persona, session, shown
):
    expected = {f"/sessions/adverse-events/{records[key]}/edit/" for key in shown}
    assert correct_links(signed_in(user_of(persona)), f"/sessions/{records[session]}/") == expected


@pytest.mark.django_db
def test_a_patients_records_are_those_of_the_patients_the_user_sees(
    records, practitioner, admin_user, patient_a, patient_b
):
    """`PatientRecordQuerySet.visible_to`: the one scoping of sessions, plans, follow-ups, appointments and
    adverse events (a patient sees their own; staff see every patient's; nobody signed out sees any)."""
    session_b = SessionFactory(
        patient=patient_b, practitioner=practitioner, started_at=timezone.now() - timedelta(days=5)
    )
    AdverseEvent.objects.create(session=session_b, kind="soreness", severity="mild")
    PlanFactory(patient=patient_b, practitioner=practitioner)
    FollowUpFactory(patient=patient_b, session=session_b)
    AppointmentFactory(patient=patient_b, practitioner=practitioner, starts_at=at("2026-03-04", "15:00"))
    for model, path in [
        (AcupunctureSession, "patient"),
        (TreatmentPlan, "patient"),
        (FollowUp, "patient"),
        (Appointment, "patient"),
        (AdverseEvent, "session__patient"),
    ]:
        every = set(model.objects.all())
        own = {patient: set(model.objects.filter(**{path: patient})) for patient in (patient_a, patient_b)}
        assert own[patient_a] and own[patient_b], model
        assert set(model.objects.visible_to(patient_a.user)) == own[patient_a], model
        assert set(model.objects.visible_to(patient_b.user)) == own[patient_b], model
        assert set(model.objects.visible_to(practitioner.user)) == every, model
        assert set(model.objects.visible_to(admin_user)) == every, model
        assert not model.objects.visible_to(AnonymousUser()).exists(), model
