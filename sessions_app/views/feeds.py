"""Calendar feeds: the .ics URL (no sign-in: the token is the credential), and issuing or revoking it;
and the patient's own appointment actions under /me/calendar/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from patients.permissions import patient_for, patient_required, practitioner_for, practitioner_required
from sessions_app import booking, feeds
from sessions_app.models import Appointment, CalendarFeed


@require_safe
def feed_show(request: HttpRequest, token: str) -> HttpResponse:
    """Unknown and revoked tokens answer the same 404: the URL tells nothing about anyone."""
    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True).first()
    if feed is None:
        raise Http404
    if feeds.too_many_fetches(feed):
        return HttpResponse(
            _("Too many requests for this feed: try again later."), status=429, content_type="text/plain"
        )
    response = HttpResponse(feeds.feed_ics(feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="appointments.ics"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@practitioner_required
def feed_issue(request: HttpRequest) -> HttpResponse:
    booking.calendar_feed_issue(practitioner=practitioner_for(request.user))
    messages.success(request, _("Your new calendar feed address is ready. Any earlier address no longer works."))
    return redirect("calendar:calendar_show")


@require_POST
@practitioner_required
def feed_revoke(request: HttpRequest) -> HttpResponse:
    booking.calendar_feed_revoke(practitioner=practitioner_for(request.user))
    messages.success(request, _("Your calendar feed is switched off: its address no longer works."))
    return redirect("calendar:calendar_show")


@require_POST
@patient_required
def portal_feed_issue(request: HttpRequest) -> HttpResponse:
    booking.calendar_feed_issue(patient=patient_for(request.user))
    messages.success(request, _("Your new calendar address is ready. Any earlier address no longer works."))
    return redirect("portal:home")


@require_POST
@patient_required
def portal_feed_revoke(request: HttpRequest) -> HttpResponse:
    booking.calendar_feed_revoke(patient=patient_for(request.user))
    messages.success(request, _("Your calendar address is switched off: it no longer works."))
    return redirect("portal:home")


@require_POST
@patient_required
def portal_appointment_cancel_request(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment.objects.filter(patient=patient_for(request.user)), pk=pk)
    try:
        link = request.build_absolute_uri(reverse("calendar:appointment_detail", args=[appointment.pk]))
        booking.appointment_request_cancel(appointment=appointment, link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: the clinic will confirm the cancellation."))
    return redirect("portal:home")
