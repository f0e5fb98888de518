"""Practitioner and admin views of one patient's progress (progress.json) and portal access."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from patients import portal_services
from patients.archive import require_writable
from patients.audit import record_access
from patients.formtools import attach_errors, refuses_archived, safe_next
from patients.models import AccessLog, Patient
from patients.permissions import get_patient_for_user, staff_required
from patients.portal_forms import PatientInviteForm, QuestionnaireAssignForm
from patients.readings import pain_points, region_points, score_points
from patients.submissions import once_per_form, submit_once
from patients.trends import progress_payload, questionnaire_payload


@never_cache
@require_safe
@staff_required
def patient_progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    patient = get_patient_for_user(request.user, pk)
    record_access(request, patient, AccessLog.Action.PROGRESS)
    return JsonResponse(progress_payload(patient, pain_points(patient), region_points(patient)))


@never_cache
@require_safe
@staff_required
def patient_questionnaires_json(request: HttpRequest, pk: int) -> JsonResponse:
    """Every questionnaire's scores, beside progress.json (whose keys the contract fixes)."""
    patient = get_patient_for_user(request.user, pk)
    record_access(request, patient, AccessLog.Action.PROGRESS)
    return JsonResponse({"patient": patient.pk, "questionnaires": questionnaire_payload(score_points(patient))})


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
