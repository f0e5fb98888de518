"""Forms of the calendar: booking, moving and cancelling an appointment. They validate; booking.py writes.

Times are entered as wall-clock times in the clinic's time zone (Django reads a naive
`datetime-local` value in the current time zone), so 09:00 is 09:00 whatever the season; a time
that does not exist or exists twice on the day clocks change is refused by the field.
"""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from patients.concurrency import VersionedFormMixin
from sessions_app import opening_hours
from sessions_app.models import AdverseEvent, Location, Practitioner

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class _TimesMixin(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)
    )
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=10, max_value=180, initial=30)
    location = forms.ModelChoiceField(label=_("Room"), queryset=Location.objects.none(), required=False)
    # Shown only once a time outside the opening hours was entered: a likely slip (21:00 for 09:00)
    # is confirmed, not refused, since an evening visit for a working patient is a clinic's choice.
    outside_hours = forms.BooleanField(
        label=_("Book outside the opening hours anyway"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.all()

    def clean(self):
        cleaned = super().clean()
        start, minutes = cleaned.get("starts_at"), cleaned.get("duration_minutes")
        if start is None or minutes is None or cleaned.get("outside_hours"):
            return cleaned
        if not opening_hours.is_open_between(start, start + timedelta(minutes=minutes)):
            day = timezone.localtime(start).date()
            hours = opening_hours.describe(day)
            values = {"day": date_format(day, "l"), "hours": hours}
            message = (
                _("This is outside the opening hours (%(day)s %(hours)s): check the time, or confirm below.")
                if hours
                else _("The clinic is closed on %(day)s: check the date, or confirm below.")
            )
            self.add_error("starts_at", message % values)
            self.fields["outside_hours"].widget = forms.CheckboxInput()
        return cleaned

    def times(self) -> dict:
        start = self.cleaned_data["starts_at"]
        return {
            "starts_at": start,
            "ends_at": start + timedelta(minutes=self.cleaned_data["duration_minutes"]),
            "location": self.cleaned_data["location"],
        }


class AppointmentBookForm(_TimesMixin):
    practitioner = forms.ModelChoiceField(label=_("Practitioner"), queryset=Practitioner.objects.none())

    field_order = ["practitioner", "starts_at", "duration_minutes", "location"]

    def __init__(self, *args, practitioners, **kwargs):
        """`practitioners`: whom this user may book for (a practitioner: only themself)."""
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners
        self.fields["practitioner"].empty_label = None


class AppointmentRescheduleForm(VersionedFormMixin, _TimesMixin):
    pass


class AppointmentCancelForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=500, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class AppointmentStatusForm(VersionedFormMixin, forms.Form):
    """The version the button was rendered with: marking twice, or after a colleague, is refused."""


class SeriesBookForm(AppointmentBookForm):
    """A course from the treatment plan: the first appointment, then the same time every week."""

    weeks = forms.IntegerField(label=_("Number of weekly appointments"), min_value=1, max_value=60)

    field_order = ["practitioner", "starts_at", "duration_minutes", "weeks", "location"]


class VisitCloseForm(forms.Form):
    removed = forms.IntegerField(label=_("Needles removed"), min_value=0, max_value=200)
    note = forms.CharField(
        label=_("If the count differs: what happened"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    severity = forms.ChoiceField(
        label=_("Severity, if the count differs"), choices=AdverseEvent.Severity.choices, initial="mild"
    )


# --- booking a follow-up's appointment ---------------------------------------------------------


def slot_choices(slots) -> list[tuple[str, str]]:
    """Free slots (agenda.Slot) as radio choices: the local start as value, 'Tue 8 Dec 09:00' as label."""
    choices = []
    for slot in slots:
        start = timezone.localtime(slot.starts_at)
        choices.append((start.strftime(DATETIME_LOCAL), date_format(start, "D j M Y, H:i")))
    return choices


class SlotField(forms.ChoiceField):
    """One of the offered free slots, as an aware datetime in the clinic's time zone (None: not now)."""

    widget = forms.RadioSelect

    def __init__(self, *, slots=(), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.set_slots(slots)

    def set_slots(self, slots) -> None:
        self.choices = [("", _("Not now")), *slot_choices(slots)]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return timezone.make_aware(datetime.strptime(value, DATETIME_LOCAL))


class FollowUpBookForm(VersionedFormMixin, forms.Form):
    """Book a scheduled follow-up's appointment in one of the free slots near its due date."""

    followup_slot = SlotField(label=_("Free times near the due date"), required=True)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["followup_slot"]
        field.set_slots(slots)
        field.choices = field.choices[1:]  # no "not now" here: this page is for booking
        field.error_messages["invalid_choice"] = SLOT_GONE
        if field.choices:
            self.initial.setdefault("followup_slot", field.choices[0][0])  # the nearest, one click away


SLOT_GONE = _("That time is no longer offered (taken, or the date changed): choose one of the times shown.")
