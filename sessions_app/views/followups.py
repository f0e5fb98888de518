"""Follow-ups: the due list, scheduling one, and closing one as completed, missed or cancelled."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from patients import undo
from patients.archive import require_writable
from patients.concurrency import StaleEdit
from patients.formtools import attach_errors, refuses_archived, safe_next
from patients.permissions import get_patient_for_user, practitioner_for, staff_required
from patients.submissions import back_to, once_per_form, submit_once
from sessions_app import agenda, booking, selectors, services
from sessions_app.calendar_forms import FollowUpBookForm
from sessions_app.forms import FollowUpForm, FollowUpStatusForm
from sessions_app.models import FollowUp, Practitioner, TreatmentPlan

PAGE_SIZE = 50


@require_safe
@staff_required
def followup_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    everyone = request.GET.get("scope") == "all"
    practitioner = None if everyone else practitioner_for(request.user)
    due = Paginator(selectors.due_followups(request.user, practitioner, today), PAGE_SIZE)
    context = {
        "today": today,
        "everyone": everyone or practitioner is None,
        "can_narrow": practitioner_for(request.user) is not None,
        "page": due.get_page(request.GET.get("page")),
        "query_string": "scope=all" if everyone else "",
        "upcoming": selectors.upcoming_followups(request.user, practitioner, today)[:PAGE_SIZE],
    }
    return render(request, "sessions_app/followup_list.html", context)


def _diary_of(request: HttpRequest, patient) -> Practitioner | None:
    """Whose free slots a follow-up is offered: one's own, else (an admin) the patient's practitioner."""
    return practitioner_for(request.user) or patient.primary_practitioner


@require_http_methods(["GET", "POST"])
@staff_required
@once_per_form(back_to("patients:patient_detail", "patient_id"))
@refuses_archived
def followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    practitioner = _diary_of(request, patient)
    due_on = request.POST.get("due_on") if request.method == "POST" else _suggested_due(patient)
    form = FollowUpForm(
        request.POST or None, instance=FollowUp(patient=patient), initial={"due_on": due_on},
        slots=agenda.followup_slots(practitioner, due_on),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        details = {field: form.cleaned_data[field] for field in ("due_on", "aftercare", "exercises")}
        try:
            followup = submit_once(
                token=form.token, by=request.user, write=booking.followup_schedule_booked,
                patient=patient, details=details, practitioner=practitioner, slot=form.cleaned_data["followup_slot"],
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _booked_message(followup))
            return redirect("patients:patient_detail", patient.pk)
    context = {"form": form, "patient": patient, "practitioner": practitioner}
    return render(request, "sessions_app/followup_form.html", context)


def _suggested_due(patient) -> date:
    plan = patient.plans.filter(status=TreatmentPlan.Status.ACTIVE).first()
    return selectors.suggested_followup(plan, timezone.localdate())


def _booked_message(followup: FollowUp) -> str:
    if followup.appointment_id is None:
        return _("Follow-up scheduled.")
    when = date_format(timezone.localtime(followup.appointment.starts_at), "D j M Y, H:i")
    return _("Follow-up scheduled, its appointment booked for %(time)s.") % {"time": when}


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
@refuses_archived
def followup_book(request: HttpRequest, pk: int) -> HttpResponse:
    """A scheduled follow-up's appointment, in one of the free slots nearest its due date."""
    followup = get_object_or_404(
        FollowUp.objects.visible_to(request.user).scheduled().select_related("patient", "appointment"), pk=pk
    )
    require_writable(followup)
    practitioner = _diary_of(request, followup.patient)
    slots = agenda.followup_slots(practitioner, followup.due_on)
    form = FollowUpBookForm(request.POST or None, slots=slots, initial={"version": followup.version})
    if request.method == "POST" and form.is_valid():
        try:
            booking.followup_book(
                followup=followup, practitioner=practitioner, starts_at=form.cleaned_data["followup_slot"],
                expected_version=form.cleaned_data["version"],
            )  # fmt: skip
        except StaleEdit:
            messages.error(request, _("Someone else changed this follow-up meanwhile: nothing was changed."))
            return redirect("sessions_app:followup_book", followup.pk)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            followup.refresh_from_db()
            messages.success(request, _booked_message(followup))
            return _back(request, followup)
    context = {"form": form, "followup": followup, "patient": followup.patient, "practitioner": practitioner}
    return render(request, "sessions_app/followup_book.html", context)


def _set_status(request: HttpRequest, pk: int, status: str, done_message: str) -> HttpResponse:
    followup = get_object_or_404(FollowUp.objects.visible_to(request.user).select_related("patient"), pk=pk)
    require_writable(followup)
    form = FollowUpStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date: nothing was changed. Please try again."))
    else:
        before = undo.snapshot(followup, ["status"])
        try:
            services.followup_set_status(
                followup=followup, status=status, expected_version=form.cleaned_data["version"]
            )
        except StaleEdit:
            messages.error(request, _("Someone else changed this follow-up meanwhile: nothing was changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            undo.offer(request, followup, before, done_message)
    return _back(request, followup)


def _back(request: HttpRequest, followup: FollowUp) -> HttpResponse:
    """Back to the page the button was on (the list, home or the patient), never off-site."""
    target = safe_next(request)
    return HttpResponseRedirect(target) if target else redirect("patients:patient_detail", followup.patient_id)


@require_POST
@staff_required
@refuses_archived
def followup_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, FollowUp.Status.COMPLETED, _("Follow-up marked as completed."))


@require_POST
@staff_required
@refuses_archived
def followup_miss(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, FollowUp.Status.MISSED, _("Follow-up marked as missed."))


@require_POST
@staff_required
@refuses_archived
def followup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, FollowUp.Status.CANCELLED, _("Follow-up cancelled."))
