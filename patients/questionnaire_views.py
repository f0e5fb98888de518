"""Outcome measures entered by staff: clinician pain scores and the questionnaires (ODI, NDI, RMDQ,
STarT Back, PSFS)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from patients import scoring, services
from patients.archive import require_writable
from patients.audit import record_access
from patients.forms import AssessmentForm, QuestionnaireForm, region_score_formset
from patients.formtools import attach_errors, refuses_archived
from patients.instruments import (
    activity_initial,
    items_of,
    patient_language,
    pinned_text,
    previous_activities,
    text_for,
)
from patients.models import AccessLog, Instrument, PainAssessment
from patients.permissions import get_patient_for_user, staff_required
from patients.region_panel import entry_context
from patients.stratified_care import risk_screening
from patients.submissions import back_to, once_per_form, submit_once


@require_http_methods(["GET", "POST"])
@staff_required
@once_per_form(back_to("patients:patient_detail", "patient_id"))
@refuses_archived
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    form = AssessmentForm(request.POST or None, instance=PainAssessment(patient=patient))
    regions = region_score_formset(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), regions.is_valid()]):
        try:
            submit_once(
                token=form.token, by=request.user, write=services.assessment_record,
                patient=patient, recorded_by=request.user, regions=regions.scores(), **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Pain score recorded."))
            return redirect("patients:patient_detail", patient.pk)
    context = {"form": form, "patient": patient, **entry_context(regions)}
    return render(request, "patients/assessment_form.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
@once_per_form(back_to("patients:questionnaire_detail", "patient_id", "pk"))
@refuses_archived
def questionnaire_create(request: HttpRequest, pk: int, instrument: str) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    if instrument not in Instrument.values:
        raise Http404
    require_writable(patient)
    text = text_for(instrument, patient_language(patient))  # shown when loaded; topics alone otherwise
    initial = activity_initial(previous_activities(patient)) if instrument == Instrument.PSFS else {}
    form = QuestionnaireForm(request.POST or None, instrument=instrument, text=text, initial=initial)
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
                activities=form.activities(),
                text=text if form.answered_on_text() else None,
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
    context = {"form": form, "patient": patient, "instrument": Instrument(instrument), "text": text}
    return render(request, "patients/questionnaire_form.html", context)


@require_safe
@staff_required
def questionnaire_detail(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    response = get_object_or_404(
        patient.questionnaires.select_related("recorded_by", "session__patient"), pk=response_pk
    )
    record_access(request, patient, AccessLog.Action.VIEW)
    text = pinned_text(response)
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
        "text": text,
        "items": _answer_rows(response, text),
        "risk": risk_screening([response]),
    }
    return render(request, "patients/questionnaire_detail.html", context)


def _answer_rows(response, text) -> list[tuple[str, str]]:
    """(item, answer) as the patient gave it: the loaded text's wording and option when there is one."""
    items = items_of(response.instrument, text)
    answers = response.answers or [None] * len(items)
    if response.instrument == Instrument.PSFS:
        return [
            (activity, _("%(rating)s / 10") % {"rating": rating} if rating is not None else _("not answered"))
            for activity, rating in zip(response.activities or [""] * len(items), answers, strict=False)
            if activity
        ]
    rows = []
    for item, answer in zip(items, answers, strict=False):
        if answer is None:
            shown = _("not answered")
        elif response.instrument == Instrument.RMDQ:
            shown = _("Yes") if answer else _("No")
        elif item.options:
            shown = f"{answer} — {item.options[answer]}"
        else:
            shown = f"{answer} / {scoring.item_max(response.instrument, item.number)}"
        rows.append((item.text, shown))
    return rows
