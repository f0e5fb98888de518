"""Archived means read-only: every write route, staff and portal, refuses an archived patient's record.

One table, WRITES, holds every route that writes a patient's record, with a valid submission. Each
row runs twice: on the open record (the submission must write, which proves the data is valid) and
on the archived record (a redirect with an error message or a 4xx page, never a 500, and the
database, change history included, exactly as it was). `test_every_route_that_takes_a_post_is_in_a_table`
walks Django's URL resolver: a route that is in no table and answers a POST with anything but a
refusal fails it, so a new write route cannot be forgotten.

TO ADD A WRITE ROUTE: one row in WRITES, keyed by the route as the resolver spells it, with a URL
(ids in braces come from the `records` fixture, tests/conftest.py), the personas that may write
there, the data of a valid submission and, for an edit, the id of the form its page shows (the
form is read from the page before archiving, then the data overrides it). `archive` names the
record of `records` whose patient is archived (patient A unless said).
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.test import Client
from django.utils import timezone

from patients.models import PainAssessment, Patient
from sessions_app.models import AcupunctureSession, FollowUp
from tests.html_forms import form_data
from tests.session_forms import local_input, session_data
from tests.test_permissions import ROUTES, resolver_routes

STAFF = ("practitioner", "admin")
PRACTITIONER = ("practitioner",)  # practitioner_required: admins do not treat
PORTAL = ("patient_a",)


@dataclass(frozen=True)
class Write:
    url: str
    personas: tuple[str, ...]
    data: dict = field(default_factory=dict)
    form: str | None = None  # id of the form on the page at `url`, read before archiving
    archive: str = "patient_a"  # key of `records`: the patient whose record is archived
    page: str | None = None  # where the form is shown, when it posts elsewhere (a second submit button)


def _visit() -> dict:
    """A visit two days ago: clear of the fixture's own visits (two visits never overlap)."""
    return session_data(started_at=local_input(timezone.now() - timedelta(days=2)))


def _odi(value: str = "2") -> dict:
    return {f"item_{number}": value for number in range(1, 11)}


def _plan() -> dict:
    return {
        "goal": "Pain at 3/10 or less",
        "planned_sessions": "10",
        "sessions_per_week": "2",
        "start_on": timezone.localdate().isoformat(),
        "style": "tcm",
        "rationale": "Kidney deficiency",
    }


