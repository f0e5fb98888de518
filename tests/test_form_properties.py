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
    url: str
    persona: str
    valid: dict[str, str]
    form_id: str | None = None
    success: int = 302
    extra: dict = field(default_factory=dict)


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

# fmt: off
FORMS: dict[str, FormCase] = {
    "sign in":               FormCase("/accounts/login/", "anonymous", {"username": "dr_chen", "password": PASSWORD}),
    "password reset":        FormCase("/accounts/password_reset/", "anonymous", {"email": "patient_a@clinic.example"}),
    "password change":       FormCase("/accounts/password_change/", "practitioner", NEW_PASSWORD),
    "admin: add a patient":  FormCase("/admin/patients/patient/add/", "admin", NEW_PATIENT, "patient_form"),
    "admin: edit a patient": FormCase("/admin/patients/patient/{patient_a}/change/", "admin", {}, "patient_form"),
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
        if model._meta.label != "auth.Permission"
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
    data = form_data(page.content, case.form_id)
    data.pop("csrfmiddlewaretoken", None)
    data.update({name: [value] for name, value in case.valid.items()})
    data.update(case.extra)
    return url, data


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
