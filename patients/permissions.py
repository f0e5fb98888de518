"""Who may see and change what: the one home of the object permissions.

Roles (what a user *is*: admin, practitioner, patient) are `patients.roles`, re-exported here so
that a view imports its decorator and its object rule from one place. The object rules take
`(user, obj)`, the shape of Django's own `ModelAdmin.has_change_permission(request, obj)`, and are
looked up by model label in `_CHANGE_RULES`:

- a session (`sessions_app.AcupunctureSession`) and its adverse events (`sessions_app.AdverseEvent`):
  only the practitioner who logged the session;
- a pain score (`patients.PainAssessment`) and a questionnaire (`patients.QuestionnaireResponse`):
  only whoever recorded it (a patient's own answers are theirs, not the clinic's to rewrite);
- a point prescription: only its own practitioner;
- any other record: any practitioner or admin. Patients change nothing through these pages.

They are asked three ways:

- `can_change(user, obj)`: may the user change it now? Also False for an archived record, or one of
  an archived patient or session (see `patients.archive`). Templates ask it before they show a
  button (`{% load permissions %}{% if user|can_change:session %}`; a pain score listed as a reading,
  `trends.PainPoint`, through `{% can_correct_reading user point patient as ok %}`).
- `require_change(user, obj)`: the views' guard, 403 when the role or the record's rule refuses. An
  archived record passes it, so that `require_writable` (called next) refuses it with the archive's
  message rather than a bare 403.
- `can_change_in_admin(user, obj)`: the Django admin's rule (every `has_change_permission` of
  patients/admin.py and sessions_app/admin.py): admins change any record that is not archived.

Visibility is `Patient.objects.visible_to(user)` (one entry point, patients/models.py), and for a
patient's records `PatientRecordQuerySet.visible_to` (sessions, plans, follow-ups, appointments,
adverse events); `get_patient_for_user` is its 404 for one patient. A prescription of another
practitioner does not exist for a user (`own_prescriptions`).

Models of the sessions app are named by their label (`sessions_app.AcupunctureSession`), not
imported: the clinical core imports nothing of the workflow on top of it.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
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
from patients.trends import PainPoint


def get_patient_for_user(user, pk: int) -> Patient:
    """A patient the user may see, or 404: never reveals that another patient exists."""
    return get_object_or_404(Patient.objects.visible_to(user), pk=pk)


def is_session_author(user, session) -> bool:
    """Only the practitioner who logged a session corrects or archives it (their name is on it)."""
    practitioner = practitioner_for(user)
    return practitioner is not None and session.practitioner_id == practitioner.pk


def is_event_author(user, event) -> bool:
    """An adverse event is part of its session's record: the session's author corrects it."""
    return is_session_author(user, event.session)


def is_record_author(user, record) -> bool:
    """A reading (pain score, questionnaire) is corrected by whoever recorded it. Reads only
    `recorded_by_id`, so it answers for a reading the record page lists (`trends.PainPoint`) too."""
    return record.recorded_by_id is not None and record.recorded_by_id == user.pk


def owns_prescription(user, prescription) -> bool:
    """A point prescription is a practitioner's own template: nobody else's to change or see."""
    practitioner = practitioner_for(user)
    return practitioner is not None and prescription.practitioner_id == practitioner.pk


def own_prescriptions(user, queryset: models.QuerySet) -> models.QuerySet:
    """The prescriptions of `queryset` that exist for this user: their own (views 404 the rest)."""
    return queryset.filter(practitioner=practitioner_for(user))


_CHANGE_RULES: dict[str, Callable[[object, object], bool]] = {
    "patients.PainAssessment": is_record_author,
    "patients.QuestionnaireResponse": is_record_author,
    "sessions_app.AcupunctureSession": is_session_author,
    "sessions_app.AdverseEvent": is_event_author,
    "sessions_app.PointPrescription": owns_prescription,
}


def _role_admits(user, label: str, record) -> bool:
    """The role and the record's own rule (by model label), the archive aside."""
    if not is_staff_member(user):
        return False
    rule = _CHANGE_RULES.get(label)
    return rule(user, record) if rule else True


def can_change(user, obj: models.Model) -> bool:
    """May this user change (edit, archive, delete) this record through the app's pages?"""
    return _role_admits(user, obj._meta.label, obj) and not is_archived_record(obj)


def require_change(user, obj: models.Model) -> None:
    """403 unless the role and the record's rule admit this user. An archived record passes here on
    purpose: the view's `require_writable` refuses it next, with the archive's message, not a 403."""
    if not _role_admits(user, obj._meta.label, obj):
        raise PermissionDenied


def can_correct_reading(user, point: PainPoint, patient: Patient) -> bool:
    """The record page's "Correct" link of a pain score it lists as a reading (`trends.PainPoint`,
    read without its row): the rule of "patients.PainAssessment", and the patient's archive."""
    return _role_admits(user, "patients.PainAssessment", point) and not is_archived_record(patient)


def can_change_in_admin(user, obj: models.Model | None) -> bool:
    """The admin's object rule (with obj None, the model-level question: Django's own answers it)."""
    return obj is None or (is_admin(user) and not is_archived_record(obj))