# fmt: off
WRITES: dict[str, Write] = {
    "patients/<int:pk>/edit/":          Write("/patients/{patient_a}/edit/", STAFF, {"phone": "555-0999"},
                                              form="patient-form"),
    "patients/<int:pk>/archive/":       Write("/patients/{patient_a}/archive/", STAFF),
    "patients/<int:pk>/assessments/new/": Write("/patients/{patient_a}/assessments/new/", STAFF, {"nrs": "5"},
                                                form="assessment-form"),
    "patients/<int:pk>/questionnaires/new/<str:instrument>/": Write(
        "/patients/{patient_a}/questionnaires/new/odi/", STAFF, {**_odi(), "answered_on": "paper"}),
    "patients/<int:pk>/sessions/new/":  Write("/patients/{patient_a}/sessions/new/", PRACTITIONER, _visit()),
    "patients/<int:pk>/plans/new/":     Write("/patients/{patient_b}/plans/new/", PRACTITIONER, _plan(),
                                              archive="patient_b"),  # patient A has a plan
    "patients/<int:pk>/followups/new/": Write("/patients/{patient_a}/followups/new/", STAFF,
                                              {"due_on": (timezone.localdate() + timedelta(days=9)).isoformat(),
                                               "aftercare": "Rest", "exercises": ""}),
    "patients/<int:pk>/questionnaires/assign/": Write("/patients/{patient_a}/questionnaires/assign/", STAFF,
                                                      {"instrument": "rmdq", "next": "/patients/{patient_a}/"}),
    "patients/<int:pk>/invite/":        Write("/patients/{patient_without_login}/invite/", STAFF,
                                              {"email": "cleo@example.org"}, archive="patient_without_login"),
    "sessions/<int:pk>/edit/":          Write("/sessions/{session_a}/edit/", PRACTITIONER, {"duration_minutes": "35"},
                                              form="session-form"),
    "sessions/<int:pk>/archive/":       Write("/sessions/{session_a}/archive/", PRACTITIONER),
    "sessions/plans/<int:pk>/edit/":    Write("/sessions/plans/{plan_a}/edit/", PRACTITIONER, {"goal": "Walk 5 km"},
                                              form="plan-form"),
    "sessions/followups/<int:pk>/book/": Write("/sessions/followups/{followup_a}/book/", STAFF,
                                               form="followup-book-form"),
    "patients/<int:pk>/questionnaires/<int:response_pk>/edit/": Write(
        "/patients/{patient_a}/questionnaires/{questionnaire_a}/edit/", PRACTITIONER, _odi("3"),
        form="questionnaire-form"),
    "patients/<int:pk>/assessments/<int:assessment_pk>/edit/": Write(
        "/patients/{patient_a}/assessments/{clinician_score_a}/edit/", PRACTITIONER, {"nrs": "3"},
        form="assessment-form"),
    "sessions/adverse-events/<int:pk>/edit/": Write("/sessions/adverse-events/{adverse_event_a}/edit/", PRACTITIONER,
                                                    {"severity": "moderate"}, form="adverse-event-form"),
    "undo/<uuid:token>/":               Write("/undo/{undo_token_a}/", PRACTITIONER, {"next": "/"}),
    "sessions/followups/<int:pk>/complete/": Write("/sessions/followups/{followup_a}/complete/", STAFF,
                                                   {"version": "1"}),
    "sessions/followups/<int:pk>/missed/":   Write("/sessions/followups/{followup_a}/missed/", STAFF, {"version": "1"}),
    "sessions/followups/<int:pk>/cancel/":   Write("/sessions/followups/{followup_a}/cancel/", STAFF, {"version": "1"}),
    "me/pain/":                         Write("/me/pain/", PORTAL, {"nrs": "4", "notes": ""}),
    "me/questionnaires/<int:pk>/":      Write("/me/questionnaires/{questionnaire_pending_a}/", PORTAL, _odi(),
                                              form="questionnaire-form"),
    "me/questionnaires/<int:pk>/save/": Write("/me/questionnaires/{questionnaire_pending_a}/save/", PORTAL, _odi(),
                                              form="questionnaire-form",
                                              page="/me/questionnaires/{questionnaire_pending_a}/"),
    "calendar/patients/<int:pk>/book/": Write("/calendar/patients/{patient_a}/book/", STAFF,
                                              {"practitioner": "{practitioner}", "starts_at": "2026-12-10T10:00",
                                               "duration_minutes": "30"}),
    "calendar/plans/<int:pk>/book/":    Write("/calendar/plans/{plan_a}/book/", STAFF,
                                              {"practitioner": "{practitioner}", "starts_at": "2026-12-14T10:00",
                                               "duration_minutes": "30", "weeks": "3"}),
    "calendar/appointments/<int:pk>/arrived/": Write("/calendar/appointments/{appointment_a}/arrived/", STAFF,
                                                     {"version": "1"}),
    "calendar/appointments/<int:pk>/completed/": Write("/calendar/appointments/{appointment_a}/completed/", STAFF,
                                                       {"version": "1"}),
    "calendar/appointments/<int:pk>/no-show/": Write("/calendar/appointments/{appointment_a}/no-show/", STAFF,
                                                     {"version": "1"}),
    "calendar/appointments/<int:pk>/cancel/": Write("/calendar/appointments/{appointment_a}/cancel/", STAFF,
                                                    {"version": "1", "reason": "Ill"}),
    "calendar/appointments/<int:pk>/reschedule/": Write("/calendar/appointments/{appointment_a}/reschedule/", STAFF,
                                                        {"version": "1", "starts_at": "2026-12-11T14:00",
                                                         "duration_minutes": "45"}),
    "calendar/visits/<int:pk>/":       Write("/calendar/visits/{visit_open_a}/", PRACTITIONER,
                                              {"removed": "0", "note": "", "severity": "mild"}),
    "me/calendar/appointments/<int:pk>/cancel/": Write("/me/calendar/appointments/{appointment_future_a}/cancel/",
                                                       PORTAL),
    "patients/<int:pk>/letters/new/":  Write("/patients/{patient_a}/letters/new/", STAFF,
                                              {"recipient": "physiotherapist", "recipient_name": "M. Jansen",
                                               "message": "Please continue the exercises."}),
}
# fmt: on

