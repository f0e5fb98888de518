"""Dates that can be true: one home for the plausible range of every date a user types, and for the
rule that no reading is dated after the moment it is recorded, nor before the patient's birth.

The models put the validators on their fields and call `check_reading` from `clean()`, so model
forms, the admin and every service's `full_clean()` refuse the same values with the same message
next to the field; forms with fields of their own (the session form's follow-up) use them too.

The bounds are not database constraints: the upper one moves with today, and rows stored before
these rules (a follow-up due 9999-12-31) would make such a migration fail. Pages and exports read
stored dates defensively instead (`interop.fhir`, `interop.exports`, `patients.charts`).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(1900, 1, 1)  # before any living patient's birth, and so before any record
YEARS_AHEAD = 10  # the furthest the clinic plans: follow-ups, plans, licence and certificate expiry

RANGE_MESSAGE = _("Enter a date between %(earliest)s and %(latest)s.")
FUTURE_READING_MESSAGE = _("A reading cannot be dated after the moment it is recorded (now: %(now)s).")
BEFORE_BIRTH_MESSAGE = _("A reading cannot be dated before the patient's birth (%(born)s).")


def latest_date(today: date | None = None) -> date:
    """The last plausible date: YEARS_AHEAD years from today (28 February for a 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def validate_plausible_date(value: date) -> None:
    """A date field's validator: between EARLIEST_DATE and `latest_date()`."""
    latest = latest_date()
    if value is not None and not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            RANGE_MESSAGE,
            code="implausible_date",
            params={"earliest": date_format(EARLIEST_DATE), "latest": date_format(latest)},
        )


def validate_plausible_moment(value: datetime) -> None:
    """A date-and-time field's validator: its local date between EARLIEST_DATE and `latest_date()`."""
    if value is not None:
        validate_plausible_date(local_date(value))


def local_date(moment: datetime) -> date:
    try:
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    except OverflowError:  # 0001-01-01 00:00 UTC has no local time west of Greenwich
        return moment.date()


def check_reading(moment: datetime | None, *, born: date | None, field: str) -> None:
    """Refuse a reading dated after now or before the patient's birth (ValidationError on `field`)."""
    if moment is None:
        return
    now = timezone.now()
    if moment > now:
        when = date_format(timezone.localtime(now), "DATETIME_FORMAT")
        raise ValidationError({field: ValidationError(FUTURE_READING_MESSAGE % {"now": when}, code="future_reading")})
    if born is not None and local_date(moment) < born:
        message = BEFORE_BIRTH_MESSAGE % {"born": date_format(born)}
        raise ValidationError({field: ValidationError(message, code="before_birth")})
