"""Staff pages that compose a patient's record with the sessions app: the home dashboard, the
patient's record page and the clinic's outcomes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from patients import questionnaire_outcomes
from patients import selectors as patient_selectors
from patients.audit import record_access
from patients.models import AccessLog
from patients.permissions import admin_required, practitioner_for, role_of, staff_required
from patients.progress_views import portal_access_context
from patients.region_outcomes import outcomes_by_region
from patients.trend_panel import trend_context
from records import outcomes, selectors
from records.rows import record_rows
from sessions_app.services import licence_refusal


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    if role in ("practitioner", "admin"):
        board = selectors.dashboard(request.user, practitioner_for(request.user))
        return render(request, "patients/dashboard.html", {"board": board})
    if role == "patient":
        return redirect("portal:home")
    return render(request, "home.html", {"role": role})


@require_safe
@staff_required
def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_selectors.patient_for_page(request.user, pk)
    record_access(request, patient, AccessLog.Action.VIEW)
    record = selectors.patient_record(
        patient, sessions_page=request.GET.get("sessions"), assessments_page=request.GET.get("assessments")
    )
    practitioner = practitioner_for(request.user)
    context = {
        "patient": patient,
        "record": record,
        "summary": record.summary,
        "session_refusal": licence_refusal(practitioner) if practitioner else None,
        "is_practitioner": practitioner is not None,
        **record_rows(record, patient, request.user),
        **trend_context(patient, page=request.GET.get("trend_page"), history=record.history),
        **portal_access_context(patient),
    }
    return render(request, "patients/patient_detail.html", context)


@require_safe
@admin_required
def outcomes_report(request: HttpRequest) -> HttpResponse:
    context = {
        "report": outcomes.clinic_outcomes(),
        "measures": questionnaire_outcomes.measure_outcomes(),
        "risk_groups": questionnaire_outcomes.intake_risk_groups(),
        "by_region": outcomes_by_region(),
    }
    return render(request, "patients/outcomes.html", context)