# The one write allowed on an archived record (tested below).
RESTORE = "patients/<int:pk>/restore/"

# Routes that take a POST but write no patient's record: sign-in and account pages, the idle
# keep-alive, the language menu, registering a new patient, a practitioner's own point prescriptions (templates).
NOT_A_RECORD = {
    "accounts/keep-alive/",
    "accounts/login/",
    "accounts/logout/",
    "accounts/password_change/",
    "accounts/password_reset/",
    "accounts/reset/<uidb64>/<token>/",
    "i18n/setlang/",
    "patients/new/",
    "sessions/prescriptions/new/",
    "sessions/prescriptions/<int:pk>/edit/",
    "sessions/prescriptions/<int:pk>/delete/",
    # Calendar feeds are credentials of a person (a secret link), not part of a clinical record.
    "calendar/feed/new/",
    "calendar/feed/revoke/",
    "me/calendar/new/",
    "me/calendar/revoke/",
}


def database_state() -> dict[str, list[dict]]:
    """Every row of the clinic's models, their change history and the accounts, as values."""
    labels = {"patients", "sessions_app", "auth"}
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def _archive(records: dict, key: str) -> None:
    Patient.objects.filter(pk=records[key]).update(archived_at=timezone.now())


@pytest.fixture
def client_of(admin_user, practitioner, patient_a):
    """A client signed in as the persona that answers a server error as a 500 page (not an exception)."""
    users = {"patient_a": patient_a.user, "practitioner": practitioner.user, "admin": admin_user}

    def make(persona: str) -> Client:
        client = Client(raise_request_exception=False)
        client.force_login(users[persona])
        return client

    return make


def _submission(client: Client, write: Write, records: dict) -> tuple[str, dict]:
    url = write.url.format(**records)
    page = (write.page or write.url).format(**records)
    data = form_data(client.get(page).content, write.form) if write.form else {}
    data |= {name: value.format(**records) for name, value in write.data.items()}
    return url, data


def _error_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request) if message.level == ERROR]


def write_rows() -> list:
    return [
        pytest.param(route, persona, id=f"/{route} as {persona}")
        for route, write in sorted(WRITES.items())
        for persona in write.personas
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "persona"), write_rows())
def test_the_write_goes_through_on_an_open_record(client_of, records, route, persona):
    """The control: the table's submission is valid, so the refusal below is the archive's doing."""
    write, client = WRITES[route], client_of(persona)
    url, data = _submission(client, write, records)
    before = database_state()
    response = client.post(url, data)
    form = response.context.get("form") if response.context else None
    assert response.status_code == 302, (response.status_code, form.errors if form else None)
    assert not _error_messages(response)
    assert database_state() != before


def _assert_refused(client: Client, write: Write, records: dict) -> None:
    url, data = _submission(client, write, records)
    _archive(records, write.archive)
    before = database_state()
    response = client.post(url, data)
    assert response.status_code != 500
    if response.status_code == 302:
        assert _error_messages(response), "a redirect without a message"
    else:
        assert 400 <= response.status_code < 500, response.status_code
    assert database_state() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "persona"), write_rows())
def test_an_archived_record_refuses_the_write_with_a_message(client_of, records, route, persona):
    _assert_refused(client_of(persona), WRITES[route], records)


# The views that call the guard before they show or read a form.
GUARDED_VIEWS = [
    "patients.views",
    "patients.questionnaire_views",
    "patients.progress_views",
    "portal.views",
    "sessions_app.views.followups",
    "sessions_app.views.plans",
    "sessions_app.views.sessions",
    "sessions_app.views.appointments",
    "sessions_app.views.visits",
    "portal.questionnaire_views",
    "patients.correction_views",
    "sessions_app.views.corrections",
    "interop.report_views",
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "persona"), write_rows())
def test_the_services_refuse_when_the_record_is_archived_after_the_views_check(
    monkeypatch, client_of, records, route, persona
):
    """Archived while the form was being filled in: the view's check passed, the service still refuses,
    with the same message and redirect."""
    for module in GUARDED_VIEWS:
        monkeypatch.setattr(f"{module}.require_writable", lambda record: None)
    _assert_refused(client_of(persona), WRITES[route], records)


