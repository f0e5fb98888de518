"""The calendar's read side: a practitioner's day and week, free slots, and what each row shows.

Days are wall-clock days in the clinic's time zone (settings.TIME_ZONE): a day runs from local
midnight to the next local midnight, so the day of a daylight-saving change has 23 or 25 hours
and a 09:00 appointment is at 09:00 on either side of it. Every page loads its appointments in one
query (red flags, the last pain score and plan progress included), whatever their number.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from patients.choices import STATUS_SOURCES
from patients.models import PainAssessment
from sessions_app.models import AcupunctureSession, Appointment, CalendarFeed, Practitioner, TreatmentPlan

DAY_STARTS, DAY_ENDS = time(8, 0), time(18, 0)  # the clinic's opening hours, for free slots
SLOT_MINUTES = 30


def local_at(day: date, at: time) -> datetime:
    """This wall-clock time on this day in the clinic's time zone, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def day_bounds(day: date) -> tuple[datetime, datetime]:
    return local_at(day, time.min), local_at(day + timedelta(days=1), time.min)


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]


def parse_day(value: str | None) -> date:
    """?date=YYYY-MM-DD, else today; a malformed date is today too (never a 500)."""
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def appointments_with_glance(queryset: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """Each appointment with its patient, the last status pain score and the active plan's progress,
    in one query."""
    status_scores = PainAssessment.objects.filter(patient=OuterRef("patient"), source__in=STATUS_SOURCES)
    active_plan = TreatmentPlan.objects.filter(patient=OuterRef("patient"), status=TreatmentPlan.Status.ACTIVE)
    done = (
        AcupunctureSession.objects.filter(plan=OuterRef("pk"))
        .current()
        .order_by()
        .values("plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.select_related("patient", "location", "practitioner__user").annotate(
        last_nrs=Subquery(status_scores.order_by("-assessed_at", "-pk").values("nrs")[:1]),
        plan_planned=Subquery(active_plan.values("planned_sessions")[:1]),
        plan_done=Subquery(active_plan.annotate(done=Subquery(done, output_field=IntegerField())).values("done")[:1]),
    )


@dataclass
class Slot:
    starts_at: datetime
    ends_at: datetime
    appointment: Appointment | None = None

    @property
    def is_free(self) -> bool:
        return self.appointment is None


@dataclass
class Column:
    """One practitioner's day: appointments in time order, and the free slots between them."""

    practitioner: Practitioner
    day: date
    appointments: list[Appointment] = field(default_factory=list)

    @property
    def rows(self) -> list[Slot]:
        """Appointments and free opening-hour slots, in time order."""
        active = [a for a in self.appointments if a.status != Appointment.Status.CANCELLED]
        rows = [Slot(a.starts_at, a.ends_at, a) for a in self.appointments]
        start, close = local_at(self.day, DAY_STARTS), local_at(self.day, DAY_ENDS)
        while start + timedelta(minutes=SLOT_MINUTES) <= close:
            end = start + timedelta(minutes=SLOT_MINUTES)
            if not any(a.starts_at < end and a.ends_at > start for a in active):
                rows.append(Slot(start, end))
            start = end
        return sorted(rows, key=lambda slot: (slot.starts_at, slot.is_free))


def _in_range(practitioners: list[Practitioner], start: datetime, end: datetime) -> list[Appointment]:
    appointments = Appointment.objects.filter(practitioner__in=practitioners).between(start, end)
    return list(appointments_with_glance(appointments).order_by("starts_at", "pk"))


def day_columns(practitioners: list[Practitioner], day: date) -> list[Column]:
    columns = {p.pk: Column(p, day) for p in practitioners}
    for appointment in _in_range(practitioners, *day_bounds(day)):
        columns[appointment.practitioner_id].appointments.append(appointment)
    return list(columns.values())


def week_columns(practitioner: Practitioner, day: date) -> list[Column]:
    days = week_of(day)
    columns = {d: Column(practitioner, d) for d in days}
    start, end = day_bounds(days[0])[0], day_bounds(days[-1])[1]
    for appointment in _in_range([practitioner], start, end):
        column = columns.get(timezone.localtime(appointment.starts_at).date())  # None: began the day before
        if column is not None:
            column.appointments.append(appointment)
    return list(columns.values())


def upcoming_for_patient(patient, now: datetime | None = None, limit: int = 20) -> list[Appointment]:
    now = now or timezone.now()
    upcoming = patient.appointments.not_cancelled().filter(ends_at__gt=now).select_related("practitioner__user")
    return list(upcoming.select_related("location").order_by("starts_at")[:limit])


def portal_context(patient) -> dict:
    """For /me/: the patient's upcoming appointments and their live calendar feed (or None)."""
    return {
        "appointments": upcoming_for_patient(patient),
        "calendar_feed": CalendarFeed.objects.filter(patient=patient, revoked_at__isnull=True).first(),
    }
