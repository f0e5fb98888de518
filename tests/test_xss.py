"""Stored and reflected cross-site scripting: `<script>` in every free-text field is inert on every page.

Every CharField/TextField of every model (both clinic apps, their change history, and auth users)
gets a hostile value, and so do an access-log entry and the admin's log. Then every page of the URL
table (tests/test_permissions.py: every route's rows, for every persona that may open them) and
every admin page (changelists, add, change, history, delete) is rendered, each with hostile values
in the query string too. An HTML page fails on a raw payload anywhere, the inline SVG charts
included, and its own content (not the navigation, which names the user everywhere) must show the
planted text, escaped, unless SHOWS_NO_RECORD says why not. JSON, FHIR and CSV responses must be
served with their own content type and `nosniff` (a browser never renders them as HTML) and carry
the text as data, verbatim. Re-rendered forms (an invalid submission, a refused stale edit) echo
hostile input escaped. New models, fields and routes are covered without editing this file.
"""

import csv
import io
import json
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from icalendar import Calendar

from patients.models import AccessLog, Patient
from sessions_app.models import Acupoint
from tests.conftest import PERSONAS
from tests.factories import FollowUpFactory, SessionFactory
from tests.html_forms import form_data
from tests.test_permissions import ADMIN_REFUSALS, admin_pages, table_rows
from tests.trend_histories import pain_history

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
SHORT_PAYLOAD = "\"'><x-q>"  # for fields too short for the long one
RAW = [b"<script>alert(1)</script>", b"<img src=x onerror=alert(2)>", b"<x-q>"]
ESCAPED = [b"&lt;script&gt;alert(1)&lt;/script&gt;", b"&lt;x-q&gt;"]
# Query-string values every page is opened with: reflected into search boxes, hidden `next` fields, pagers.
REFLECTED = {"q": PAYLOAD, "next": PAYLOAD, "page": PAYLOAD, "trend_page": PAYLOAD, "scope": PAYLOAD}
# Fields that cannot hold text by a database rule, or must stay usable for the test.
SKIP = {
    "sessions_app.Acupoint.code": "WHO code form, enforced by a check constraint",
    "auth.User.password": "a hash",
    "auth.User.username": "kept: the admin's user links must resolve",
    "sessions_app.CalendarFeed.token": "a unique random secret (feed URLs), never free text",
}
# Served as data, never as a page: (content type, whether the planted text must be in it).
DATA_TYPES = {
    "application/json": False,  # the trend: numbers, dates and sources only
    "application/pdf": False,  # reports and letters: WeasyPrint prints text, never runs it
    'text/javascript; charset="utf-8"': False,  # the JavaScript catalogue: our own strings, no record
    "application/fhir+json": True,
    "text/csv; charset=utf-8": True,
    "text/calendar; charset=utf-8": False,  # calendar feeds: times, initials and the room, built by icalendar
}
# HTML pages whose own content (the navigation aside) shows no stored text; admin add forms neither.
SHOWS_NO_RECORD = {
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/MQ/forged-token/",
    "/accounts/reset/done/",
    "/accounts/password_change/",
    "/accounts/password_change/done/",
    "/admin/password_change/",
    "/me/questionnaires/{questionnaire_pending_a}/",  # the items' titles are the instrument's own
    "/me/questionnaires/{questionnaire_pending_b}/",
    "/outcomes/",  # figures by condition and region
    "/admin/auth/user/{user_patient_a}/delete/",  # names the login (its username is kept)
    "/admin/sessions_app/adverseevent/",  # kind, severity and the session's date
}


def free_text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
        and f"{model._meta.label}.{field.name}" not in SKIP
        and (field.max_length is None or field.max_length >= len(SHORT_PAYLOAD))
    ]


def hostile_models():
    """Every model of both clinic apps, the change history included (the admin shows it), and users."""
    for label in ("patients", "sessions_app"):
        for model in apps.get_app_config(label).get_models():
            if model is not AccessLog:  # append-only: planted by a new entry below
                yield model
    yield User


