"""Log, view, correct and archive acupuncture sessions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from patients import undo
from patients.archive import require_writable
from patients.audit import record_access, record_edit_opened
from patients.concurrency import STALE_MESSAGE, StaleEdit
from patients.forms import region_score_formset
from patients.formtools import attach_errors, rebind_on_current, refuses_archived, stale_rows
from patients.models import AccessLog, Patient
from patients.permissions import (
    get_patient_for_user,
    practitioner_for,
    practitioner_required,
    require_change,
    staff_required,
)
from patients.region_panel import entry_context
from patients.submissions import back_to, once_per_form, submit_once
from sessions_app import booking, selectors, services
from sessions_app.forms import AdverseEventFormSet, SessionCreateForm, SessionEditForm, point_formset, session_details
from sessions_app.models import AcupunctureSession
from sessions_app.session_map import session_map
from sessions_app.session_page import SessionPage
from sessions_app.session_warnings import SessionWarning, session_warnings, unconfirmed
from sessions_app.views.appointments import appointment_to_start, visit_initial

FORM_TEMPLATE = "sessions_app/session_form.html"
FOLLOWUP_CHANGED = gettext_lazy(
    "Someone changed the scheduled follow-up meanwhile: nothing was saved. Check it and save again."
)
VISIT_ALREADY_SAVED = gettext_lazy("This visit was already saved: it was recorded once, here it is.")


@require_http_methods(["GET", "POST"])
@practitioner_required
@once_per_form(back_to("sessions_app:session_detail", "pk"), message=VISIT_ALREADY_SAVED)
@refuses_archived
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    practitioner = practitioner_for(request.user)
    refusal = _refuse_new_session(request, patient, practitioner)
    if refusal:
        return refusal
    appointment = appointment_to_start(request, patient)  # "Start visit" from the calendar, or None
    page = SessionPage(patient, practitioner)
    prefill, warnings = {}, []
    if request.method == "POST":
        instance = AcupunctureSession(patient=patient, practitioner=practitioner)
        followup = page.followup_kwargs(request.POST.get("followup_due_on"))
        form, points, events = page.bound(request.POST, SessionCreateForm, instance=instance, **followup)
        regions = region_score_formset(request.POST)
        ready = _all_valid(form, points, events, regions)
        warnings = _unconfirmed_warnings(form, points, new=True) if ready else []
        if ready and not warnings:  # else the form again, with its errors or warnings to confirm
            try:
                session = submit_once(
                    token=form.token, by=request.user, write=booking.appointment_visit_log,
                    appointment=appointment, patient=patient, practitioner=practitioner, recorded_by=request.user,
                    details=session_details(form, points.entries()), points=points.entries(),
                    pre_nrs=form.cleaned_data["pre_nrs"], post_nrs=form.cleaned_data["post_nrs"],
                    adverse_events=events.events(), followup=form.followup(), regions=regions.scores(),
                    move_followup=form.existing_followup if form.moves_existing else None,
                    move_version=form.cleaned_data.get("followup_version"),
                    followup_slot=form.cleaned_data["followup_slot"],
                )  # fmt: skip
            except StaleEdit as stale:  # the scheduled follow-up moved meanwhile: shown as it is now
                data = request.POST.copy()
                data["followup_version"] = stale.current.version
                followup |= {"existing_followup": stale.current}
                form, points, events = page.bound(data, SessionCreateForm, instance=instance, **followup)
                _all_valid(form, points, events)
                form.add_error("followup_existing", FOLLOWUP_CHANGED)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Session logged."))
                if appointment is not None:  # a visit started from the calendar: to the room view
                    return redirect("calendar:visit_room", session.pk)
                return redirect("patients:patient_detail", patient.pk)
    else:
        form, points, events, prefill = page.prefilled(request.GET, from_plan=appointment is not None)
        form.initial |= visit_initial(appointment)
        regions = region_score_formset()
    return render(
        request, FORM_TEMPLATE, page.context(form, points, events, warnings=warnings) | prefill | entry_context(regions)
    )


@require_safe
@staff_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible = AcupunctureSession.objects.visible_to(request.user).select_related("patient", "plan")
    session = get_object_or_404(selectors.sessions_with_details(visible), pk=pk)
    record_access(request, session.patient, AccessLog.Action.VIEW)
    context = {
        "session": session,
        "patient": session.patient,
        "pain": selectors.pain_by_source(session),
        "insertions": sum(point.insertions for point in session.session_points.all()),
        "followups": session.followups.all(),
        "session_map": session_map(session),
    }
    return render(request, "sessions_app/session_detail.html", context)


@require_http_methods(["GET", "POST"])
@practitioner_required
@refuses_archived
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_own_session(request, pk)
    require_writable(session)
    record_edit_opened(request, session.patient)
    page = SessionPage(session.patient, session.practitioner)
    recorded = {f"{source.split('_')[0]}_nrs": nrs for source, nrs in selectors.pain_by_source(session).items()}
    stale, warnings = [], []
    if request.method == "POST":
        form, points, events = page.bound(request.POST, SessionEditForm, instance=session, recorded_pain=recorded)
        ready = _all_valid(form, points, events)
        warnings = _unconfirmed_warnings(form, points, new=False) if ready else []
        if ready and not warnings:  # else the form again, with its errors or warnings to confirm
            try:
                services.session_update(
                    session=session, expected_version=form.cleaned_data["version"], recorded_by=request.user,
                    details=session_details(form, points.entries()), points=points.entries(),
                    pre_nrs=form.cleaned_data["pre_nrs"], post_nrs=form.cleaned_data["post_nrs"],
                    adverse_events=events.events(),
                )  # fmt: skip
            except StaleEdit as error:
                stale = stale_rows(AcupunctureSession, error)
                form = rebind_on_current(SessionEditForm, request.POST, error, recorded_pain=recorded)
                messages.error(request, STALE_MESSAGE)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Session updated."))
                return redirect("sessions_app:session_detail", session.pk)
    else:
        form = SessionEditForm(instance=session, initial=recorded, recorded_pain=recorded)
        points = point_formset(initial=selectors.point_rows(session), index=page.index)
        events = AdverseEventFormSet(prefix="events")
    context = page.context(form, points, events, session=session, warnings=warnings)
    return render(request, FORM_TEMPLATE, context | {"stale": stale})


@require_POST
@practitioner_required
@refuses_archived
def session_archive(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_own_session(request, pk)
    before = undo.snapshot(session, ["archived_at"])
    services.session_archive(session=session)
    undo.offer(request, session, before, _("Session archived: it no longer counts in the plan or the lists."))
    return redirect("patients:patient_detail", session.patient_id)


def _get_own_session(request: HttpRequest, pk: int) -> AcupunctureSession:
    """A visible session (else 404) that this practitioner logged (else 403: `require_change`).
    An archived one is returned: `require_writable` refuses it with a message, not a 403."""
    visible = AcupunctureSession.objects.visible_to(request.user).select_related("patient", "practitioner")
    session = get_object_or_404(visible.prefetch_related("session_points__acupoint", "assessments"), pk=pk)
    require_change(request.user, session)
    return session


def _refuse_new_session(request: HttpRequest, patient: Patient, practitioner) -> HttpResponse | None:
    require_writable(patient)
    reason = services.licence_refusal(practitioner)
    if reason:
        return render(request, "sessions_app/session_refused.html", {"patient": patient, "reason": reason}, status=403)
    return None


def _all_valid(*forms) -> bool:
    results = [form.is_valid() for form in forms]  # validate every form, so every error shows at once
    return all(results)


def _unconfirmed_warnings(form, points, *, new: bool) -> list[SessionWarning]:
    """Likely mistakes the practitioner has not confirmed with "save anyway" (session_warnings.py)."""
    found = session_warnings(form.cleaned_data, points.entries(), new=new)
    return unconfirmed(found, form.cleaned_data["confirm_warnings"])
