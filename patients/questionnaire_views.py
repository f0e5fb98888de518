"""Outcome measures entered by staff: clinician pain scores and the ODI, NDI and RMDQ."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from patients import scoring, services
from patients.archive import require_writable
from patients.audit import record_access
from patients.forms import AssessmentForm, QuestionnaireForm
from patients.formtools import attach_errors, refuses_archived
from patients.models import AccessLog, Instrument, PainAssessment
from patients.permissions import get_patient_for_user, staff_required
from patients.submissions import back_to, once_per_form, submit_once


@require_http_methods(["GET", "POST"])
@staff_required
@once_per_form(back_to("patients:patient_detail", "patient_id"))
@refuses_archived
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    form = AssessmentForm(request.POST or None, instance=PainAssessment(patient=patient))
    if request.method == "POST" and form.is_valid():
        try:
            submit_once(
                token=form.token, by=request.user, write=services.assessment_record,
                patient=patient, recorded_by=request.user, **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Pain score recorded."))
            return redirect("patients:patient_detail", patient.pk)
    return render(request, "patients/assessment_form.html", {"form": form, "patient": patient})


@require_http_methods(["GET", "POST"])
@staff_required
@once_per_form(back_to("patients:questionnaire_detail", "patient_id", "pk"))
@refuses_archived
def questionnaire_create(request: HttpRequest, pk: int, instrument: str) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    if instrument not in Instrument.values:
        raise Http404
    require_writable(patient)
    form = QuestionnaireForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            response = submit_once(
                token=form.token,
                by=request.user,
                write=services.questionnaire_record,
                patient=patient,
                recorded_by=request.user,
                instrument=instrument,
                answers=form.answers(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("%(instrument)s saved: %(score)s%(band)s.")
                % {
                    "instrument": response.get_instrument_display(),
                    "score": response.score_display,
                    "band": f" ({response.band})" if response.band else "",
                },
            )
            return redirect("patients:questionnaire_detail", patient.pk, response.pk)
    context = {"form": form, "patient": patient, "instrument": Instrument(instrument)}
    return render(request, "patients/questionnaire_form.html", context)


@require_safe
@staff_required
def questionnaire_detail(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    response = get_object_or_404(patient.questionnaires.select_related("recorded_by"), pk=response_pk)
    record_access(request, patient, AccessLog.Action.VIEW)
    previous = (
        patient.questionnaires.filter(instrument=response.instrument, completed_at__lt=response.completed_at)
        .order_by("-completed_at", "-pk")
        .first()
        if response.completed_at
        else None
    )
    context = {
        "patient": patient,
        "response": response,
        "previous": previous,
        "items": _answer_rows(response.instrument, response.answers),
    }
    return render(request, "patients/questionnaire_detail.html", context)


def _answer_rows(instrument: str, answers: list) -> list[tuple[str, str]]:
    titles = scoring.ITEM_TITLES[instrument]
    answers = answers or [None] * len(titles)
    rows = []
    for title, answer in zip(titles, answers, strict=False):
        if answer is None:
            shown = _("not answered")
        elif instrument == Instrument.RMDQ:
            shown = _("Yes") if answer else _("No")
        else:
            shown = f"{answer} / {scoring.ITEM_MAX[instrument]}"
        rows.append((title, shown))
    return rows
