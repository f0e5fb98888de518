"""The Undo button of a one-click change's message (patients/undo.py holds the rule)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patients import undo
from patients.archive import RecordArchived, patient_of
from patients.concurrency import StaleEdit
from patients.formtools import safe_next
from patients.models import Patient, UndoTicket
from patients.permissions import staff_required


@require_POST
@staff_required
def change_undo(request: HttpRequest, token) -> HttpResponse:
    ticket = get_object_or_404(UndoTicket.objects.select_related("content_type"), token=token, user=request.user)
    _require_visible(request, ticket)
    try:
        undo.undo_apply(ticket=ticket)
    except undo.UndoRefused as refusal:
        messages.error(request, refusal.message)
    except StaleEdit:
        messages.error(request, _("Not undone: someone changed this record since. Nothing was changed."))
    except RecordArchived as refusal:
        messages.error(request, refusal.messages[0])
    except ValidationError as error:
        messages.error(request, _("Not undone: %(reason)s") % {"reason": " ".join(error.messages)})
    else:
        messages.success(request, undo.UNDONE)
    target = safe_next(request)
    return HttpResponseRedirect(target) if target else redirect("home")


def _require_visible(request: HttpRequest, ticket: UndoTicket) -> None:
    """The ticket is the user's own; the record's patient must still be one they may see."""
    record = ticket.record
    if record is None:
        raise Http404
    patient = patient_of(record)
    if patient is not None and not Patient.objects.visible_to(request.user).filter(pk=patient.pk).exists():
        raise Http404
