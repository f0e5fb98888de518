"""Correcting a saved adverse event by its author, the practitioner who logged the session.

Versioned (a correction saved by someone else in between is refused as stale, showing what they
changed), kept in history (who, when), read-only once the session or the patient is archived; the
opening of the edit page is in the access log. (Pain scores and questionnaires: patients/correction_views.py.)
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from patients.archive import require_writable
from patients.audit import record_edit_opened
from patients.concurrency import StaleEdit
from patients.formtools import attach_errors, refuses_archived
from patients.permissions import practitioner_required, require_change
from sessions_app import services
from sessions_app.forms import AdverseEventCorrectForm
from sessions_app.models import AdverseEvent

EVENT_FIELDS = ["kind", "severity", "notes"]


@require_http_methods(["GET", "POST"])
@practitioner_required
@refuses_archived
def adverse_event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visible = AdverseEvent.objects.visible_to(request.user).select_related("session__patient", "session__practitioner")
    event = get_object_or_404(visible, pk=pk)
    require_change(request.user, event)
    require_writable(event)
    record_edit_opened(request, event.session.patient)
    form = AdverseEventCorrectForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.adverse_event_correct(
                event=event, expected_version=form.cleaned_data["version"], fields=EVENT_FIELDS
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Adverse event corrected."))
            return redirect("sessions_app:session_detail", event.session_id)
    context = {"form": form, "event": event, "session": event.session, "patient": event.session.patient}
    return render(request, "sessions_app/adverse_event_form.html", context)
