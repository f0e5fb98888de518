from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from patients import pain_map, scoring
from patients.concurrency import VersionedFormMixin
from patients.duplicates import likely_duplicates
from patients.formtools import FixedChoiceField, nrs_field
from patients.instruments import items_of
from patients.models import RED_FLAG_FIELDS, Condition, Instrument, PainAssessment, PainType, Patient, SpineRegion
from patients.submissions import SubmitOnceMixin

YES_NO = [(1, _("Yes")), (0, _("No"))]


MISSING_ITEM = _("Not answered.")
UNNAMED_ACTIVITY = _("Name the activity you rated.")
NO_ACTIVITY = _("Name at least one activity and rate it.")
ANSWERED_ON_PAPER, ANSWERED_ON_TEXT = "paper", "text"


class TickBox(forms.CheckboxInput):
    """A checkbox that reads a posted "0" as unticked (the answers' own encoding), "1" as ticked."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=bool)

    def value_from_datadict(self, data, files, name) -> bool:
        return data.get(name) not in (None, "", "0", "false", "False")

    def format_value(self, value):
        return "1"


class QuestionnaireForm(SubmitOnceMixin, forms.Form):
    """One choice per item (0-5, or yes/no for RMDQ) for staff entry, keyboard first.

    With a loaded `text` each item shows its wording and each option its text ("3 — …", so typing
    the digit picks it); without one, the item topics alone (the paper form is in front of staff).
    `answers()` returns the list stored in QuestionnaireResponse.answers (None = unanswered).
    """

    radios = False  # RadioSelect for every item (the patient's form: one tap per item)
    check_missing = True  # refuse when too many items are unanswered (not for a saved draft)

    def __init__(self, *args, instrument: str, text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instrument not in Instrument.values:
            raise ValueError(f"Unknown instrument {instrument!r}")
        self.instrument = instrument
        self.text = text
        for item in items_of(instrument, text):
            if instrument == Instrument.PSFS:
                # The patient's own words for the activity, then its rating (clinical-standards.md §2.5).
                self.fields[f"activity_{item.number}"] = forms.CharField(
                    label=_("Activity %(number)d") % {"number": item.number},
                    help_text=item.text if text is not None else "",
                    max_length=scoring.PSFS_ACTIVITY_MAX,
                    required=False,
                    widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
                )
            if instrument == Instrument.RMDQ and not self.radios:
                # The paper RMDQ is a checklist: the score counts the ticked statements and an
                # unticked one counts 0 (Roland & Morris, Spine 1983;8:141-144).
                self.fields[f"item_{item.number}"] = forms.BooleanField(
                    label=f"{item.number}. {item.text}", required=False, widget=TickBox
                )
                continue
            radios = self.radios or instrument == Instrument.RMDQ
            choices = self._choices(item)
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=self._item_label(item),
                choices=choices if self.radios else [("", _("Not answered")), *choices],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}) if radios else self._menu(),
            )
        if not self.radios:
            self._add_staff_fields(text)

    def _add_staff_fields(self, text) -> None:
        """Staff entry: which form the patient answered (when a text is loaded), keyboard-friendly layout."""
        if text is not None:
            answered_on = _("this text (%(version)s, %(language)s), read with them")
            self.fields["answered_on"] = forms.ChoiceField(
                label=_("The patient answered"),
                choices=[
                    (ANSWERED_ON_PAPER, _("the clinic's paper form")),
                    (ANSWERED_ON_TEXT, answered_on % {"version": text.version, "language": text.language}),
                ],
                initial=ANSWERED_ON_PAPER,
                widget=forms.RadioSelect,
                help_text=_("A paper form's response records no text version."),
            )
            self.order_fields(["answered_on"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Yes/no items side by side: 24 RMDQ statements fit on one screen.
        self.helper.layout = Layout(
            *[
                InlineRadios(name) if isinstance(field.widget, forms.RadioSelect) else name
                for name, field in self.fields.items()
            ]
        )

    def _item_label(self, item) -> str:
        if self.instrument == Instrument.PSFS:
            return _("Rating of activity %(number)d (0 = unable, 10 = as before the problem)") % {"number": item.number}
        return f"{item.number}. {item.text}"

    def _menu(self) -> forms.Select:
        # PSFS ratings go to 10: the menu's own type-ahead picks "10", not the one-key script.
        return forms.Select(attrs={"data-keys": "native"} if self.instrument == Instrument.PSFS else None)

    def rows(self) -> list[tuple[int, object, object]]:
        """(number, activity field or None, answer field) of each item, for the patient's form."""
        return [
            (n, self[f"activity_{n}"] if f"activity_{n}" in self.fields else None, self[f"item_{n}"])
            for n in range(1, scoring.ITEM_COUNT[self.instrument] + 1)
        ]

    def activities(self) -> list[str]:
        """PSFS: the activity named in each slot ("" when unused); [] for the other instruments."""
        if self.instrument != Instrument.PSFS:
            return []
        return [
            (self.cleaned_data.get(f"activity_{n}") or "").strip()
            for n in range(1, scoring.ITEM_COUNT[self.instrument] + 1)
        ]

    def answered_on_text(self) -> bool:
        """Staff entry: True when the patient answered this loaded text (not the clinic's paper form)."""
        return self.text is not None and self.cleaned_data.get("answered_on") == ANSWERED_ON_TEXT

    def _choices(self, item) -> list[tuple[int, str]]:
        if self.instrument == Instrument.RMDQ:
            return YES_NO
        if not item.options:
            top = scoring.item_max(self.instrument, item.number)
            if self.instrument == Instrument.STARTBACK and top == 1:
                return [(0, _("0 — disagree")), (1, _("1 — agree"))]
            return [(n, str(n)) for n in range(top + 1)]
        if self.radios:
            return list(enumerate(item.options))
        return [(n, f"{n} — {option}") for n, option in enumerate(item.options)]

    def answers(self) -> list[int | None]:
        values = [self.cleaned_data.get(f"item_{n}") for n in range(1, scoring.ITEM_COUNT[self.instrument] + 1)]
        return [int(value) if isinstance(value, bool) else value for value in values]  # a tick is 1, else 0

    def clean(self):
        cleaned = super().clean()
        if self.instrument == Instrument.PSFS and not self.errors:
            return self._clean_activities(cleaned)
        if self.errors or not self.check_missing:
            return cleaned
        answers = self.answers()
        missing = [number for number, answer in enumerate(answers, start=1) if answer is None]
        allowed = scoring.MAX_MISSING[self.instrument]
        if len(missing) > allowed:
            for number in missing:  # highlighted next to each item, not only counted above the form
                self.add_error(f"item_{number}", MISSING_ITEM)
            raise forms.ValidationError(
                _("Too many unanswered items to score (%(missing)d missing, at most %(allowed)d allowed).")
                % {"missing": len(missing), "allowed": allowed}
            )
        return cleaned

    def _clean_activities(self, cleaned):
        """PSFS: each rating names its activity; each named activity is rated (not for a saved draft)."""
        answers, activities = self.answers(), self.activities()
        for number, (activity, rating) in enumerate(zip(activities, answers, strict=True), start=1):
            if rating is not None and not activity:
                self.add_error(f"activity_{number}", UNNAMED_ACTIVITY)
            elif activity and rating is None and self.check_missing:
                self.add_error(f"item_{number}", MISSING_ITEM)
        if self.check_missing and not self.errors and all(rating is None for rating in answers):
            raise forms.ValidationError(NO_ACTIVITY)
        return cleaned