def test_every_route_that_takes_a_post_is_in_a_table():
    routes = {route for route in resolver_routes() if not route.startswith("admin/")}
    tabled = WRITES.keys() | {RESTORE} | NOT_A_RECORD
    assert not tabled - routes, f"These entries match no route any more: {sorted(tabled - routes)}"
    assert routes - tabled, "the read-only routes are checked below"


def read_only_rows() -> list:
    routes = {route for route in resolver_routes() if not route.startswith("admin/")}
    rows = []
    for route in sorted(routes - WRITES.keys() - {RESTORE} - NOT_A_RECORD):
        entry = ROUTES[route]
        first = entry[0] if isinstance(entry, tuple) else entry
        rows.append(pytest.param(route, first.url, id=f"/{route}"))
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "url"), read_only_rows())
def test_a_route_outside_the_tables_takes_no_post(client_of, records, route, url):
    """A route missing from WRITES (a new write route) answers a POST: this fails until it is added."""
    for persona in ("practitioner", "admin", "patient_a"):
        response = client_of(persona).post(url.format(**records), {})
        assert response.status_code in (403, 404, 405), (
            f"/{route} takes a POST from {persona} ({response.status_code}): add it to WRITES "
            "in tests/test_archived_read_only.py (or to NOT_A_RECORD if it writes no patient's record)"
        )


# The one allowed write: restoring.


@pytest.mark.django_db
@pytest.mark.parametrize("persona", STAFF)
def test_an_archived_record_can_be_restored_and_the_history_says_who(
    client_of, records, admin_user, practitioner, persona
):
    _archive(records, "patient_a")
    response = client_of(persona).post(f"/patients/{records['patient_a']}/restore/")
    assert response.status_code == 302
    patient = Patient.objects.get(pk=records["patient_a"])
    assert not patient.is_archived
    assert patient.history.first().history_user == (admin_user if persona == "admin" else practitioner.user)


# Pages hide what cannot be done on an archived record and say that it is archived.


@pytest.mark.django_db
def test_the_patient_page_of_an_archived_record_offers_no_write(client_of, records):
    client = client_of("practitioner")
    pk = records["patient_a"]
    _archive(records, "patient_a")
    html = client.get(f"/patients/{pk}/").content.decode()
    assert "This record is archived" in html
    for action in (
        f"/sessions/followups/{records['followup_a']}/complete/",
        f"/patients/{pk}/questionnaires/assign/",
        f"/patients/{pk}/sessions/new/",
        f"/patients/{pk}/assessments/new/",
        f"/patients/{pk}/followups/new/",
        f"/patients/{pk}/edit/",
        f"/sessions/plans/{records['plan_a']}/edit/",
        f"/patients/{pk}/archive/",
    ):
        assert f'"{action}' not in html, action
    assert f'action="/patients/{pk}/restore/"' in html


@pytest.mark.django_db
def test_the_session_page_of_an_archived_record_offers_no_write(client_of, records):
    _archive(records, "patient_a")
    html = client_of("practitioner").get(f"/sessions/{records['session_a']}/").content.decode()
    assert "This record is archived" in html
    assert f"/sessions/{records['session_a']}/edit/" not in html
    assert f"/sessions/{records['session_a']}/archive/" not in html


@pytest.mark.django_db
def test_the_portal_of_an_archived_patient_offers_no_write(client_of, records):
    _archive(records, "patient_a")
    html = client_of("patient_a").get("/me/").content.decode()
    assert "Your record is archived" in html
    assert 'action="/me/pain/"' not in html
    assert f"/me/questionnaires/{records['questionnaire_pending_a']}/" not in html


@pytest.mark.django_db
def test_an_archived_patient_opening_an_assigned_questionnaire_is_sent_home_with_a_message(client_of, records):
    _archive(records, "patient_a")
    response = client_of("patient_a").get(f"/me/questionnaires/{records['questionnaire_pending_a']}/")
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert _error_messages(response)


