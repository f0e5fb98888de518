"""Correcting a saved clinical record of the patients app by its author: a pain score, a questionnaire.

Each is versioned (a correction saved by someone else in between is refused as stale, showing what
they changed), kept in history (who, when), read-only once the patient is archived, and the opening
of its edit page is in the access log. Only the author corrects: whoever recorded it (a patient's
own answers are theirs, not the clinic's to rewrite): `patients.permissions.require_change`; anyone
else is refused with 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from patients import services
from patients.archive import require_writable
from patients.audit import record_edit_opened
from patients.choices import AssessmentSource
from patients.concurrency import StaleEdit
from patients.forms import AssessmentCorrectForm, QuestionnaireCorrectForm
from patients.formtools import attach_errors, refuses_archived
from patients.instruments import pinned_text
from patients.models import Instrument
from patients.permissions import get_patient_for_user, require_change, staff_required


@require_http_methods(["GET", "POST"])
@staff_required
@refuses_archived
def questionnaire_edit(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    response = get_object_or_404(patient.questionnaires.filter(completed_at__isnull=False), pk=response_pk)
    require_change(request.user, response)
    require_writable(response)
    record_edit_opened(request, patient)
    text = pinned_text(response)
    form = QuestionnaireCorrectForm(request.POST or None, response=response, text=text)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_correct(
                response=response, expected_version=form.cleaned_data["version"], answers=form.answers()
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Correction saved: score now %(score)s.") % {"score": response.score_display})
            return redirect("patients:questionnaire_detail", patient.pk, response.pk)
    context = {"form": form, "patient": patient, "instrument": Instrument(response.instrument), "text": text}
    return render(request, "patients/questionnaire_form.html", context | {"response": response})


@require_http_methods(["GET", "POST"])
@staff_required
@refuses_archived
def assessment_edit(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    """A clinician's own pain score; scores taken at a session are corrected on the session's form."""
    patient = get_patient_for_user(request.user, pk)
    entered_here = patient.assessments.filter(source=AssessmentSource.CLINICIAN, session__isnull=True)
    assessment = get_object_or_404(entered_here, pk=assessment_pk)
    require_change(request.user, assessment)
    require_writable(assessment)
    record_edit_opened(request, patient)
    form = AssessmentCorrectForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_correct(
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
                fields=["assessed_at", "nrs", "notes"],
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Pain score corrected."))
            return redirect("patients:patient_detail", patient.pk)
    return render(
        request, "patients/assessment_form.html", {"form": form, "patient": patient, "assessment": assessment}
    )