class QuestionnaireCorrectForm(VersionedFormMixin, QuestionnaireForm):
    """Correcting a saved response: its items with the saved answers filled in, the version guarded
    (a correction saved meanwhile by someone else is refused as stale). The text it was answered on
    stays the response's own, so no "answered on" choice."""

    def __init__(self, *args, response, text=None, **kwargs):
        self.instance = response
        rmdq = response.instrument == Instrument.RMDQ
        saved = {f"item_{n}": bool(a) if rmdq else a for n, a in enumerate(response.answers or [], start=1)}
        super().__init__(*args, instrument=response.instrument, text=text, initial=saved, **kwargs)
        if self.fields.pop("answered_on", None) is not None:
            self._add_staff_fields(None)  # the layout again, without the choice just removed


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

    register_anyway = forms.BooleanField(
        label=_("This is a different person: save anyway"),
        required=False,
        help_text=_("Tick only after checking the records listed above."),
    )

    def __init__(self, *args, user=None, **kwargs):
        """`user` turns on the duplicate warning (patients/duplicates.py), over the patients they may see."""
        super().__init__(*args, **kwargs)
        field = self.fields["primary_practitioner"]  # sessions_app.Practitioner, by the foreign key
        field.queryset = field.queryset.select_related("user")
        self.user = user
        self.duplicates: list[Patient] = []

    def clean(self):
        cleaned = super().clean()
        identity = {"first_name", "last_name", "date_of_birth"}
        if self.user is None or (self.instance.pk and not identity & set(self.changed_data)):
            return cleaned
        self.duplicates = likely_duplicates(
            self.user,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
            date_of_birth=cleaned.get("date_of_birth"),
            exclude_pk=self.instance.pk,
        )
        if self.duplicates and not cleaned.get("register_anyway"):
            raise forms.ValidationError(DUPLICATE_WARNING, code="duplicate")
        return cleaned


