from django import forms
from django.utils.translation import gettext_lazy as _

from patients import scoring
from patients.concurrency import VersionedFormMixin
from patients.formtools import nrs_field
from patients.models import RED_FLAG_FIELDS, Condition, Instrument, PainAssessment, PainType, Patient, SpineRegion
from patients.submissions import SubmitOnceMixin
from sessions_app.models import Practitioner

YES_NO = [(1, _("Yes")), (0, _("No"))]


class QuestionnaireForm(SubmitOnceMixin, forms.Form):
    """One choice per item (0-5, or yes/no for RMDQ), titled by the item; no licensed wording.

    `answers()` returns the list stored in QuestionnaireResponse.answers (None = unanswered).
    """

    def __init__(self, *args, instrument: str, **kwargs):
        super().__init__(*args, **kwargs)
        if instrument not in Instrument.values:
            raise ValueError(f"Unknown instrument {instrument!r}")
        self.instrument = instrument
        top = scoring.ITEM_MAX[instrument]
        choices = YES_NO if instrument == Instrument.RMDQ else [(n, str(n)) for n in range(top + 1)]
        for number, title in enumerate(scoring.ITEM_TITLES[instrument], start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {title}",
                choices=[("", _("Not answered")), *choices],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect if instrument == Instrument.RMDQ else forms.Select,
            )

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(f"item_{n}") for n in range(1, scoring.ITEM_COUNT[self.instrument] + 1)]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        answers = self.answers()
        missing = sum(answer is None for answer in answers)
        if missing > scoring.MAX_MISSING[self.instrument]:
            allowed = scoring.MAX_MISSING[self.instrument]
            raise forms.ValidationError(
                _("Too many unanswered items to score (%(missing)d missing, at most %(allowed)d allowed).")
                % {"missing": missing, "allowed": allowed}
            )
        return cleaned


# --- patients ----------------------------------------------------------------------------------


class PatientForm(VersionedFormMixin, forms.ModelForm):
    """Registration and intake: who, what hurts and since when, other treatments, red-flag screening."""

    class Meta:
        model = Patient
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "email",
            "phone",
            "primary_practitioner",
            "chief_complaint",
            "spine_region",
            "pain_type",
            "condition",
            "onset_date",
            "co_physiotherapy",
            "co_chiropractic",
            "co_medication",
            "co_treatment_notes",
            *RED_FLAG_FIELDS,
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "onset_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "chief_complaint": forms.Textarea(attrs={"rows": 2}),
            "co_treatment_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_practitioner"].queryset = Practitioner.objects.select_related("user")


PATIENT_FIELDS = PatientForm._meta.fields


class PatientCreateForm(SubmitOnceMixin, PatientForm):
    baseline_nrs = nrs_field(
        _("Pain today (0-10)"), required=False, help_text=_("Recorded as the baseline pain score.")
    )


STATUS_CHOICES = [("active", _("Active")), ("archived", _("Archived")), ("all", _("All"))]
ATTENTION_CHOICES = [("", _("Any")), ("worse", _("Worse than baseline")), ("red_flags", _("Red flags"))]


class PatientFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or MRN"), required=False, max_length=100)
    condition = forms.ChoiceField(label=_("Condition"), choices=[("", _("Any")), *Condition.choices], required=False)
    spine_region = forms.ChoiceField(label=_("Region"), choices=[("", _("Any")), *SpineRegion.choices], required=False)
    pain_type = forms.ChoiceField(label=_("Pain type"), choices=[("", _("Any")), *PainType.choices], required=False)
    attention = forms.ChoiceField(label=_("Needs attention"), choices=ATTENTION_CHOICES, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    mine = forms.BooleanField(label=_("My patients only"), required=False)

    def filters(self) -> dict:
        """Cleaned filters; anything invalid is ignored (a list page never errors on its query string)."""
        if not self.is_valid():
            return {"status": "active"}
        return self.cleaned_data | {"status": self.cleaned_data["status"] or "active"}


class AssessmentForm(SubmitOnceMixin, forms.ModelForm):
    nrs = nrs_field(_("Pain (NRS 0-10)"))

    class Meta:
        model = PainAssessment
        fields = ["assessed_at", "nrs", "notes"]
        widgets = {
            "assessed_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    # Not after now, not before birth, within the plausible range: the model's rules (dates.py).
