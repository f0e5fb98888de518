"""The treatment workflow's forms: the session form with its point rows, adverse events and
follow-up step, plans, prescriptions and follow-ups.

Over 500 lines on purpose: the session form's parts (points, events, the follow-up step with its
free slots, the warnings to confirm) validate together in one POST, and their shared field helpers
stay beside them; the calendar's forms are in `calendar_forms.py`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseFormSet, formset_factory
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from patients.concurrency import VersionedFormMixin
from patients.dates import validate_plausible_date
from patients.formtools import nrs_field
from patients.submissions import SubmitOnceMixin
from sessions_app.calendar_forms import SLOT_GONE, SlotField
from sessions_app.models import (
    MAX_DURATION,
    MIN_DURATION,
    NAME_TAKEN,
    SECOND_ACTIVE_PLAN,
    TYPICAL_DURATION,
    AcupunctureSession,
    AdverseEvent,
    FollowUp,
    PointPrescription,
    ReferralLetter,
    Side,
    TreatmentPlan,
)
from sessions_app.point_entry import JIAJI, LEVEL_RE, AcupointIndex, PointEntry, resolve_side, total_insertions

DURATION_MESSAGE = format_lazy(_("A session lasts {min} to {max} minutes."), min=MIN_DURATION, max=MAX_DURATION)
MAX_POINTS = 60
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def session_nrs_field(label) -> forms.IntegerField:
    return nrs_field(
        label, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nrs-input"})
    )


# --- acupoint rows -----------------------------------------------------------------------------


class RowStyleMixin:
    """Rows are drawn as table cells (not crispy blocks): Bootstrap classes, `is-invalid` on errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            base = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = f"{base} {field.widget.attrs.get('class', '')}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class PointRowForm(RowStyleMixin, forms.Form):
    """One point: code or pinyin (side and level may be typed after it), side, depth, Jiaji level."""

    code = forms.CharField(
        label=_("Point"),
        max_length=60,
        required=False,
        widget=forms.TextInput(
            attrs={"list": "acupoint-options", "autocomplete": "off", "class": "point-code", "spellcheck": "false"}
        ),
    )
    side = forms.ChoiceField(label=_("Side"), choices=[("", "—"), *Side.choices], required=False, widget=forms.Select)
    depth_mm = forms.IntegerField(
        label=_("Depth (mm)"), required=False, min_value=1, max_value=100, widget=forms.NumberInput
    )
    level = forms.CharField(
        label=_("Level"),
        max_length=3,
        required=False,
        help_text=_("Jiaji only, e.g. L4"),
        widget=forms.TextInput(attrs={"class": "point-level", "size": "3"}),
    )

    remove = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, index: AcupointIndex, **kwargs):
        super().__init__(*args, **kwargs)
        self.index = index
        self.entry: PointEntry | None = None

    def full_clean(self):
        """A row ticked "Remove" is dropped whole, whatever is left in it: one action, no errors."""
        super().full_clean()
        if self.is_bound and self.cleaned_data.get("remove"):
            self._errors = ErrorDict()
            self.entry = None

    def clean_level(self) -> str:
        level = self.cleaned_data["level"].strip().upper()
        if level and not LEVEL_RE.match(level):
            raise ValidationError(_("Use a vertebral level such as C5, T12 or L4."))
        return level

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("code") or "").strip()
        if not text:
            if cleaned.get("side") or cleaned.get("level") or cleaned.get("depth_mm"):
                self.add_error("code", _("Type a point code or name, or clear this row."))
            return cleaned
        try:
            parsed = self.index.parse(text)
        except ValidationError as error:
            self.add_error("code", error)
            return cleaned
        point = parsed.acupoint
        level = cleaned.get("level", "")
        if level and parsed.level and level != parsed.level:
            self.add_error("level", _("Two different levels were given."))
        level = level or parsed.level
        if level and point.code != JIAJI:
            self.add_error("level", _("A vertebral level is recorded for Jiaji (EX-B2) only."))
        try:
            side = resolve_side(point, cleaned.get("side", ""), parsed.side)
        except ValidationError as error:
            self.add_error("side", error)
        if not self.errors:
            self.entry = PointEntry(point, side, level, cleaned.get("depth_mm"))
        return cleaned


