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
from patients.models import Instrument, Patient, QuestionnaireResponse
from patients.portal_services import invitation_pending


class SelfReportForm(forms.Form):
    nrs = forms.TypedChoiceField(
        label=_("How bad is your pain today? (0 = no pain, 10 = worst pain imaginable)"),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Anything to add? (optional)"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(InlineRadios("nrs"), "notes")


class QuestionnaireAnswerForm(VersionedFormMixin, QuestionnaireForm):
    """The practitioner's questionnaire form, answered by the patient, with the record's version."""

    def __init__(self, *args, instance: QuestionnaireResponse, **kwargs):
        self.instance = instance
        super().__init__(*args, instrument=instance.instrument, **kwargs)


class QuestionnaireAssignForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"), choices=Instrument.choices)

    def __init__(self, *args, patient: Patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_instrument(self) -> str:
        instrument = self.cleaned_data["instrument"]
        pending = QuestionnaireResponse.objects.filter(
            patient=self.patient, instrument=instrument, completed_at__isnull=True
        )
        if pending.exists():
            raise forms.ValidationError(_("This questionnaire is already waiting for the patient."))
        return instrument


class PatientInviteForm(forms.Form):
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
