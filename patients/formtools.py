"""Small helpers shared by the edit views: refused archived writes as a message, service errors onto
forms, stale edits made readable, the way back to the page a form was posted from."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.formats import localize
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.archive import ARCHIVED_PORTAL_MESSAGE, RecordArchived, patient_of
from patients.concurrency import StaleEdit
from patients.measures import NRS_MAX, NRS_MIN

NRS_MESSAGE = format_lazy(
    gettext_lazy("Pain is scored from {min} (no pain) to {max} (worst imaginable)."), min=NRS_MIN, max=NRS_MAX
)


def nrs_field(label, *, required: bool = True, **kwargs) -> forms.IntegerField:
    """A pain score typed into a form: a whole number on the NRS, one message for every way it is wrong."""
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=NRS_MIN,
        max_value=NRS_MAX,
        error_messages={"min_value": NRS_MESSAGE, "max_value": NRS_MESSAGE, "invalid": NRS_MESSAGE},
        **kwargs,
    )


class FixedChoiceField(forms.ChoiceField):
    """A choice field whose choices are fixed where its form is defined (a catalogue such as the pain
    map's regions, never changed per form). Django deep-copies a ChoiceField's choices for every form
    instance: the pain map's six rows and their template copied some 5,000 tuples of lazy labels per
    page, a measured share of /me/ and of the session form (docs/performance.md, round 3). The copies share
    the one list; a form that wants other choices assigns `field.choices`, which replaces it."""

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


def refuses_archived(view):
    """The one place a refused write to an archived record becomes a page: an error message and a
    redirect to the record (the patient to /me/), whether the view's guard or a service refused it.

    Put it innermost, under the method and role decorators; the guard itself is
    `patients.archive.require_writable`, called by the view before it shows or reads a form.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except RecordArchived as refusal:
            return archived_response(request, refusal)

    return wrapped


def archived_response(request: HttpRequest, refusal: RecordArchived) -> HttpResponse:
    patient = patient_of(refusal.record)
    if patient is not None and patient.user_id is not None and patient.user_id == request.user.pk:
        messages.error(request, ARCHIVED_PORTAL_MESSAGE)
        return redirect("portal:home")
    messages.error(request, refusal.messages[0])
    if patient is None:
        return redirect("home")
    if refusal.record._meta.label == "sessions_app.AcupunctureSession":  # by label: the core imports no workflow
        return redirect("sessions_app:session_detail", refusal.record.pk)
    return redirect("patients:patient_detail", patient.pk)


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (or above the form).

    Except the archived-record refusal (the record was archived while the form was filled in): it
    goes on to `refuses_archived`, the same message and redirect as for a form never shown.
    """
    if isinstance(error, RecordArchived):
        raise error
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _display(field: models.Field, value: object) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(localize(value))


def stale_rows(model: type[models.Model], stale: StaleEdit) -> list[tuple[str, str, str]]:
    """(field, their saved value, your value) for each field the other person changed."""
    by_label = {str(field.verbose_name): field for field in model._meta.concrete_fields}
    rows = []
    for label, (theirs, yours) in stale.changes.items():
        field = by_label.get(label)
        if field is None:
            rows.append((label, str(theirs), str(yours)))
        else:
            rows.append((label[:1].upper() + label[1:], _display(field, theirs), _display(field, yours)))
    return rows


def rebind_on_current(form_class, data, stale: StaleEdit, **kwargs):
    """The editor's values again, now based on the saved version: saving once more is a deliberate choice."""
    data = data.copy()
    data["version"] = stale.current.version
    form = form_class(data, instance=stale.current, **kwargs)
    form.is_valid()
    return form


def safe_next(request: HttpRequest) -> str | None:
    """The posted `next` (the page the form was on) when it is a path on this site, else None.

    A path only: never another host or scheme, never a view name (`redirect("0")` would try to
    reverse it: a server error) and no control characters (a Location header cannot hold them).
    """
    target = request.POST.get("next", "")
    if not target.startswith("/") or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else None