def plant_payloads(user) -> list[str]:
    """Write a payload into every free-text field of every row; returns the fields planted."""
    planted, empty = [], []
    for model in hostile_models():
        fields = free_text_fields(model)
        if not fields:
            continue
        if not model._default_manager.exists():
            empty.append(model._meta.label)
            continue
        values = {
            f.name: PAYLOAD if f.max_length is None or f.max_length >= len(PAYLOAD) else SHORT_PAYLOAD for f in fields
        }
        if model is Patient:
            values.pop("mrn")  # unique per row: planted one row at a time below
            for pk in model._default_manager.values_list("pk", flat=True):
                model._default_manager.filter(pk=pk).update(mrn=f"<x-q>{pk}")
        model._default_manager.update(**values)
        planted += [f"{model._meta.label}.{f.name}" for f in fields]
    assert not empty, f"No row to plant text in: add one to the `records` fixture for {empty}"
    AccessLog.objects.create(user=user, patient=Patient.objects.first(), action="view", path=f"/{PAYLOAD}")
    for obj in (Patient.objects.first(), User.objects.get(username="patient_a")):  # the admin's own log
        LogEntry.objects.create(
            user=user,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=PAYLOAD,
            action_flag=CHANGE,
            change_message=PAYLOAD,
        )
    return planted


def with_query(url: str, params: dict) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def _pages(access_log: AccessLog) -> list[tuple[str, str, dict]]:
    """(persona, url template, query) for every page a persona may open and that renders (200)."""
    pages = []
    for _, route in table_rows():
        pages += [(p, route.url, REFLECTED) for p in PERSONAS if route.expected(p) == 200 and route.method == "get"]
    # The admin: every page the permission table opens for an admin with 200 (add forms too: their
    # choices name records), one access-log entry and one acupoint; `q` is its search box (other
    # unknown parameters make a changelist redirect).
    for label, page, url in admin_pages():
        if ADMIN_REFUSALS.get((label, page), 200) == 200 and not url.startswith("/admin/axes/"):
            pages.append(("admin", url, {"q": PAYLOAD} if page == "changelist" else {}))
    bl23 = Acupoint.objects.get(code="BL23").pk
    for url in [
        f"/admin/patients/accesslog/{access_log.pk}/change/",
        f"/admin/sessions_app/acupoint/{bl23}/change/",
        f"/admin/sessions_app/acupoint/{bl23}/history/",
    ]:
        pages.append(("admin", url, {}))
    return pages


def main_content(body: bytes) -> bytes:
    """The page's own content: without the navigation bar, which names the signed-in user on every page."""
    match = re.search(rb"<main\b.*</main>|<div id=\"content\".*", body, flags=re.DOTALL)
    return match.group(0) if match else body


def svg_charts(body: bytes) -> list[bytes]:
    return re.findall(rb"<svg\b.*?</svg>", body, flags=re.DOTALL)


def check_data_response(response, url: str) -> list[str]:
    """A JSON, FHIR or CSV body: its own content type, never sniffed as HTML, the text kept as data."""
    content_type = response["Content-Type"]
    if content_type not in DATA_TYPES:
        return [f"{url}: served as {content_type}"]
    failures = [] if response.get("X-Content-Type-Options") == "nosniff" else [f"{url}: no nosniff header"]
    if content_type == "application/pdf":
        return failures if response.content.startswith(b"%PDF-") else failures + [f"{url}: not a PDF"]
    text = response.content.decode()
    if content_type.startswith("text/javascript"):
        return failures
    if content_type == "text/csv; charset=utf-8":
        values = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert response["Content-Disposition"].startswith("attachment;"), url
    elif content_type.startswith("text/calendar"):
        values = [str(value) for event in Calendar.from_ical(text).walk("VEVENT") for value in event.values()]
    else:
        values = _json_strings(json.loads(text))
    if DATA_TYPES[content_type] and not any(PAYLOAD in value for value in values):
        failures.append(f"{url}: the planted text is not in the data (verbatim)")
    return failures


def _json_strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in _json_strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _json_strings(value)]
    return [data] if isinstance(data, str) else []


