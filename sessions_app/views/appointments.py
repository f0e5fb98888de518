"""Appointments: book one from a patient's record or a free slot, move it, cancel it, mark it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from patients import undo
from patients.archive import require_writable
from patients.concurrency import STALE_MESSAGE, StaleEdit
from patients.formtools import attach_errors, refuses_archived
from patients.permissions import get_patient_for_user, is_admin, practitioner_for, staff_required
from sessions_app import booking
from sessions_app.calendar_forms import (
    AppointmentBookForm,
    AppointmentCancelForm,
    AppointmentRescheduleForm,
    AppointmentStatusForm,
    SeriesBookForm,
)
from sessions_app.models import MAX_DURATION, MIN_DURATION, Appointment, TreatmentPlan
from sessions_app.views.calendar import practitioners_for


def get_appointment_for_user(request: HttpRequest, pk: int) -> Appointment:
    """A visible appointment this user may manage: an admin any, a practitioner their own; else 404."""
    appointments = Appointment.objects.visible_to(request.user).select_related(
        "patient", "practitioner__user", "location", "session"
    )
    if not is_admin(request.user):
        appointments = appointments.filter(practitioner=practitioner_for(request.user))
    return get_object_or_404(appointments, pk=pk)


def appointment_to_start(request: HttpRequest, patient) -> Appointment | None:
    """?appointment=<pk> on the session form: this patient's open appointment with this practitioner,
    not yet linked to a visit; else 404. None when the visit was not started from an appointment."""
    value = request.GET.get("appointment")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    mine = Appointment.objects.filter(patient=patient, practitioner=practitioner_for(request.user))
    return get_object_or_404(
        mine.filter(status__in=[Appointment.Status.BOOKED, Appointment.Status.ARRIVED], session__isnull=True), pk=value
    )


def visit_initial(appointment: Appointment | None) -> dict:
    """The session form pre-filled from the appointment: its start, and its length as the session's
    (within the 20-40 minutes a session may last)."""
    if appointment is None:
        return {}
    minutes = min(max(appointment.duration_minutes, MIN_DURATION), MAX_DURATION)
    return {"started_at": timezone.localtime(appointment.starts_at), "duration_minutes": minutes}


def _day_of(appointment: Appointment) -> HttpResponse:
    day = timezone.localtime(appointment.starts_at).date().isoformat()
    query = urlencode({"date": day, "practitioner": appointment.practitioner_id})
    return redirect(f"{reverse('calendar:calendar_show')}?{query}")


def _initial_start(request: HttpRequest):
    start = parse_datetime(request.GET.get("starts_at", "") or "")
    if start is None:
        return None
    return timezone.localtime(timezone.make_aware(start) if timezone.is_naive(start) else start)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
@refuses_archived
def appointment_create(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    chosen = request.GET.get("practitioner") or getattr(practitioner_for(request.user), "pk", None)
    initial = {"starts_at": _initial_start(request), "practitioner": chosen}
    form = AppointmentBookForm(request.POST or None, initial=initial, practitioners=practitioners_for(request))
    if request.method == "POST" and form.is_valid():
        try:
            appointment = booking.appointment_book(
                patient=patient, practitioner=form.cleaned_data["practitioner"], **form.times()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Appointment booked."))
            return _day_of(appointment)
    return render(request, "sessions_app/calendar/appointment_form.html", {"form": form, "patient": patient})


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
@refuses_archived
def series_book(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        TreatmentPlan.objects.visible_to(request.user).select_related("patient"),
        pk=pk,
        status=TreatmentPlan.Status.ACTIVE,
    )
    require_writable(plan)
    remaining = max(plan.planned_sessions - plan.sessions.current().count(), 1)
    initial = {"practitioner": getattr(practitioner_for(request.user), "pk", None), "weeks": remaining}
    form = SeriesBookForm(request.POST or None, initial=initial, practitioners=practitioners_for(request))
    if request.method == "POST" and form.is_valid():
        times = form.times()
        try:
            series = booking.appointment_series_book(
                plan=plan, practitioner=form.cleaned_data["practitioner"], first_starts_at=times["starts_at"],
                minutes=form.cleaned_data["duration_minutes"], count=form.cleaned_data["weeks"],
                location=times["location"],
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        else:
            _report_series(request, series)
            return redirect("patients:patient_detail", plan.patient_id)
    context = {"form": form, "patient": plan.patient, "plan": plan}
    return render(request, "sessions_app/calendar/appointment_form.html", context)


def _report_series(request: HttpRequest, series: booking.Series) -> None:
    messages.success(request, _("%(count)d appointments booked.") % {"count": len(series.booked)})
    if series.skipped:
        taken = ", ".join(date_format(timezone.localtime(moment), "DATETIME_FORMAT") for moment in series.skipped)
        messages.warning(request, _("Not booked, the practitioner is taken then: %(times)s.") % {"times": taken})


def _cancel_initial(appointment: Appointment) -> dict:
    """A patient's request to cancel is confirmed in one step: its reason is filled in."""
    initial = {"version": appointment.version}
    if appointment.cancel_requested_at is not None:
        initial["reason"] = _("The patient asked to cancel.")
    return initial


def _detail(request: HttpRequest, appointment: Appointment, cancel_form=None) -> HttpResponse:
    context = {
        "appointment": appointment,
        "patient": appointment.patient,
        "cancel_form": cancel_form or AppointmentCancelForm(initial=_cancel_initial(appointment)),
        "history": appointment.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "sessions_app/calendar/appointment_detail.html", context)


@never_cache
@require_safe
@staff_required
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_appointment_for_user(request, pk))


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
@refuses_archived
def appointment_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request, pk)
    require_writable(appointment)
    initial = {
        "version": appointment.version,
        "starts_at": timezone.localtime(appointment.starts_at),
        "duration_minutes": appointment.duration_minutes,
        "location": appointment.location_id,
    }
    form = AppointmentRescheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booking.appointment_reschedule(
                appointment=appointment, expected_version=form.cleaned_data["version"], **form.times()
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Appointment moved."))
            return _day_of(appointment)
    context = {"form": form, "patient": appointment.patient, "appointment": appointment}
    return render(request, "sessions_app/calendar/appointment_form.html", context)


@require_POST
@staff_required
@refuses_archived
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request, pk)
    require_writable(appointment)
    form = AppointmentCancelForm(request.POST)
    if form.is_valid():
        try:
            booking.appointment_cancel(
                appointment=appointment,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Appointment cancelled."))
            return _day_of(appointment)
    return _detail(request, get_appointment_for_user(request, pk), cancel_form=form)


def _set_status(request: HttpRequest, pk: int, status: str, done: str) -> HttpResponse:
    appointment = get_appointment_for_user(request, pk)
    require_writable(appointment)
    form = AppointmentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date: nothing was changed. Please try again."))
        return _day_of(appointment)
    before = undo.snapshot(appointment, ["status"])
    try:
        booking.appointment_set_status(
            appointment=appointment, expected_version=form.cleaned_data["version"], status=status
        )
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        undo.offer(request, appointment, before, done)
    return _day_of(appointment)


@require_POST
@staff_required
@refuses_archived
def appointment_arrive(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, Appointment.Status.ARRIVED, _("Marked as arrived."))


@require_POST
@staff_required
@refuses_archived
def appointment_no_show(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, Appointment.Status.NO_SHOW, _("Marked as a no-show."))


@require_POST
@staff_required
@refuses_archived
def appointment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, Appointment.Status.COMPLETED, _("Marked as completed."))
