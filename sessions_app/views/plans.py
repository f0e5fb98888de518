"""Treatment plans (STRICTA 1 and 3): goal, number and rhythm of sessions, style and rationale."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from patients.archive import require_writable
from patients.audit import record_edit_opened
from patients.concurrency import STALE_MESSAGE, StaleEdit
from patients.formtools import attach_errors, rebind_on_current, refuses_archived, stale_rows
from patients.permissions import get_patient_for_user, practitioner_for, practitioner_required
from patients.submissions import back_to, once_per_form, submit_once
from sessions_app import services
from sessions_app.forms import PLAN_FIELDS, PlanForm
from sessions_app.models import TreatmentPlan


@require_http_methods(["GET", "POST"])
@practitioner_required
@once_per_form(back_to("patients:patient_detail", "patient_id"))
@refuses_archived
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    form = PlanForm(
        request.POST or None, instance=TreatmentPlan(patient=patient), practitioner=practitioner_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        details = {field: form.cleaned_data[field] for field in PLAN_FIELDS if field in form.cleaned_data}
        try:
            submit_once(
                token=form.token, by=request.user, write=services.plan_create,
                patient=patient, practitioner=practitioner_for(request.user), details=details,
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Treatment plan saved."))
            return redirect("patients:patient_detail", patient.pk)
    return render(request, "sessions_app/plan_form.html", {"form": form, "patient": patient})


@require_http_methods(["GET", "POST"])
@practitioner_required
@refuses_archived
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(TreatmentPlan.objects.visible_to(request.user).select_related("patient"), pk=pk)
    require_writable(plan)
    record_edit_opened(request, plan.patient)
    form = PlanForm(request.POST or None, instance=plan, practitioner=practitioner_for(request.user))
    stale = []
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, expected_version=form.cleaned_data["version"], fields=PLAN_FIELDS)
        except StaleEdit as error:
            stale = stale_rows(TreatmentPlan, error)
            form = rebind_on_current(PlanForm, request.POST, error, practitioner=practitioner_for(request.user))
            messages.error(request, STALE_MESSAGE)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Treatment plan updated."))
            return redirect("patients:patient_detail", plan.patient_id)
    context = {"form": form, "patient": plan.patient, "plan": plan, "stale": stale}
    return render(request, "sessions_app/plan_form.html", context)
