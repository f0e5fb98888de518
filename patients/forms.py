from django import forms
from django.utils.translation import gettext_lazy as _

from patients import scoring
from patients.models import Instrument

YES_NO = [(1, _("Yes")), (0, _("No"))]


class QuestionnaireForm(forms.Form):
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
