"""Bad input never breaks anything: random and hostile values posted to every form.

For each form in FORMS, hypothesis starts from a valid submission (the rendered form, filled in
with `valid`) and replaces, repeats or drops fields with hostile values. Each submission must:
- never raise a server error (the test client re-raises any exception);
- either succeed (status `success`) with every new clinical row passing `full_clean()`,
- or change nothing at all in the clinic's tables (no partial save).
Each example runs in its own transaction, rolled back afterwards.

TO ADD A FORM: one line in FORMS: the URL (ids in braces, from the `records` fixture), the persona
who posts it, the fields that make it valid, and (when the page has several forms) the form's id.
Set HYPOTHESIS_PROFILE=explore for a long random run.
"""

import os
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.html_forms import form_data

settings.register_profile(
    "default",
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "explore", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

PASSWORD = "correct-horse-battery"  # the factories' password


@dataclass(frozen=True)
class FormCase:
    url: str  # the page that shows the form
    persona: str
    valid: dict[str, str]
    form_id: str | None = None
    success: int = 302
    extra: dict = field(default_factory=dict)
    post_to: str | None = None  # when the form posts elsewhere (its action)


NEW_PATIENT = {
    "first_name": "Ana",
    "last_name": "Alvarez",
    "date_of_birth": "1970-05-17",
    "sex": "female",
    "spine_region": "lumbar",
    "pain_type": "chronic",
    "condition": "sciatica",
}
NEW_PASSWORD = {"old_password": PASSWORD, "new_password1": "a-new-long-pass", "new_password2": "a-new-long-pass"}
LAST_WEEK = (date.today() - timedelta(days=7)).isoformat()
NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()
SESSION = {
    "started_at": f"{LAST_WEEK}T10:00",
    "duration_minutes": "30",
    "pre_nrs": "7",
    "post_nrs": "4",
    # Typed as a practitioner types: a code with the side chosen, a pinyin name with the side after
    # it, a midline point (no side needed), Jiaji with its level and side.
    "points-0-code": "bl23",
    "points-0-side": "bilateral",
    "points-1-code": "Dachangshu b",
    "points-2-code": "gv4",
    "points-3-code": "ex-b2 L4 b",
    "subjective": "Low back pain, worse sitting.",
    "events-0-kind": "bruising",
    "events-0-severity": "mild",
}
ODI = {f"item_{n}": "2" for n in range(1, 11)}
RMDQ = {f"item_{n}": str(n % 2) for n in range(1, 25)}
POINTS = {"name": "Lumbar standard", "points-0-code": "bl23 b", "points-1-code": "GV4", "points-2-code": "Weizhong b"}

# fmt: off
FORMS: dict[str, FormCase] = {
    "sign in":               FormCase("/accounts/login/", "anonymous", {"username": "dr_chen", "password": PASSWORD},
                                      "login-form"),
    "password reset":        FormCase("/accounts/password_reset/", "anonymous", {"email": "patient_a@clinic.example"},
                                      "password-reset-form"),
    "password change":       FormCase("/accounts/password_change/", "practitioner", NEW_PASSWORD,
                                      "password-change-form"),
    "admin: add a patient":  FormCase("/admin/patients/patient/add/", "admin", NEW_PATIENT, "patient_form"),
    "admin: edit a patient": FormCase("/admin/patients/patient/{patient_a}/change/", "admin", {}, "patient_form"),
    # The practitioner workflow.
    "patient: register":     FormCase("/patients/new/", "practitioner", {**NEW_PATIENT, "baseline_nrs": "6"},
                                      "patient-form"),
    "patient: edit":         FormCase("/patients/{patient_a}/edit/", "practitioner", {"phone": "555 0100"},
                                      "patient-form"),
    "session: log a visit":  FormCase("/patients/{patient_a}/sessions/new/", "practitioner", SESSION, "session-form"),
    "session: correct":      FormCase("/sessions/{session_a}/edit/", "practitioner", {"post_nrs": "3"}, "session-form"),
    "pain score":            FormCase("/patients/{patient_a}/assessments/new/", "practitioner",
                                      {"assessed_at": f"{LAST_WEEK}T09:00", "nrs": "5"}, "assessment-form"),
    "questionnaire: ODI":    FormCase("/patients/{patient_a}/questionnaires/new/odi/", "practitioner", ODI,
                                      "questionnaire-form"),
    "questionnaire: NDI":    FormCase("/patients/{patient_a}/questionnaires/new/ndi/", "practitioner", ODI,
                                      "questionnaire-form"),
    "questionnaire: RMDQ":   FormCase("/patients/{patient_a}/questionnaires/new/rmdq/", "practitioner", RMDQ,
                                      "questionnaire-form"),
    "plan: new":             FormCase("/patients/{patient_b}/plans/new/", "practitioner",
                                      {"goal": "NRS 3 or less", "planned_sessions": "10", "sessions_per_week": "2"},
                                      "plan-form"),
    "plan: edit":            FormCase("/sessions/plans/{plan_a}/edit/", "practitioner", {"planned_sessions": "12"},
                                      "plan-form"),
    "follow-up: schedule":   FormCase("/patients/{patient_a}/followups/new/", "practitioner",
                                      {"due_on": NEXT_WEEK, "aftercare": "Warmth, gentle walks."}, "followup-form"),
    "follow-up: completed":  FormCase("/patients/{patient_a}/", "practitioner", {}, "followup-{followup_a}-complete",
                                      post_to="/sessions/followups/{followup_a}/complete/"),
    "prescription: new":     FormCase("/sessions/prescriptions/new/", "practitioner", POINTS, "session-form"),
    "prescription: edit":    FormCase("/sessions/prescriptions/{prescription_own}/edit/", "practitioner",
                                      {"points-0-code": "bl25 l"}, "session-form"),
    # Portal access, from the patient's page.
    "invite to the portal":  FormCase("/patients/{patient_without_login}/", "practitioner",
                                      {"email": "cleo@example.org"}, "invite-form",
                                      post_to="/patients/{patient_without_login}/invite/"),
    "assign a questionnaire": FormCase("/patients/{patient_a}/", "practitioner", {"instrument": "rmdq"},
                                       "assign-form", post_to="/patients/{patient_a}/questionnaires/assign/"),
    # The patient portal.
    "portal: today's pain":  FormCase("/me/", "patient_a", {"nrs": "4", "notes": "Better after walking."},
                                      "pain-report-form", post_to="/me/pain/"),
    "portal: questionnaire": FormCase("/me/questionnaires/{questionnaire_pending_a}/", "patient_a", ODI,
                                      "questionnaire-form"),
}
# fmt: on

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\r\n", "\u202e", "𝕏𝕐", "ﷺ" * 20, "x" * 5000,
    "<script>alert(1)</script>", "' OR 1=1 --", '"; DROP TABLE patients_patient; --', "{{ 7*7 }}", "{% debug %}",
    "../../etc/passwd", "%00", "${jndi:ldap://x}", "-1", "0", "1e309", "NaN", "-Infinity", "99999999999999999999999",
    "1.5", "2026-02-30", "0000-00-00", "9999-12-31", "1900-01-01", "31/12/2025", "2026-13-01", "25:61:00",
    "true", "on", "null", "[]", "{}", "@", "a@b", "user@example.com",
]  # fmt: skip
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200)
VALUE = st.one_of(
    st.sampled_from(HOSTILE),
    TEXT,
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.datetimes().map(str),
)
# A field's new values: usually one, sometimes none (dropped) or several (repeated).
VALUES = st.one_of(VALUE.map(lambda v: [v]), st.lists(VALUE, max_size=3))
WATCHED_APPS = ("patients", "sessions_app", "auth")


