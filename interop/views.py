"""The staff's exports of one patient's record: FHIR R4 and CSV (CONTRACT.md "FHIR")."""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from interop.exports import export_csv
from interop.fhir import CONTENT_TYPE, bundle_json
from patients.audit import record_access
from patients.models import AccessLog, Patient
from patients.permissions import get_patient_for_user, staff_required

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
def patient_fhir(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    return fhir_response(request, patient, back=reverse("patients:patient_detail", args=[patient.pk]))


@never_cache
@require_safe
@staff_required
def patient_csv(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    return csv_response(request, patient, back=reverse("patients:patient_detail", args=[patient.pk]))
