"""Stored cross-site scripting: `<script>` in every free-text field is inert on every page.

Every CharField/TextField of every model (clinic apps and auth users) gets a hostile value, then
every page of the URL table (tests/test_permissions.py ROUTES, admin pages included) is rendered
for every persona that may open it. A raw payload in an HTML response fails the test.
New models, fields and routes are covered without editing this file.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models

from patients.models import AccessLog, Patient
from tests.conftest import PERSONAS
from tests.test_permissions import admin_pages, table_rows

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
SHORT_PAYLOAD = "\"'><x-q>"  # for fields too short for the long one
RAW = [b"<script>alert(1)</script>", b"<img src=x onerror=alert(2)>", b"<x-q>"]
ESCAPED = [b"&lt;script&gt;alert(1)&lt;/script&gt;", b"&lt;x-q&gt;"]
# Fields that cannot hold text by a database rule, or must stay usable for the test.
SKIP = {
    "sessions_app.Acupoint.code": "WHO code form, enforced by a check constraint",
    "auth.User.password": "a hash",
    "auth.User.username": "kept: the admin's user links must resolve",
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
    for label in ("patients", "sessions_app"):
        for model in apps.get_app_config(label).get_models():
            if not model._meta.label.split(".")[1].startswith("Historical") and model is not AccessLog:
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
        if model._meta.label == "patients.Patient":
            values.pop("mrn")  # unique per row: planted one row at a time below
            for pk in model._default_manager.values_list("pk", flat=True):
                model._default_manager.filter(pk=pk).update(mrn=f"<x-q>{pk}")
        model._default_manager.update(**values)
        planted += [f"{model._meta.label}.{f.name}" for f in fields]
    assert not empty, f"No row to plant text in: add one to the `records` fixture for {empty}"
    AccessLog.objects.create(user=user, patient=Patient.objects.first(), action="view", path=f"/{PAYLOAD}")
    return planted


def _pages() -> list[tuple[str, str, str]]:
    """(persona, method, url template) for every page a persona may open and that renders (200)."""
    pages = []
    for _, route in table_rows():
        pages += [(p, route.method, route.url) for p in PERSONAS if route.expected(p) == 200 and route.method == "get"]
    pages += [("admin", "get", url) for _, page, url in admin_pages() if page != "add"]
    return pages


@pytest.mark.django_db
def test_stored_script_is_escaped_on_every_page(client_for, records, admin_user):
    clients = {persona: client_for(persona) for persona in PERSONAS}
    planted = plant_payloads(admin_user)
    assert {"patients.Patient.chief_complaint", "sessions_app.AcupunctureSession.notes", "auth.User.first_name"} <= set(
        planted
    )
    shown, failures = 0, []
    for persona, method, template in _pages():
        url = template.format(**records)
        response = getattr(clients[persona], method)(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        body = response.content
        failures += [f"{persona} {url}: raw {raw!r}" for raw in RAW if raw in body]
        shown += any(escaped in body for escaped in ESCAPED)
    assert not failures, "\n".join(failures)
    assert shown >= 20, f"the payload was rendered (escaped) on only {shown} pages: is the test still planting it?"