def snapshot() -> dict[str, dict]:
    """Every row of the clinic's tables (users, groups and both clinic apps), by primary key."""
    return {
        model._meta.label: {row[0]: row for row in model._default_manager.values_list("pk", *_columns(model))}
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models()
        # The access log is no part of the record: it notes every page shown, a refused form's too.
        if model._meta.label not in {"auth.Permission", "patients.AccessLog"}
    }


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def assert_no_partial_save(before: dict, after: dict, succeeded: bool) -> None:
    changed = {label: [pk for pk, row in after[label].items() if before[label].get(pk) != row] for label in before}
    changed = {label: pks for label, pks in changed.items() if pks}
    if not succeeded:
        removed = [label for label in before if before[label].keys() - after[label].keys()]
        assert not changed and not removed, f"a refused submission wrote to {sorted(changed) + removed}"
        return
    for label, pks in changed.items():
        model = apps.get_model(label)
        if not model._meta.model_name.startswith("historical"):
            for obj in model._default_manager.filter(pk__in=pks):
                obj.full_clean()  # what a successful submission saved is a whole, valid row


def base_data(client, case: FormCase, records) -> tuple[str, dict]:
    url = case.url.format(**records)
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    form_id = case.form_id.format(**records) if case.form_id else None
    data = form_data(page.content, form_id)
    assert data, f"no form {form_id!r} on {url}"
    data.pop("csrfmiddlewaretoken", None)
    data.update({name: [value] for name, value in case.valid.items()})
    data.update(case.extra)
    return (case.post_to or case.url).format(**records), data


@pytest.fixture
def prepared(request, client_for, records) -> tuple[FormCase, str, dict]:
    """The form case, its URL and its valid submission, read once per test from the rendered page."""
    case = FORMS[request.node.callspec.params["name"]]
    return (case, *base_data(client_for(case.persona), case, records))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FORMS))
@given(data=st.data())
def test_hostile_submissions_never_break_or_half_save(client_for, prepared, name, data):
    case, url, valid = prepared
    overrides = data.draw(st.dictionaries(st.sampled_from(sorted(valid)), VALUES, max_size=len(valid)))
    posted = {**valid, **overrides}
    with transaction.atomic():
        client = client_for(case.persona)
        before = snapshot()
        response = client.post(url, posted)
        assert response.status_code < 500
        assert response.status_code in {200, case.success, 413, 400}, response.status_code
        assert_no_partial_save(before, snapshot(), succeeded=response.status_code == case.success)
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_valid_submission_succeeds(client_for, prepared, name):
    """The harness's starting point is really valid: hostile values are what make it fail."""
    case, url, valid = prepared
    response = client_for(case.persona).post(url, valid)
    assert response.status_code == case.success, response.content[:2000]
