"""The patient's questionnaire, answered in the clinic's loaded text: saving the answers to finish later.

Sending the answers is `portal_views.questionnaire_fill`; both render `portal/questionnaire_form.html`
through `fill_page`. Without a loaded text in the patient's language nothing is shown to answer
(`portal/questionnaire_unavailable.html`): the instrument is then entered by staff only.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patients import portal_services
from patients.archive import require_writable
from patients.concurrency import STALE_MESSAGE, StaleEdit
from patients.formtools import attach_errors, refuses_archived
from patients.instruments import text_of_response
from patients.models import InstrumentText, QuestionnaireResponse
from patients.permissions import patient_for, patient_required
from patients.portal_forms import QuestionnaireDraftForm


def fill_page(request: HttpRequest, form, response: QuestionnaireResponse, text: InstrumentText) -> HttpResponse:
    """The form again, with each unanswered item that stopped the send listed and marked."""
    missing = [
        number
        for number in range(1, len(text.items) + 1)
        if f"item_{number}" in form.errors or f"activity_{number}" in form.errors
    ]
    context = {"form": form, "response": response, "text": text, "missing": missing}
    return render(request, "portal/questionnaire_form.html", context)


def unavailable_page(request: HttpRequest, response: QuestionnaireResponse) -> HttpResponse:
    return render(request, "portal/questionnaire_unavailable.html", {"response": response})


@require_POST
@patient_required
@refuses_archived
def questionnaire_save_draft(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for(request.user)  # the role check has read it: the patient's own record only
    response = get_object_or_404(QuestionnaireResponse, pk=pk, patient=patient, completed_at__isnull=True)
    require_writable(patient)
    text = text_of_response(response)
    if text is None:
        return unavailable_page(request, response)
    form = QuestionnaireDraftForm(request.POST, instance=response, text=text, previous_activities=())
    if not form.is_valid():
        return fill_page(request, form, response, text)
    try:
        portal_services.questionnaire_save_draft(
            response=response,
            answers=form.answers(),
            activities=form.activities(),
            expected_version=form.cleaned_data["version"],
            user=request.user,
        )
    except StaleEdit:
        form.add_error(None, STALE_MESSAGE)
    except ValidationError as exc:
        attach_errors(form, exc)
    else:
        messages.success(
            request, _("Your answers so far are saved. Finish the questionnaire from your page when you like.")
        )
        return redirect("portal:home")
    return fill_page(request, form, response, text)
