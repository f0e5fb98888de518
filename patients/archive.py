"""Archived means read-only: the one rule, its one error and its one guard.

An archived patient, an archived session, and every record that belongs to either is read-only.
Every write path (the services, `save_versioned`, the admin's forms and actions) calls
`require_writable` first; the views turn the `RecordArchived` it raises into a message and a
redirect (`patients.formtools.refuses_archived`). The one write allowed on an archived record is
restoring it (`patients.services.patient_restore`, `sessions_app.services.session_restore`).

`RecordArchived` is a ValidationError, so a form that meets it (an admin form, a service error
put next to a form's fields) shows it as a message instead of failing with a server error.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ARCHIVED_MESSAGE = _("This record is archived and read-only. Restore it to change it.")
ARCHIVED_PORTAL_MESSAGE = _("Your record is archived and can no longer be changed here. Please contact the clinic.")


class RecordArchived(ValidationError):
    """A write to an archived record, refused before anything is written."""

    def __init__(self, record: models.Model, message=None):
        self.record = record
        super().__init__(message or ARCHIVED_MESSAGE, code="archived")


def is_archived_record(instance: models.Model) -> bool:
    """True for an archived row and for any record of an archived patient or session."""
    return _archived_itself(instance) or archived_parent(instance)


def _archived_itself(instance: models.Model) -> bool:
    return getattr(instance, "archived_at", None) is not None


def archived_parent(instance: models.Model) -> bool:
    """True when the record belongs to an archived patient or session, directly or through its
    assessment (a pain-map score): restoring it alone is refused."""
    names = {field.name for field in instance._meta.get_fields() if field.many_to_one}
    return any(
        parent in names
        and getattr(instance, f"{parent}_id", None) is not None
        and is_archived_record(getattr(instance, parent))
        for parent in ("session", "patient", "assessment")
    )


def not_archived(path: str = "") -> Q:
    """The one "not archived" condition: of the row itself, or (`path="patient__"`) of a related one.
    Querysets say `.current()` (patients and sessions); a filter over a relation uses this."""
    return Q(**{f"{path}archived_at__isnull": True})


def require_writable(record: models.Model) -> None:
    """The guard: raise RecordArchived when `record` (or its patient or session) is archived."""
    if is_archived_record(record):
        raise RecordArchived(record)


def require_restorable(record: models.Model) -> None:
    """Restoring is allowed unless the record's patient or session is itself still archived."""
    if archived_parent(record):
        raise RecordArchived(record)


def patient_of(record: models.Model):
    """The patient whose record this is (the patient itself, or the patient of a session)."""
    if record._meta.label == "patients.Patient":  # by label: models.py imports this module
        return record
    if getattr(record, "patient_id", None) is not None:
        return record.patient
    session = getattr(record, "session", None)
    return session.patient if session is not None else None


class WritableRecordAdminForm(forms.ModelForm):
    """An admin form refuses a record for an archived patient or session, next to that field.

    (The change form of an archived record is read-only already: `has_change_permission`.)
    """

    def clean(self):
        cleaned = super().clean()
        for name in ("patient", "session"):
            parent = cleaned.get(name)
            if isinstance(parent, models.Model) and is_archived_record(parent):
                self.add_error(name, RecordArchived(parent))
        return cleaned
