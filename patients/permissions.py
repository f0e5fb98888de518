"""Who may see and change what: the one home of the object permissions.

Roles (what a user *is*: admin, practitioner, patient) are `patients.roles`, re-exported here so
that a view imports its decorator and its object rule from one place. The object rules take
`(user, obj)`, the shape of Django's own `ModelAdmin.has_change_permission(request, obj)`:

- `can_change(user, obj)`: the treatment workflow's rule, used by the views (403 when it fails) and
  by templates to show a button (`{% load permissions %}{% if user|can_change:session %}`). An
  archived record, or one of an archived patient or session, is changed by nobody (see
  `patients.archive`); a session only by the practitioner who logged it; a prescription only by its
  own practitioner; any other record by a practitioner or an admin.
- `can_change_in_admin(user, obj)`: the Django admin's rule (every `has_change_permission` of
  patients/admin.py and sessions_app/admin.py): admins change any record that is not archived.
- Visibility is `Patient.objects.visible_to(user)` (one entry point, patients/models.py);
  `get_patient_for_user` is its 404 for one patient. A prescription of another practitioner does
  not exist for a user (`own_prescriptions`).

Models of the sessions app are named by their label (`sessions_app.AcupunctureSession`), not
imported: the clinical core imports nothing of the workflow on top of it.
"""

from collections.abc import Callable

from django.db import models
from django.shortcuts import get_object_or_404

from patients.archive import is_archived_record
from patients.models import Patient
from patients.roles import (  # noqa: F401 - re-exported: the roles and their decorators
    ADMINS_GROUP,
    PATIENTS_GROUP,
    PRACTITIONERS_GROUP,
    admin_required,
    is_admin,
    is_practitioner,
    is_staff_member,
    patient_for,
    patient_required,
    practitioner_for,
    practitioner_required,
    role_of,
    staff_required,
    staff_roles,
)


def get_patient_for_user(user, pk: int) -> Patient:
    """A patient the user may see, or 404: never reveals that another patient exists."""
    return get_object_or_404(Patient.objects.visible_to(user), pk=pk)


def is_session_author(user, session) -> bool:
    """Only the practitioner who logged a session corrects or archives it (their name is on it)."""
    practitioner = practitioner_for(user)
    return practitioner is not None and session.practitioner_id == practitioner.pk


def owns_prescription(user, prescription) -> bool:
    """A point prescription is a practitioner's own template: nobody else's to change or see."""
    practitioner = practitioner_for(user)
    return practitioner is not None and prescription.practitioner_id == practitioner.pk


def own_prescriptions(user, queryset: models.QuerySet) -> models.QuerySet:
    """The prescriptions of `queryset` that exist for this user: their own (views 404 the rest)."""
    return queryset.filter(practitioner=practitioner_for(user))


_CHANGE_RULES: dict[str, Callable[[object, models.Model], bool]] = {
    "sessions_app.AcupunctureSession": is_session_author,
    "sessions_app.PointPrescription": owns_prescription,
}


def can_change(user, obj: models.Model) -> bool:
    """May this user change (edit, archive, delete) this record through the app's pages?"""
    if not is_staff_member(user) or is_archived_record(obj):
        return False
    rule = _CHANGE_RULES.get(obj._meta.label)
    return rule(user, obj) if rule else True


def can_change_in_admin(user, obj: models.Model | None) -> bool:
    """The admin's object rule (with obj None, the model-level question: Django's own answers it)."""
    return obj is None or (is_admin(user) and not is_archived_record(obj))