PATIENT_FIELDS = PatientForm._meta.fields
DUPLICATE_WARNING = _(
    "A patient with this date of birth and a similar name is already registered: nothing was saved. "
    "Open the existing record, or confirm that this is a different person."
)


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


class AssessmentCorrectForm(VersionedFormMixin, forms.ModelForm):
    """Correcting a clinician's saved pain score: when, the score and the note (its map rows stay)."""

    nrs = nrs_field(_("Pain (NRS 0-10)"))

    class Meta:
        model = PainAssessment
        fields = ["assessed_at", "nrs", "notes"]
        widgets = AssessmentForm.Meta.widgets


class RegionScoreForm(forms.Form):
    """One row of the pain map without JavaScript: a region, its side and its intensity. A row left
    without a region is skipped; a row with one needs the side and the intensity."""

    region = FixedChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", "—"), *pain_map.REGION_CHOICES],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    side = FixedChoiceField(
        label=_("Side"),
        required=False,
        choices=[("", "—"), *pain_map.PainSide.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    intensity = nrs_field(
        _("Intensity (0-10)"), required=False, widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("region"):
            for name in ("side", "intensity"):
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("Give the side and the intensity of this region."))
        return cleaned

    def score(self) -> tuple[str, str, int] | None:
        data = self.cleaned_data
        return (data["region"], data["side"], data["intensity"]) if data.get("region") else None


class BaseRegionScoreFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            score = form.score()
            if score is None:
                continue
            if score[:2] in seen:
                form.add_error("region", _("This region and side are already scored above."))
            seen.add(score[:2])

    def is_valid(self) -> bool:
        """A post without the map's rows (the score alone, as integrations and older forms send it)
        records no map and is valid: the map is optional."""
        return not self.is_bound or super().is_valid()

    def scores(self) -> list[tuple[str, str, int]]:
        if not self.is_bound:
            return []
        return [score for form in self.forms if (score := form.score()) is not None]


def region_score_formset(data=None, initial=None) -> BaseRegionScoreFormSet:
    """The pain map's rows, bound only when the post carries them (its management form); `initial`:
    (region, side, intensity) rows already recorded, shown first."""
    bound = data is not None and f"{REGION_PREFIX}-TOTAL_FORMS" in data
    rows = [{"region": r, "side": s, "intensity": i} for r, s, i in initial or ()]
    return RegionScoreFormSet(data if bound else None, prefix=REGION_PREFIX, initial=rows or None)


RegionScoreFormSet = forms.formset_factory(
    RegionScoreForm,
    formset=BaseRegionScoreFormSet,
    extra=6,
    max_num=len(pain_map.REGION_CODES) * len(pain_map.PainSide.values),
    validate_max=True,
)
REGION_PREFIX = "regions"
