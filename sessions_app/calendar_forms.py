"""Forms of the calendar: booking, moving and cancelling an appointment. They validate; booking.py writes.

Times are entered as wall-clock times in the clinic's time zone (Django reads a naive
`datetime-local` value in the current time zone), so 09:00 is 09:00 whatever the season; a time
that does not exist or exists twice on the day clocks change is refused by the field.
"""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.concurrency import VersionedFormMixin
from sessions_app.models import AdverseEvent, Location, Practitioner

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class _TimesMixin(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)
    )
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=10, max_value=180, initial=30)
    location = forms.ModelChoiceField(label=_("Room"), queryset=Location.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.all()

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
