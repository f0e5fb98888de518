"""The running visit in the treatment room: needles counted, the retention timer, closing the visit."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from patients.archive import require_writable
from patients.formtools import attach_errors, refuses_archived
from patients.permissions import practitioner_required, require_change
from sessions_app import booking
from sessions_app.calendar_forms import VisitCloseForm
from sessions_app.models import AcupunctureSession, NeedleCount


def _own_session(request: HttpRequest, pk: int) -> AcupunctureSession:
    visible = AcupunctureSession.objects.visible_to(request.user).select_related("patient", "practitioner")
    session = get_object_or_404(visible.prefetch_related("session_points__acupoint"), pk=pk)
    require_change(request.user, session)  # an archived one is shown; a POST to it is refused below
    return session


@never_cache
@require_http_methods(["GET", "POST"])
@practitioner_required
@refuses_archived
def visit_room(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    if request.method == "POST":
        require_writable(session)
    closed = NeedleCount.objects.filter(session=session).first()
    form = VisitCloseForm(request.POST or None)
    if request.method == "POST" and closed is None and form.is_valid():
        try:
            booking.visit_close(session=session, confirmed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Visit closed: needle count confirmed."))
            return redirect("calendar:visit_room", session.pk)
    retention = session.retention_minutes or session.duration_minutes
    context = {
        "session": session,
        "patient": session.patient,
        "inserted": booking.needles_inserted(session),
        "retention": retention,
        "needles_out_at": session.started_at + timedelta(minutes=retention),
        "closed": closed,
        "form": form,
    }
    return render(request, "sessions_app/calendar/visit_room.html", context)