class PrescriptionPointForm(PointRowForm):
    """A prescription keeps the point and its side only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["depth_mm"]
        del self.fields["level"]


class BasePointFormSet(BaseFormSet):
    def __init__(self, *args, index: AcupointIndex, require_points: bool = True, **kwargs):
        kwargs.setdefault("form_kwargs", {})["index"] = index
        super().__init__(*args, **kwargs)
        self.require_points = require_points

    def entries(self) -> list[PointEntry]:
        return [form.entry for form in self.forms if form.entry is not None]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for entry in self.entries():
            if entry.key in seen:
                label = " ".join(filter(None, entry.key))
                raise ValidationError(_("%(point)s is entered twice: keep one row.") % {"point": label})
            seen.add(entry.key)
        if self.require_points and not seen:
            raise ValidationError(_("Enter at least one acupoint."))


def point_formset(*, data=None, initial=None, index: AcupointIndex, form=PointRowForm, min_rows: int = 12):
    """The point rows: enough blank rows to work without JavaScript (the script adds more)."""
    filled = len(initial or [])
    extra = max(3, min_rows - filled)
    formset_class = formset_factory(
        form, formset=BasePointFormSet, extra=extra, max_num=MAX_POINTS, validate_max=True, absolute_max=MAX_POINTS
    )
    return formset_class(data=data, initial=initial, index=index, prefix="points")


# --- adverse events ----------------------------------------------------------------------------


class AdverseEventForm(RowStyleMixin, forms.ModelForm):
    class Meta:
        model = AdverseEvent
        fields = ["kind", "severity", "notes"]
        widgets = {
            "kind": forms.Select,
            "severity": forms.Select,
            "notes": forms.TextInput(attrs={"placeholder": _("What happened, what was done")}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False
        self.fields["severity"].required = False

    def clean(self):
        cleaned = super().clean()
        kind, severity = cleaned.get("kind"), cleaned.get("severity")
        if (kind or severity or cleaned.get("notes")) and not kind:
            self.add_error("kind", _("Choose what happened."))
        if kind and not severity:
            self.add_error("severity", _("Choose how severe it was."))
        return cleaned

    @property
    def is_blank(self) -> bool:
        return not self.cleaned_data.get("kind")


class BaseAdverseEventFormSet(BaseFormSet):
    def events(self) -> list[dict]:
        return [
            {field: form.cleaned_data[field] for field in ("kind", "severity", "notes")}
            for form in self.forms
            if form.cleaned_data and not form.is_blank
        ]


AdverseEventFormSet = formset_factory(
    AdverseEventForm, formset=BaseAdverseEventFormSet, extra=1, max_num=10, validate_max=True, absolute_max=10
)


# --- the session -------------------------------------------------------------------------------

SESSION_FIELDS = [
    "started_at",
    "duration_minutes",
    "technique",
    "needle_count",
    "needle_gauge_mm",
    "needle_length_mm",
    "retention_minutes",
    "deqi",
    "electro_frequency_hz",
    "co_interventions",
    "subjective",
    "objective",
    "assessment",
    "plan_note",
]
# What "repeat last session" copies besides the points: the needling, never the time, notes or pain.
REPEATABLE_FIELDS = [
    field
    for field in SESSION_FIELDS
    if field not in {"started_at", "subjective", "objective", "assessment", "plan_note"}
]


class SessionForm(forms.ModelForm):
    """The session's own fields plus pre/post pain; the view pairs it with the point rows."""

    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=MIN_DURATION,
        max_value=MAX_DURATION,
        initial=TYPICAL_DURATION,
        help_text=DURATION_MESSAGE,
        error_messages={"min_value": DURATION_MESSAGE, "max_value": DURATION_MESSAGE, "invalid": DURATION_MESSAGE},
    )
    started_at = forms.DateTimeField(
        label=_("Started at"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    pre_nrs = session_nrs_field(_("Pain before needling (0-10)"))
    post_nrs = session_nrs_field(_("Pain after needling (0-10)"))
    # The codes of the warnings the practitioner chose to save anyway (sessions_app/session_warnings.py).
    confirm_warnings = forms.CharField(required=False, max_length=200)

    class Meta:
        model = AcupunctureSession
        fields = SESSION_FIELDS
        widgets = {
            # No placeholders that look like values: an empty field is visibly empty and saves empty.
            "needle_gauge_mm": forms.NumberInput(attrs={"step": "0.01"}),
            "electro_frequency_hz": forms.NumberInput(attrs={"step": "0.5"}),
            "subjective": forms.Textarea(attrs={"rows": 2}),
            "objective": forms.Textarea(attrs={"rows": 2}),
            "assessment": forms.Textarea(attrs={"rows": 2}),
            "plan_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "needle_count": _("Left empty, the insertions counted from the points are saved."),
            "needle_gauge_mm": _("As printed on the needle box, in mm."),
            "needle_length_mm": _("As printed on the needle box, in mm."),
            "electro_frequency_hz": _("Electroacupuncture only."),
        }

    # The start's own rules (not in the future, not before birth) are the model's: see clean().

    def clean(self):
        cleaned = super().clean()
        started, minutes = cleaned.get("started_at"), cleaned.get("duration_minutes")
        if cleaned.get("post_nrs") is not None and started and minutes:
            session = AcupunctureSession(started_at=started, duration_minutes=minutes)
            if not session.has_ended:
                self.add_error(
                    "post_nrs",
                    _("The session ends at %(time)s: record the pain after needling once it has ended.")
                    % {"time": time_format(timezone.localtime(session.ends_at))},
                )
        return cleaned


class SessionCreateForm(SubmitOnceMixin, SessionForm):
    """A new session also schedules the next follow-up with its aftercare advice."""

    followup_due_on = forms.DateField(
        label=_("Next follow-up"),
        required=False,
        validators=[validate_plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    followup_aftercare = forms.CharField(
        label=_("Aftercare advice"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    followup_exercises = forms.CharField(label=_("Exercises"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    followup_slot = SlotField(label=_("Book it now: free times near that date"))
    # When the patient already has a scheduled follow-up: move it, or add another (never silently both).
    followup_existing = forms.ChoiceField(
        label=_("The follow-up already scheduled"),
        choices=[("move", _("Move it to this date")), ("add", _("Keep it and add another"))],
        initial="move",
        required=False,
        widget=forms.RadioSelect,
    )
    followup_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, followup_slots=(), existing_followup=None, **kwargs):
        """`existing_followup`: the patient's next scheduled follow-up, or None;
        `followup_slots`: free slots near the follow-up date (agenda.free_slots_near)."""
        super().__init__(*args, **kwargs)
        self.existing_followup = existing_followup
        self.fields["followup_slot"].set_slots(followup_slots)
        self.fields["followup_slot"].error_messages["invalid_choice"] = SLOT_GONE
        if existing_followup is None:
            del self.fields["followup_existing"], self.fields["followup_version"]
        else:
            self.initial.setdefault("followup_version", existing_followup.version)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("followup_slot") and not cleaned.get("followup_due_on"):
            self.add_error("followup_slot", _("Choose the follow-up date to book its appointment."))
        if (
            self.existing_followup is not None
            and cleaned.get("followup_due_on")
            and not cleaned.get("followup_existing")
        ):
            self.add_error("followup_existing", _("Choose: move the follow-up already scheduled, or add another."))
        due, started = cleaned.get("followup_due_on"), cleaned.get("started_at")
        if due and started and due < timezone.localtime(started).date():
            self.add_error(
                "followup_due_on",
                _("The follow-up cannot be before the session (%(day)s).")
                % {"day": date_format(timezone.localtime(started).date())},
            )
        if not due and (cleaned.get("followup_aftercare") or cleaned.get("followup_exercises")):
            self.add_error("followup_due_on", _("Choose the follow-up date to keep the advice."))
        return cleaned

    @property
    def moves_existing(self) -> bool:
        return self.existing_followup is not None and self.cleaned_data.get("followup_existing") == "move"

    def followup(self) -> dict | None:
        if not self.cleaned_data.get("followup_due_on"):
            return None
        return {
            "due_on": self.cleaned_data["followup_due_on"],
            "aftercare": self.cleaned_data["followup_aftercare"],
            "exercises": self.cleaned_data["followup_exercises"],
        }


class SessionEditForm(VersionedFormMixin, SessionForm):
    """Editing keeps recorded pain scores: they can be corrected, not removed."""

    def __init__(self, *args, recorded_pain: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.recorded_pain = recorded_pain

    def clean(self):
        cleaned = super().clean()
        for field in ("pre_nrs", "post_nrs"):
            if field in self.recorded_pain and cleaned.get(field) is None and field not in self.errors:
                self.add_error(field, _("A recorded pain score can be corrected, not removed."))
        return cleaned


def session_details(form: SessionForm, entries: list[PointEntry]) -> dict:
    """The session's fields to save. A needle count left empty is the insertions counted from the
    points (STRICTA 2010 item 2a asks for the number of insertions; each point needled on one side is
    one): the points are what the practitioner recorded, so the count is theirs, never a guess. A count
    typed in (several needles at one point) is kept as typed."""
    details = {field: form.cleaned_data[field] for field in SESSION_FIELDS}
    if details["needle_count"] is None and entries:
        details["needle_count"] = total_insertions(entries)
    return details


# --- plans, follow-ups, prescriptions ----------------------------------------------------------


class PlanForm(SubmitOnceMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = TreatmentPlan
        fields = [
            "goal", "planned_sessions", "sessions_per_week", "start_on", "style", "rationale", "prescription", "status"
        ]  # fmt: skip
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "start_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, practitioner=None, **kwargs):
        """`practitioner`: the editor, whose own prescriptions may be chosen (and the plan's current one)."""
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["status"]
        own = Q(practitioner=practitioner) if practitioner is not None else Q(pk__in=[])
        self.fields["prescription"].queryset = PointPrescription.objects.filter(
            own | Q(pk=self.instance.prescription_id)
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status", TreatmentPlan.Status.ACTIVE)
        others = TreatmentPlan.objects.filter(patient=self.instance.patient, status=TreatmentPlan.Status.ACTIVE)
        if status == TreatmentPlan.Status.ACTIVE and others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(SECOND_ACTIVE_PLAN)
        return cleaned


PLAN_FIELDS = [
    "goal", "planned_sessions", "sessions_per_week", "start_on", "style", "rationale", "prescription", "status"
]  # fmt: skip


class AdverseEventCorrectForm(VersionedFormMixin, forms.ModelForm):
    """Correcting a saved adverse event: what happened, how severe, the note; the version guarded."""

    class Meta:
        model = AdverseEvent
        fields = ["kind", "severity", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(SubmitOnceMixin, forms.ModelForm):
    """A follow-up, and (optionally) its appointment in one of the free slots near its due date."""

    followup_slot = SlotField(label=_("Book it now: free times near the due date"))

    class Meta:
        model = FollowUp
        fields = ["due_on", "aftercare", "exercises"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "aftercare": forms.Textarea(attrs={"rows": 3}),
            "exercises": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followup_slot"].set_slots(slots)
        self.fields["followup_slot"].error_messages["invalid_choice"] = SLOT_GONE

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise ValidationError(_("A new follow-up cannot be due in the past."))
        return due


class FollowUpStatusForm(forms.Form):
    """The version the button was rendered with: marking twice, or after a colleague, is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PrescriptionForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = PointPrescription
        fields = ["name"]

    def __init__(self, *args, practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.practitioner = practitioner
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. Lumbar standard")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = PointPrescription.objects.in_use().filter(practitioner=self.practitioner, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(NAME_TAKEN)
        return name


class ReferralLetterForm(SubmitOnceMixin, forms.ModelForm):
    """The referral letter's recipient and message; the facts come from the record when it is printed."""

    class Meta:
        model = ReferralLetter
        fields = ["recipient", "recipient_name", "recipient_address", "message"]
        widgets = {
            "recipient": forms.RadioSelect,
            "recipient_address": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "recipient_name": _("A person or a practice, e.g. Dr. A. de Vries, Huisartsenpraktijk Centrum."),
            "message": _("Why you write: the question, the request or the advice. The course, the sessions and "
                         "the adverse events are added from the record."),
        }  # fmt: skip

    def clean_recipient_name(self):
        name = self.cleaned_data["recipient_name"].strip()
        if not name:
            raise ValidationError(_("Name the person or practice the letter goes to."))
        return name

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise ValidationError(_("Write the message of the letter."))
        return message
