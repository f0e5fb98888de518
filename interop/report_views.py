"""The progress report (staff and patient) and the referral letter, as PDF; the letter's form.

A report is reading: an archived record still prints. Each PDF is in the access log once it is
built, and is sent with Cache-Control: no-store. The letter's recipient and message are posted to
the form and kept (`ReferralLetter`); the PDF's URL carries only the letter's primary key.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from interop.pdf import render_pdf
from interop.reports import report_for
from patients.archive import require_writable
from patients.audit import record_access
from patients.formtools import attach_errors, refuses_archived
from patients.models import AccessLog, Patient
from patients.permissions import get_patient_for_user, patient_for, patient_required, practitioner_for, staff_required
from patients.selectors import patient_for_page
from patients.submissions import once_per_form, submit_once
from sessions_app import services
from sessions_app.forms import ReferralLetterForm
from sessions_app.models import ReferralLetter


def _pdf(request: HttpRequest, template: str, report, *, action: str, filename: str) -> HttpResponse:
    body = render_pdf(template, {"report": report}, request=request)
    record_access(request, report.patient, action)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@never_cache
@require_safe
@staff_required
def patient_report(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_page(request.user, pk)
    report = report_for(patient, signer=practitioner_for(request.user))
    return _pdf(
        request, "reports/report.html", report, action=AccessLog.Action.EXPORT_PDF, filename=f"report-{patient.pk}.pdf"
    )


@never_cache
@require_safe
@patient_required
def portal_report(request: HttpRequest) -> HttpResponse:
    own = patient_for(request.user)
    if own is None:
        raise Http404
    # Read again with the practitioner who signs (one query instead of two on the way).
    patient = Patient.objects.visible_to(request.user).select_related("primary_practitioner__user").get(pk=own.pk)
    report = report_for(patient, signer=None, for_patient=True)
    return _pdf(request, "reports/report.html", report, action=AccessLog.Action.EXPORT_PDF, filename="my-report.pdf")


def _letter_page(request: HttpRequest, letter: ReferralLetter | None) -> HttpResponse:
    if letter is None:
        return redirect("home")
    return redirect(f"{reverse('patient_letter', args=[letter.patient_id])}?to={letter.pk}")


@require_http_methods(["GET", "POST"])
@staff_required
@once_per_form(lambda request, created: _letter_page(request, created))
@refuses_archived
def letter_create(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    require_writable(patient)
    form = ReferralLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = submit_once(
                token=form.token, by=request.user, write=services.letter_write,
                patient=patient, details=form.cleaned_data, written_by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Referral letter saved: it opens as a PDF to print or send."))
            return _letter_page(request, letter)
    return render(request, "reports/letter_form.html", {"form": form, "patient": patient})


@never_cache
@require_safe
@staff_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_page(request.user, pk)
    letter = _letter_of(patient, request.GET.get("to", ""))
    writer = practitioner_for(letter.written_by)
    report = report_for(patient, signer=writer or practitioner_for(request.user), letter=letter)
    return _pdf(
        request, "reports/letter.html", report, action=AccessLog.Action.LETTER_PDF, filename=f"letter-{letter.pk}.pdf"
    )


def _letter_of(patient: Patient, to: str) -> ReferralLetter:
    """The patient's letter whose primary key is `to`; 404 for any other value or another patient's letter."""
    if not to.isdigit():
        raise Http404
    return get_object_or_404(ReferralLetter.objects.select_related("written_by"), pk=int(to), patient=patient)
