"""Practitioner and admin views of one patient's progress and exports, portal access, clinic outcomes."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from patients import outcomes, portal_services
from patients.archive import require_writable
from patients.audit import record_access
from patients.exports import export_csv
from patients.fhir import CONTENT_TYPE, bundle_json
from patients.formtools import attach_errors, refuses_archived, safe_next
from patients.models import AccessLog, Patient
from patients.permissions import admin_required, get_patient_for_user, staff_required
from patients.portal_forms import PatientInviteForm, QuestionnaireAssignForm
from patients.submissions import once_per_form, submit_once
from patients.trends import progress_payload

logger = logging.getLogger(__name__)


def _export_failed(request: HttpRequest, patient: Patient, back: str) -> HttpResponse:
    logger.exception("The export of patient %s could not be built.", patient.pk)
    messages.error(request, _("The export could not be built from this record, so nothing was exported."))
    return redirect(back)


def fhir_response(request: HttpRequest, patient: Patient, *, back: str) -> HttpResponse:
    """The FHIR export, logged once it is built: one that fails is neither sent nor logged."""
    try:
        body = bundle_json(patient, base_url=settings.CLINIC_FHIR_BASE_URL)
    except (OverflowError, ValueError):  # pydantic's ValidationError is a ValueError
        return _export_failed(request, patient, back)
    record_access(request, patient, AccessLog.Action.EXPORT_FHIR)
    return HttpResponse(body, content_type=CONTENT_TYPE)


def csv_response(request: HttpRequest, patient: Patient, *, back: str) -> HttpResponse:
    """The CSV export, logged once it is built (as the FHIR one)."""
    try:
        body = export_csv(patient)
    except (OverflowError, ValueError):
        return _export_failed(request, patient, back)
    record_access(request, patient, AccessLog.Action.EXPORT_CSV)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}.csv"'
    return response


@never_cache
@require_safe
@staff_required
def patient_progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    patient = get_patient_for_user(request.user, pk)
    record_access(request, patient, AccessLog.Action.PROGRESS)
    return JsonResponse(progress_payload(patient))


@never_cache
@require_safe
@staff_required
def patient_fhir(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    return fhir_response(request, patient, back=reverse("patients:patient_detail", args=[patient.pk]))


@never_cache
@require_safe
@staff_required
def patient_csv(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    return csv_response(request, patient, back=reverse("patients:patient_detail", args=[patient.pk]))


def portal_access_context(patient: Patient, *, assign_form=None, invite_form=None) -> dict:
    """Context of templates/patients/includes/portal_access_panel.html (invite, assign questionnaire)."""
    return {
        "portal_patient": patient,
        "invitation_pending": portal_services.invitation_pending(patient),
        "assign_form": assign_form or QuestionnaireAssignForm(patient=patient),
        "invite_form": invite_form or PatientInviteForm(patient=patient),
    }


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page the panel was on (`next`), else to the patient list."""
    target = safe_next(request)
    return HttpResponseRedirect(target) if target else redirect("patients:patient_list")


def _panel_page(request: HttpRequest, patient: Patient, **forms) -> HttpResponse:
    context = {"next": request.POST.get("next", ""), **portal_access_context(patient, **forms)}
    return render(request, "patients/portal_access.html", context)


@require_POST
@staff_required
@once_per_form(lambda request, created: _back(request))
@refuses_archived
def questionnaire_assign(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    form = QuestionnaireAssignForm(request.POST, patient=patient)
    if not form.is_valid():
        return _panel_page(request, patient, assign_form=form)
    try:
        response = submit_once(
            token=form.token, by=request.user, write=portal_services.questionnaire_assign,
            patient=patient, instrument=form.cleaned_data["instrument"], assigned_by=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        attach_errors(form, exc)
        return _panel_page(request, patient, assign_form=form)
    name = response.get_instrument_display()  # not str(response): that adds the score ("not scored")
    messages.success(request, _("%(name)s assigned: the patient can fill it in online.") % {"name": name})
    return _back(request)


@require_POST
@staff_required
@once_per_form(lambda request, created: _back(request))
@refuses_archived
def patient_invite(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    form = PatientInviteForm(request.POST, patient=patient)
    if not form.is_valid():
        return _panel_page(request, patient, invite_form=form)
    try:
        submit_once(
            token=form.token, by=request.user, write=portal_services.patient_invite,
            patient=patient, email=form.cleaned_data["email"], domain=request.get_host(), use_https=request.is_secure(),
        )  # fmt: skip
    except ValidationError as exc:
        attach_errors(form, exc)
        return _panel_page(request, patient, invite_form=form)
    messages.success(request, _("Invitation sent: the patient chooses a password from the e-mailed link."))
    return _back(request)


@require_safe
@admin_required
def outcomes_report(request: HttpRequest) -> HttpResponse:
    return render(request, "patients/outcomes.html", {"report": outcomes.clinic_outcomes()})