# The Django admin: archive and restore through the model (history kept), change forms read-only.


def _action(client: Client, model: str, action: str, pks: list[int]):
    return client.post(f"/admin/{model}/", {"action": action, "_selected_action": pks})


@pytest.mark.django_db
def test_the_admin_archive_and_restore_actions_keep_the_history_with_the_admin(admin_client, admin_user, patient_a):
    _action(admin_client, "patients/patient", "archive_selected", [patient_a.pk])
    archived = patient_a.history.first()
    assert archived.archived_at is not None and archived.history_user == admin_user
    _action(admin_client, "patients/patient", "restore_selected", [patient_a.pk])
    restored = patient_a.history.first()
    assert restored.archived_at is None and restored.history_user == admin_user
    assert patient_a.history.count() == 3  # created, archived, restored
    patient_a.refresh_from_db()
    assert patient_a.version == 3  # a form opened before either is refused


@pytest.mark.django_db
def test_the_admin_session_actions_keep_the_history(admin_client, admin_user, records):
    session = AcupunctureSession.objects.get(pk=records["session_a"])
    _action(admin_client, "sessions_app/acupuncturesession", "archive_selected", [session.pk])
    assert session.history.first().archived_at is not None
    assert session.history.first().history_user == admin_user
    _action(admin_client, "sessions_app/acupuncturesession", "restore_selected", [session.pk])
    assert session.history.first().archived_at is None
    assert AcupunctureSession.objects.get(pk=session.pk).version == 3


@pytest.mark.django_db
def test_a_session_of_an_archived_patient_is_not_restored_from_the_admin(admin_client, records):
    AcupunctureSession.objects.filter(pk=records["session_a"]).update(archived_at=timezone.now())
    _archive(records, "patient_a")
    before = database_state()
    response = _action(admin_client, "sessions_app/acupuncturesession", "restore_selected", [records["session_a"]])
    assert response.status_code == 302
    assert any("archived" in message for message in _error_messages(response))
    assert database_state() == before


CHANGE_FORMS = [
    ("patients/patient", "patient_a"),
    ("patients/painassessment", "assessment_a"),
    ("patients/painregionscore", "region_score_a"),
    ("patients/questionnaireresponse", "questionnaire_a"),
    ("sessions_app/acupuncturesession", "session_a"),
    ("sessions_app/adverseevent", "adverse_event_a"),
    ("sessions_app/followup", "followup_a"),
    ("sessions_app/treatmentplan", "plan_a"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "record"), CHANGE_FORMS)
def test_the_admin_change_forms_of_an_archived_record_are_refused(admin_client, records, model, record):
    url = f"/admin/{model}/{records[record]}/change/"
    form_id = model.split("/")[1] + "_form"
    data = form_data(admin_client.get(url).content, form_id)
    _archive(records, "patient_a")
    before = database_state()
    assert admin_client.post(url, data).status_code == 403
    assert database_state() == before


@pytest.mark.django_db
def test_the_admin_refuses_to_add_a_record_to_an_archived_patient(admin_client, records):
    _archive(records, "patient_a")
    now = timezone.localtime()
    data = {
        "patient": str(records["patient_a"]),
        "assessed_at_0": now.strftime("%Y-%m-%d"),
        "assessed_at_1": now.strftime("%H:%M:%S"),
        "nrs": "5",
        "source": "clinician",
        "notes": "",
        "reported_on": "",
    }
    count = PainAssessment.objects.count()
    response = admin_client.post("/admin/patients/painassessment/add/", data)
    assert response.status_code == 200
    assert "archived" in response.content.decode()
    assert PainAssessment.objects.count() == count


@pytest.mark.django_db
def test_the_admin_refuses_a_follow_up_of_an_archived_patient(admin_client, records):
    _archive(records, "patient_a")
    data = {
        "patient": str(records["patient_a"]),
        "due_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "status": "scheduled",
        "aftercare": "Rest",
        "exercises": "",
    }
    count = FollowUp.objects.count()
    response = admin_client.post("/admin/sessions_app/followup/add/", data)
    assert response.status_code == 200
    assert "archived" in response.content.decode()
    assert FollowUp.objects.count() == count
