from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from patients import patient_rows, selectors, services, undo
from patients.archive import require_writable
from patients.audit import record_edit_opened
from patients.concurrency import STALE_MESSAGE, StaleEdit
from patients.forms import PATIENT_FIELDS, PatientCreateForm, PatientFilterForm, PatientForm
from patients.formtools import attach_errors, rebind_on_current, refuses_archived, stale_rows
from patients.models import Patient
from patients.pagination import KeysFirstPaginator
from patients.permissions import get_patient_for_user, practitioner_for, staff_required
from patients.search import typo_threshold
from patients.submissions import back_to, once_per_form, submit_once

PAGE_SIZE = 25


@require_safe
@staff_required
def patient_list(request: HttpRequest) -> HttpResponse:
    filter_form = PatientFilterForm(request.GET)
    filters = filter_form.filters()
    with typo_threshold(DEFAULT_DB_ALIAS, filters.get("q") or ""):  # PostgreSQL: indexes for every branch
        patients = selectors.patient_list(request.user, filters, practitioner_for(request.user))
        page = KeysFirstPaginator(patients.only(*patient_rows.FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": patient_rows.patient_rows(page, timezone.localdate()),
        "filter_form": filter_form,
        "query_string": query.urlencode(),
    }
    return render(request, "patients/patient_list.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
@once_per_form(back_to("patients:patient_detail", "pk"))
def patient_create(request: HttpRequest) -> HttpResponse:
    initial = {"primary_practitioner": practitioner_for(request.user)}
    form = PatientCreateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            patient = submit_once(
                token=form.token, by=request.user, write=services.patient_create,
                patient=form.instance, recorded_by=request.user, baseline_nrs=form.cleaned_data["baseline_nrs"],
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Patient registered."))
            return redirect("patients:patient_detail", patient.pk)
    return render(request, "patients/patient_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@staff_required
@refuses_archived
def patient_edit(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    record_edit_opened(request, patient)
    form = PatientForm(request.POST or None, instance=patient, user=request.user)
    stale = []
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_update(
                patient=patient, expected_version=form.cleaned_data["version"], fields=PATIENT_FIELDS
            )
        except StaleEdit as error:
            stale = stale_rows(Patient, error)
            form = rebind_on_current(PatientForm, request.POST, error)
            messages.error(request, STALE_MESSAGE)
        else:
            messages.success(request, _("Patient record updated."))
            return redirect("patients:patient_detail", patient.pk)
    return render(request, "patients/patient_form.html", {"form": form, "patient": patient, "stale": stale})


@require_POST
@staff_required
@refuses_archived
def patient_archive(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    before = undo.snapshot(patient, ["archived_at"])
    services.patient_archive(patient=patient)
    undo.offer(request, patient, before, _("Patient archived: hidden from lists, nothing deleted. It can be restored."))
    return redirect("patients:patient_detail", patient.pk)


@require_POST
@staff_required
def patient_restore(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    services.patient_restore(patient=patient)
    messages.success(request, _("Patient restored."))
    return redirect("patients:patient_detail", patient.pk)
