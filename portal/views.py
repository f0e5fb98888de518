"""The patient portal (/me/): a signed-in patient's own progress, sessions, self-reports and record.

Every view reads the patient through `Patient.objects.visible_to(user)`, which for a patient is their
own record only; nothing here takes another patient's id.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from interop.views import csv_response, fhir_response
from patients import portal_services
from patients.archive import not_archived, require_writable
from patients.concurrency import STALE_MESSAGE, StaleEdit
from patients.forms import region_score_formset
from patients.formtools import attach_errors, refuses_archived
from patients.instruments import previous_activities, text_of_response
from patients.models import Instrument, PainAssessment, Patient, QuestionnaireResponse
from patients.permissions import patient_for, patient_required
from patients.portal_forms import QuestionnaireAnswerForm, SelfReportForm
from patients.readings import pain_points, pain_points_and_maps, region_points, score_points, session_times
from patients.region_panel import entry_context, pain_course
from patients.submissions import back_to, once_per_form, submit_once
from patients.trend_panel import PAGE_PARAM, trend_context
from patients.trends import History, progress_payload, questionnaire_payload, scores_of
from portal.questionnaire_views import fill_page, unavailable_page
from sessions_app import agenda
from sessions_app.models import AcupunctureSession, FollowUp, SessionPoint, TreatmentPlan

SESSIONS_PER_PAGE = 10


def _own_patient(request: HttpRequest) -> Patient:
    """The signed-in patient's own record: the row the role check has already read (`patient_for`,
    through `Patient.user`), which is exactly the one `Patient.objects.visible_to` shows a patient."""
    patient = patient_for(request.user)
    if patient is None:
        raise Http404
    return patient


def _home_context(
    request: HttpRequest, patient: Patient, report_form: SelfReportForm, today_report, regions=None
) -> dict:
    today = timezone.localdate()
    plans = TreatmentPlan.objects.filter(patient=patient, status=TreatmentPlan.Status.ACTIVE).annotate(
        sessions_done=Count("sessions", filter=not_archived("sessions__"))
    )
    # One read of the questionnaires serves the "to fill in" list and the trend panel's charts.
    responses = list(QuestionnaireResponse.objects.filter(patient=patient).order_by("pk"))
    points, maps = pain_points_and_maps(patient)
    history = History(points, scores_of(responses), session_times(patient))
    if regions is None:
        # Today's map is among the maps just read: no query more.
        today_map = next(
            (m for m in maps if today_report and (m.at, m.source) == (today_report.assessed_at, today_report.source)),
            None,
        )
        regions = region_score_formset(initial=[row for row in today_map.scores if row[2] > 0] if today_map else None)
    return {
        "patient": patient,
        "report_form": report_form,
        "today_report": today_report,
        "pending_questionnaires": [response for response in responses if response.completed_at is None],
        "followups": list(
            FollowUp.objects.filter(patient=patient, status=FollowUp.Status.SCHEDULED, due_on__gte=today).order_by(
                "due_on", "pk"
            )[:5]
        ),
        "plan": plans.first(),
        **agenda.portal_context(patient),
        **trend_context(patient, page=request.GET.get(PAGE_PARAM), history=history),
        **entry_context(regions),
        "pain_course": pain_course(maps, for_patient=True),
    }


def _today_report(patient: Patient) -> PainAssessment | None:
    return PainAssessment.objects.filter(patient=patient, reported_on=timezone.localdate()).first()


@require_safe
@patient_required
def portal_home(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    today_report = _today_report(patient)
    initial = {"nrs": today_report.nrs, "notes": today_report.notes} if today_report else None
    context = _home_context(request, patient, SelfReportForm(initial=initial), today_report)
    return render(request, "portal/home.html", context)


@require_POST
@patient_required
@once_per_form(back_to("portal:home"))
@refuses_archived
def pain_report(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    require_writable(patient)
    form = SelfReportForm(request.POST)
    regions = region_score_formset(request.POST)
    if not all([form.is_valid(), regions.is_valid()]):
        context = _home_context(request, patient, form, _today_report(patient), regions)
        return render(request, "portal/home.html", context)
    submit_once(
        token=form.token, by=request.user, write=portal_services.self_report_save,
        patient=patient, nrs=form.cleaned_data["nrs"], notes=form.cleaned_data["notes"], user=request.user,
        regions=regions.scores() if regions.is_bound else None,
    )  # fmt: skip
    messages.success(request, _("Thank you: today's pain score is saved. You can change it until midnight."))
    return redirect("portal:home")


@never_cache
@require_safe
@patient_required
def progress_json(request: HttpRequest) -> JsonResponse:
    patient = _own_patient(request)
    return JsonResponse(progress_payload(patient, pain_points(patient), region_points(patient)))


@never_cache
@require_safe
@patient_required
def questionnaires_json(request: HttpRequest) -> JsonResponse:
    patient = _own_patient(request)
    return JsonResponse({"patient": patient.pk, "questionnaires": questionnaire_payload(score_points(patient))})


@require_safe
@patient_required
def session_list(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    sessions = (
        AcupunctureSession.objects.filter(patient=patient)
        .current()
        .select_related("practitioner__user")
        .prefetch_related(Prefetch("session_points", queryset=SessionPoint.objects.select_related("acupoint")))
        .order_by("-started_at", "-pk")
    )
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/session_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@patient_required
@once_per_form(back_to("portal:home"))
@refuses_archived
def questionnaire_fill(request: HttpRequest, pk: int) -> HttpResponse:
    patient = _own_patient(request)
    response = get_object_or_404(QuestionnaireResponse, pk=pk, patient=patient, completed_at__isnull=True)
    require_writable(patient)
    if (text := text_of_response(response)) is None:
        return unavailable_page(request, response)  # no text in the patient's language: staff entry only
    previous = previous_activities(patient) if response.instrument == Instrument.PSFS else ()
    form = QuestionnaireAnswerForm(
        request.POST if request.method == "POST" else None, instance=response, text=text, previous_activities=previous
    )
    if form.is_bound and form.is_valid():
        try:
            submit_once(
                token=form.token,
                by=request.user,
                write=portal_services.questionnaire_complete,
                response=response,
                answers=form.answers(),
                activities=form.activities(),
                expected_version=form.cleaned_data["version"],
                user=request.user,
                text=text,
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your answers are saved (%(score)s).") % {"score": response})
            return redirect("portal:home")
    return fill_page(request, form, response, text)


@never_cache
@require_safe
@patient_required
def record_fhir(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    # Logged as it is sent (a copy of the record leaves the clinic); not when it could not be built.
    return fhir_response(request, patient, back=reverse("portal:home"))


@never_cache
@require_safe
@patient_required
def record_csv(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    return csv_response(request, patient, back=reverse("portal:home"))
