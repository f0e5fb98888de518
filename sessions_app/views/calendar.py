"""The calendar: a practitioner's day and week, and booking a free slot."""

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from patients import selectors as patient_selectors
from patients.models import Patient
from patients.permissions import is_admin, practitioner_for, staff_required
from sessions_app import agenda, calendar_cards
from sessions_app.models import CalendarFeed, Practitioner

SLOT_PATIENTS = 20


def practitioners_for(request: HttpRequest):
    """Whose calendar this user may open: an admin everyone's, a practitioner only their own."""
    if is_admin(request.user):
        return Practitioner.objects.select_related("user")
    return Practitioner.objects.select_related("user").filter(pk=practitioner_for(request.user).pk)


def _chosen(request: HttpRequest) -> Practitioner | None:
    """?practitioner=<pk> among those this user may open (else 404); None: no choice made."""
    value = request.GET.get("practitioner")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(practitioners_for(request), pk=value)


@never_cache
@require_safe
@staff_required
def calendar_show(request: HttpRequest) -> HttpResponse:
    day, week = agenda.parse_day(request.GET.get("date")), request.GET.get("view") == "week"
    chosen, own = _chosen(request), practitioner_for(request.user)
    # A practitioner opens only their own calendar: their row is already read with the user's roles.
    everyone = list(practitioners_for(request)) if is_admin(request.user) else [own]
    if week:
        shown = chosen or own or (everyone[0] if everyone else None)
        columns = agenda.week_columns(shown, day) if shown else []
    else:
        shown = chosen or (None if is_admin(request.user) else own)
        columns = agenda.day_columns([shown] if shown else everyone, day)
    step = timedelta(days=7 if week else 1)
    booking_patient = _booking_for(request)
    practitioners = everyone if is_admin(request.user) else []
    cards = calendar_cards.Cards(request, own=own, booking_patient=booking_patient)
    context = {
        "booking_patient": booking_patient,
        "cancel_requests": agenda.cancel_requests([shown] if shown else everyone),
        "day": day,
        "today": timezone.localdate(),
        "week": week,
        "columns": columns,
        "panels": [(column, cards.week_day(column) if week else cards.day_rows(column)) for column in columns],
        "shown": shown,
        "practitioners": practitioners,
        "nav_kept": _nav_kept(shown if practitioners else None, booking_patient),
        "previous_day": day - step,
        "next_day": day + step,
        "feed": CalendarFeed.objects.filter(practitioner=own, revoked_at__isnull=True).first() if own else None,
        "own": own,
    }
    template = "sessions_app/calendar/week.html" if week else "sessions_app/calendar/day.html"
    return render(request, template, context)


def _nav_kept(practitioner: Practitioner | None, booking_patient: Patient | None) -> SafeString:
    """What the day/week navigation's links keep of the query: the practitioner an admin chose, the
    patient being booked. Written once here, not in each of the five links (template time)."""
    kept = f"&practitioner={int(practitioner.pk)}" if practitioner else ""
    kept += f"&patient={int(booking_patient.pk)}" if booking_patient else ""
    return mark_safe(kept)  # noqa: S308  # nosec B308 B703  # numbers only


def _booking_for(request: HttpRequest):
    """?patient=<pk>: booking for this (visible, not archived) patient, so a free slot books them at once."""
    value = request.GET.get("patient")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(Patient.objects.visible_to(request.user).current(), pk=value)


@never_cache
@require_safe
@staff_required
def slot_book(request: HttpRequest) -> HttpResponse:
    """A free slot was clicked: pick the patient (search, or one's own patients), then book."""
    starts_at = parse_datetime(request.GET.get("starts_at", "") or "")
    if starts_at is None:
        raise Http404
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    practitioner = _chosen(request) or practitioner_for(request.user)
    query = request.GET.get("q", "").strip()
    filters = {"q": query} if query else {"mine": True}
    patients = patient_selectors.patient_list(request.user, filters, practitioner_for(request.user))
    context = {
        "starts_at": timezone.localtime(starts_at),
        "starts_at_value": timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M"),
        "practitioner": practitioner,
        "query": query,
        "patients": list(patients.select_related(None)[:SLOT_PATIENTS]) if practitioner or query else [],
    }
    return render(request, "sessions_app/calendar/slot_book.html", context)