@pytest.fixture
def shown_records(records, patient_a, patient_b, practitioner):
    """Records that put text on the dashboard, the charts and patient B's pages: a follow-up due
    today and one overdue, a pain history, a session and a follow-up of patient B."""
    SessionFactory(patient=patient_b, practitioner=practitioner)
    FollowUpFactory(patient=patient_b, due_on=timezone.localdate() + timedelta(days=2))
    FollowUpFactory(patient=patient_a, due_on=timezone.localdate())
    FollowUpFactory(patient=patient_a, due_on=timezone.localdate() - timedelta(days=3))
    pain_history(patient_a, [8, 7, 6, 5], start=timezone.now() - timedelta(days=10))
    return records


@pytest.mark.django_db
def test_stored_script_is_inert_on_every_page(client_for, shown_records, admin_user):
    records = shown_records
    clients = {persona: client_for(persona) for persona in PERSONAS}
    planted = plant_payloads(admin_user)
    assert {
        "patients.Patient.chief_complaint",
        "patients.HistoricalPatient.chief_complaint",
        "sessions_app.AcupunctureSession.subjective",
        "sessions_app.FollowUp.aftercare",
        "auth.User.first_name",
    } <= set(planted)
    access_log = AccessLog.objects.get(path__startswith="/<script>")
    failures, silent, charts, data_pages = [], [], 0, 0
    for persona, template, query in _pages(access_log):
        url = template.format(**records)
        response = clients[persona].get(with_query(url, query) if query else url)
        if response.status_code != 200:
            failures.append(f"{persona} {url}: status {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            failures += [f"{persona} {failure}" for failure in check_data_response(response, url)]
            data_pages += 1
            continue
        body = response.content
        failures += [f"{persona} {url}: raw {raw!r}" for raw in RAW if raw in body]
        for svg in svg_charts(body):
            charts += 1
            # an event attribute inside a tag (escaped text in a <title> may say "onerror=" harmlessly)
            if b"<script" in svg or re.search(rb"<[^>]*\son\w+=", svg):
                failures.append(f"{persona} {url}: script in an inline chart")
        shows_records = template not in SHOWS_NO_RECORD and not template.endswith("/add/")
        if shows_records and not any(escaped in main_content(body) for escaped in ESCAPED):
            silent.append(f"{persona} {template}")
    assert not failures, "\n".join(failures)
    assert not silent, "These pages showed none of the planted text: is the test still planting it?\n" + "\n".join(
        silent
    )
    assert charts >= 4, "the patient page and /me/ draw the trend chart (practitioner, admin, patient A and B)"
    # progress.json, FHIR, CSV and questionnaires.json, for practitioner and admin, and /me/ ones for A
    # and B; the progress report PDF for those four, the referral letter for the two staff; and the two
    # calendar feeds (the practitioner's, patient A's), which need no sign-in, and the JavaScript
    # catalogue, for every persona
    assert data_pages == 4 * 4 + 4 + 2 + 3 * len(PERSONAS)


# Forms that echo what was typed: an invalid submission re-renders it, a stale edit shows both versions.


@pytest.mark.django_db
def test_a_refused_form_echoes_hostile_input_escaped(practitioner_client, patient_a):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/edit/",
        {"first_name": PAYLOAD, "last_name": PAYLOAD, "chief_complaint": PAYLOAD, "date_of_birth": PAYLOAD},
    )
    assert response.status_code == 200
    assert not any(raw in response.content for raw in RAW)
    assert response.content.count(ESCAPED[0]) >= 3


@pytest.mark.django_db
def test_a_refused_stale_edit_shows_both_versions_escaped(practitioner_client, patient_a):
    page = practitioner_client.get(f"/patients/{patient_a.pk}/edit/")
    data = form_data(page.content, "patient-form")
    Patient.objects.filter(pk=patient_a.pk).update(chief_complaint=PAYLOAD, version=patient_a.version + 1)
    data.update({"chief_complaint": [f"{PAYLOAD} (mine)"]})
    response = practitioner_client.post(f"/patients/{patient_a.pk}/edit/", data)
    assert response.status_code == 200
    assert not any(raw in response.content for raw in RAW)
    assert b"What the other person changed" in response.content
    assert response.content.count(b"onerror=alert(2)&gt; (mine)") == 2  # mine: in the report and in the form
    assert response.content.count(b"onerror=alert(2)&gt;</td>") == 1  # theirs: in the report
