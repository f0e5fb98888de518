"""Free slots offered for a follow-up: near its due date, nearest days first, within the opening hours
(from settings), skipping the practitioner's appointments, closed days and the past; DST-proof."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from clinic.settings import env_opening_hours
from sessions_app import agenda, opening_hours
from tests.factories import AppointmentFactory, at

pytestmark = pytest.mark.django_db

FRIDAY_10_10 = datetime(2026, 3, 6, 10, 10, tzinfo=UTC)  # the clinic's zone is UTC in the tests


def _starts(slots) -> list[str]:
    return [f"{slot.starts_at:%a %H:%M}" for slot in slots]


@time_machine.travel(FRIDAY_10_10, tick=False)
def test_the_due_day_comes_first_then_the_nearest_open_days_skipping_taken_past_and_closed(practitioner):
    AppointmentFactory(practitioner=practitioner, starts_at=at("2026-03-06", "10:30"))
    AppointmentFactory(practitioner=practitioner, starts_at=at("2026-03-09", "08:00"))
    AppointmentFactory(practitioner=practitioner, starts_at=at("2026-03-09", "09:00"), status="cancelled")

    slots = agenda.free_slots_near(practitioner, date(2026, 3, 6), minutes=30, limit=16)

    # Friday from 11:00 (before 10:10 is past, 10:30 is taken) to the last slot before 18:00, then
    # Monday (Saturday and Sunday closed; Thursday is before today), 08:00 taken, 09:00 free again.
    friday = [f"Fri {hour:02d}:{minute:02d}" for hour in range(11, 18) for minute in (0, 30)]
    assert _starts(slots) == [*friday, "Mon 08:30", "Mon 09:00"]


@time_machine.travel(FRIDAY_10_10, tick=False)
def test_another_practitioners_appointments_do_not_take_my_slots(practitioner, colleague):
    AppointmentFactory(practitioner=colleague, starts_at=at("2026-03-06", "11:00"))
    slots = agenda.free_slots_near(practitioner, date(2026, 3, 6), minutes=30, limit=2)
    assert _starts(slots) == ["Fri 10:30", "Fri 11:00"]


@time_machine.travel(datetime(2026, 3, 2, 7, 0, tzinfo=UTC), tick=False)
def test_a_later_day_wins_a_tie_and_a_longer_slot_must_fit_before_closing(practitioner):
    assert agenda.days_nearest(date(2026, 3, 4), date(2026, 3, 2), days=2) == [
        date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 3), date(2026, 3, 6), date(2026, 3, 2)
    ]  # fmt: skip
    slots = agenda.free_slots(date(2026, 3, 4), [], minutes=60)
    assert _starts(slots)[-1] == "Wed 17:00"  # 17:30 + 60 minutes would end after 18:00


@time_machine.travel(datetime(2026, 3, 2, 7, 0, tzinfo=UTC), tick=False)
def test_an_overdue_follow_up_is_offered_times_from_today(practitioner):
    slots = agenda.free_slots_near(practitioner, date(2026, 1, 5), minutes=30, limit=1)
    assert [slot.starts_at for slot in slots] == [at("2026-03-02", "08:00")]


@time_machine.travel(datetime(2026, 3, 27, 6, 0, tzinfo=UTC), tick=False)  # Friday 07:00 in Amsterdam
def test_across_the_dst_change_slots_keep_their_wall_clock_time(settings, practitioner):
    settings.TIME_ZONE = "Europe/Amsterdam"  # CET -> CEST on Sunday 29 March 2026
    AppointmentFactory(
        practitioner=practitioner, starts_at=at("2026-03-27", "08:00"), ends_at=at("2026-03-27", "18:00")
    )

    first = agenda.free_slots_near(practitioner, date(2026, 3, 27), minutes=30, limit=1)[0]

    assert first.starts_at == at("2026-03-30", "08:00")  # Monday: Friday is full, the weekend closed
    assert first.starts_at.astimezone(UTC).hour == 6  # 08:00 CEST; it was 07:00 UTC before the change
    before = agenda.free_slots(date(2026, 3, 26), [])[0]
    assert (before.starts_at.hour, before.starts_at.astimezone(UTC).hour) == (8, 7)


@time_machine.travel(datetime(2026, 3, 2, 7, 0, tzinfo=UTC), tick=False)
def test_opening_hours_and_slot_length_come_from_settings(settings, practitioner, practitioner_client):
    settings.CLINIC_OPENING_HOURS = {2: ("13:00", "15:00")}  # Wednesdays only
    settings.CLINIC_SLOT_MINUTES = 40

    slots = agenda.free_slots_near(practitioner, date(2026, 3, 2), minutes=opening_hours.slot_minutes())

    assert _starts(slots) == ["Wed 13:00", "Wed 13:40", "Wed 14:20"]
    page = practitioner_client.get("/calendar/?date=2026-03-04")
    assert [f"{row.starts_at:%H:%M}" for row in page.context["columns"][0].rows] == ["13:00", "13:40", "14:20"]
    assert practitioner_client.get("/calendar/?date=2026-03-03").context["columns"][0].rows == []  # closed


def test_the_opening_hours_setting_is_parsed_and_a_typo_stops_the_start(monkeypatch):
    monkeypatch.setenv("CLINIC_OPENING_HOURS", "mon=08:00-18:00, Sat=09:00-13:00")
    assert env_opening_hours("CLINIC_OPENING_HOURS", "") == {0: ("08:00", "18:00"), 5: ("09:00", "13:00")}
    for typo in ("mon=8-18", "mo=08:00-18:00", "tue=18:00-08:00", "wed=08:00-25:00", "thu=08:75-09:00"):
        monkeypatch.setenv("CLINIC_OPENING_HOURS", typo)
        with pytest.raises(ImproperlyConfigured):
            env_opening_hours("CLINIC_OPENING_HOURS", "")
