"""Demo and benchmark appointments: half a year back and half a year ahead for each practitioner.

Weekdays, a slot every 45 minutes from 08:00 (30-minute appointments, so they never overlap),
about seven in ten slots taken by the practitioner's own patients, each at most once a day. Past
ones are mostly completed, some no-shows and cancellations; future ones booked. Written with `bulk.insert_rows` (COPY on
PostgreSQL): a year for each practitioner in seconds. Idempotent: a practitioner who already has
appointments gets none.
"""

import random
from datetime import date, time, timedelta

from django.utils import timezone

from patients.models import Patient
from sessions_app import bulk
from sessions_app.agenda import local_at
from sessions_app.models import Appointment, Practitioner

DAYS_BACK = DAYS_AHEAD = 182
FIRST_SLOT, SLOTS_A_DAY, SLOT_STEP, LENGTH = time(8, 0), 12, timedelta(minutes=45), timedelta(minutes=30)
COLUMNS = ("patient", "practitioner", "starts_at", "ends_at", "status", "cancel_reason")


def ensure_appointments(*, today: date, patient_mrn_prefix: str, seed: int = 2026) -> int:
    """Seed the appointments of each practitioner who has none; returns how many were written."""
    written = 0
    patients = Patient.objects.current().filter(mrn__startswith=patient_mrn_prefix)
    for practitioner in Practitioner.objects.order_by("pk"):
        if practitioner.appointments.exists():
            continue
        theirs = list(patients.filter(primary_practitioner=practitioner).values_list("pk", flat=True))
        theirs = theirs or list(patients.values_list("pk", flat=True))
        if theirs:
            rng = random.Random(seed * 1_009 + practitioner.pk)
            written += bulk.insert_rows(Appointment, COLUMNS, _rows(practitioner.pk, theirs, rng, today))
    return written


def _rows(practitioner_pk: int, patients: list[int], rng: random.Random, today: date):
    now = timezone.now()
    for offset in range(-DAYS_BACK, DAYS_AHEAD + 1):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        start = local_at(day, FIRST_SLOT)
        # A patient comes once a day: the day's patients are drawn without repeats (a practitioner with
        # fewer patients than slots leaves the rest free).
        todays = rng.sample(patients, k=min(len(patients), SLOTS_A_DAY))
        for slot in range(SLOTS_A_DAY):
            if rng.random() < 0.7 and slot < len(todays):
                yield (todays[slot], practitioner_pk, start, start + LENGTH, *_status(rng, start < now))
            start += SLOT_STEP


def _status(rng: random.Random, past: bool) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.05:
        return Appointment.Status.CANCELLED, "Patient unwell"
    if not past:
        return Appointment.Status.BOOKED, ""
    return (Appointment.Status.NO_SHOW, "") if roll < 0.09 else (Appointment.Status.COMPLETED, "")
