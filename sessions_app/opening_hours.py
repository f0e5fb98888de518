"""The clinic's opening hours: the one home every calendar read and booking check goes through.

The hours are settings (CLINIC_OPENING_HOURS per weekday, CLINIC_SLOT_MINUTES; see .env.example),
not per Location: the calendar is a practitioner's diary and an appointment's room is optional, so
one clinic-wide timetable is what the free slots, the follow-up suggestions and the booking check
can all agree on. Hours are wall-clock times in the clinic's time zone, so 08:00 opens at 08:00 on
either side of a daylight-saving change.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def slot_minutes() -> int:
    return settings.CLINIC_SLOT_MINUTES


def local_at(day: date, at: time) -> datetime:
    """This wall-clock time on this day in the clinic's time zone, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def hours_on(day: date) -> tuple[datetime, datetime] | None:
    """When the clinic opens and closes on this day (aware), or None when it is closed."""
    span = settings.CLINIC_OPENING_HOURS.get(day.weekday())
    if span is None:
        return None
    opens, closes = (time.fromisoformat(value) for value in span)
    return local_at(day, opens), local_at(day, closes)


def slot_starts(day: date) -> list[datetime]:
    """The starts of the day's slots of CLINIC_SLOT_MINUTES that fit before closing time."""
    hours = hours_on(day)
    if hours is None:
        return []
    start, close = hours
    step = timedelta(minutes=slot_minutes())
    starts = []
    while start + step <= close:
        starts.append(start)
        start += step
    return starts


def is_open_between(starts_at: datetime, ends_at: datetime) -> bool:
    """Whether [starts_at, ends_at) lies within the opening hours of the (local) day it starts on."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    hours = hours_on(start.date())
    return hours is not None and hours[0] <= start and end <= hours[1]


def describe(day: date) -> str:
    """'08:00–18:00', or '' on a closed day: for messages."""
    span = settings.CLINIC_OPENING_HOURS.get(day.weekday())
    return f"{span[0]}–{span[1]}" if span else ""
