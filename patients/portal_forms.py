"""Forms of the patient portal and of the practitioner's portal-access panel."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patients.concurrency import VersionedFormMixin
from patients.forms import QuestionnaireForm
from patients.instruments import activity_initial, no_text_message, patient_language, sending_hint, text_for
from patients.measures import NRS_VALUES
from patients.models import ALREADY_PENDING, Instrument, Patient, QuestionnaireResponse
from patients.portal_services import invitation_pending
from patients.submissions import SubmitOnceMixin


class SelfReportForm(SubmitOnceMixin, forms.Form):
    nrs = forms.TypedChoiceField(
        label=_("How bad is your pain today? (0 = no pain, 10 = worst pain imaginable)"),
        choices=[(n, str(n)) for n in NRS_VALUES],
        coerce=int,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Anything to add? (optional)"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(InlineRadios("nrs"), "notes", "submission_token")


class QuestionnaireAnswerForm(VersionedFormMixin, QuestionnaireForm):
    """The questionnaire as the patient answers it: the loaded text, one tap per item, the record's version.

    A draft saved earlier ("finish later") fills the choices in again.
    """

    radios = True

    def __init__(self, *args, instance: QuestionnaireResponse, text, previous_activities=(), **kwargs):
        self.instance = instance
        initial = {f"item_{n}": a for n, a in enumerate(instance.answers or [], start=1)}
        if instance.instrument == Instrument.PSFS:
            # The draft's activities, else those of the last PSFS: the same activities are re-rated.
            initial |= activity_initial(instance.activities or list(previous_activities))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, instrument=instance.instrument, text=text, **kwargs)


class QuestionnaireDraftForm(QuestionnaireAnswerForm):
    """The answers so far, kept to finish later: any item may still be unanswered."""

    check_missing = False


class QuestionnaireAssignForm(SubmitOnceMixin, forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"), choices=Instrument.choices)

    def __init__(self, *args, patient: Patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.fields["instrument"].help_text = sending_hint(patient)

    def clean_instrument(self) -> str:
        instrument = self.cleaned_data["instrument"]
        pending = QuestionnaireResponse.objects.filter(
            patient=self.patient, instrument=instrument, completed_at__isnull=True
        )
        if pending.exists():
            raise forms.ValidationError(ALREADY_PENDING)
        language = patient_language(self.patient)
        if text_for(instrument, language) is None:
            raise forms.ValidationError(no_text_message(instrument, language))
        return instrument


class PatientInviteForm(SubmitOnceMixin, forms.Form):
    email = forms.EmailField(label=_("Patient's e-mail"), max_length=150)

    def __init__(self, *args, patient: Patient, **kwargs):
        kwargs.setdefault("initial", {"email": patient.email})
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        if self.patient.user_id is not None and not invitation_pending(self.patient):
            raise forms.ValidationError(_("This patient already has a portal account."))
        email = cleaned.get("email")
        others = User.objects.exclude(pk=self.patient.user_id) if self.patient.user_id else User.objects.all()
        if email and others.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            self.add_error("email", _("An account with this e-mail already exists."))
        return cleaned
