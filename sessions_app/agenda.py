"""The calendar's read side: a practitioner's day and week, free slots, and what each row shows.

Days are wall-clock days in the clinic's time zone (settings.TIME_ZONE): a day runs from local
midnight to the next local midnight, so the day of a daylight-saving change has 23 or 25 hours
and a 09:00 appointment is at 09:00 on either side of it. Every page loads its appointments in one
query (red flags, the last pain score and plan progress included), whatever their number.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from django.db.models import Count, F, FilteredRelation, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from patients.choices import STATUS_SOURCES, choice_label
from patients.dates import latest_date
from patients.models import RED_FLAG_FIELDS, PainAssessment, full_name
from sessions_app import opening_hours
from sessions_app.models import AcupunctureSession, Appointment, CalendarFeed, Practitioner, TreatmentPlan
from sessions_app.opening_hours import local_at

NEAR_DAYS = 7  # how far either side of a follow-up's due date free slots are looked for
NEAR_SLOTS = 8  # how many are offered


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


def _glance(queryset: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """The last status pain score and the active plan's progress of each appointment's patient, in the
    one query. The active plan is joined (a patient has at most one: `plan_one_active_per_patient`), so
    the count of its sessions is a subquery of one level (two nested ones cost more to compile:
    docs/performance.md, "The calendar's day and week")."""
    status_scores = PainAssessment.objects.filter(patient=OuterRef("patient"), source__in=STATUS_SOURCES)
    done = (
        AcupunctureSession.objects.filter(plan=OuterRef("active_plan__pk"))
        .current()
        .order_by()
        .values("plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    active_plan = FilteredRelation("patient__plans", condition=Q(patient__plans__status=TreatmentPlan.Status.ACTIVE))
    return queryset.annotate(active_plan=active_plan).annotate(
        last_nrs=Subquery(status_scores.order_by("-assessed_at", "-pk").values("nrs")[:1]),
        plan_planned=F("active_plan__planned_sessions"),
        plan_done=Subquery(done, output_field=IntegerField()),
    )


@dataclass(slots=True)
class Entry:
    """An appointment as the calendar shows it: its patient's name and red flags, the last status
    pain score and the active plan's progress, read as one tuple per row. As model objects (each row
    an Appointment, a Patient and a Practitioner with its User, all their columns) the week's read
    cost several times as much (docs/performance.md, "The calendar's day and week")."""

    pk: int
    version: int
    patient_id: int
    practitioner: Practitioner
    starts_at: datetime  # in the clinic's time zone
    ends_at: datetime
    status: str
    location: str  # the room's name; "" when none is set
    session_id: int | None
    cancel_reason: str
    cancel_requested_at: datetime | None
    patient_name: str
    has_red_flags: bool
    last_nrs: int | None = None
    plan_planned: int | None = None
    plan_done: int | None = None

    @property
    def practitioner_id(self) -> int:
        return self.practitioner.pk

    @property
    def is_open(self) -> bool:
        return self.status in Appointment.OPEN_STATUSES

    @property
    def status_label(self) -> str:
        return choice_label(Appointment.Status, self.status)


_ENTRY_FIELDS = (
    "pk", "version", "patient_id", "practitioner_id", "starts_at", "ends_at", "status", "location__name", "session_id",
    "cancel_reason", "cancel_requested_at", "patient__first_name", "patient__last_name",
    *(f"patient__{flag}" for flag in RED_FLAG_FIELDS),
)  # fmt: skip
_GLANCE_FIELDS = ("last_nrs", "plan_planned", "plan_done")


@cache
def _rows() -> QuerySet[Appointment]:
    """Appointments as Entry's fields, with the glance's subqueries, in time order. Built once per
    process: resolving the subqueries is Python work that is the same every request; each read filters
    a copy of it (never this queryset itself, which is never evaluated), so nothing read is kept."""
    return _glance(Appointment.objects.all()).order_by("starts_at", "pk").values_list(*_ENTRY_FIELDS, *_GLANCE_FIELDS)


def calendar_rows() -> QuerySet[Appointment]:
    """A copy of `_rows`, to filter: what `entries` reads."""
    return _rows().all()


def entries(queryset: QuerySet[Appointment], practitioners: list[Practitioner]) -> list[Entry]:
    """The appointments of `queryset` (from `calendar_rows()`, all of `practitioners`) as Entry rows.
    One query."""
    by_pk = {practitioner.pk: practitioner for practitioner in practitioners}
    zone, flags_end = timezone.get_current_timezone(), 13 + len(RED_FLAG_FIELDS)
    found = []
    for row in queryset:
        (pk, version, patient_id, practitioner_id, starts_at, ends_at, status, location, session_id, cancel_reason,
         cancel_requested_at, first_name, last_name) = row[:13]  # fmt: skip
        found.append(
            Entry(
                pk,
                version,
                patient_id,
                by_pk[practitioner_id],
                starts_at.astimezone(zone),
                ends_at.astimezone(zone),
                status,
                location or "",
                session_id,
                cancel_reason,
                cancel_requested_at,
                full_name(first_name, last_name),
                any(row[13:flags_end]),
                *row[flags_end:],  # the glance's last pain score, planned and done sessions
            )
        )
    return found


@dataclass
class Slot:
    starts_at: datetime
    ends_at: datetime
    appointment: Entry | None = None

    @property
    def is_free(self) -> bool:
        return self.appointment is None


@dataclass
class Column:
    """One practitioner's day: appointments in time order, and the free slots between them."""

    practitioner: Practitioner
    day: date
    appointments: list[Entry] = field(default_factory=list)

    @property
    def rows(self) -> list[Slot]:
        """Appointments and free opening-hour slots, in time order."""
        active = [a for a in self.appointments if a.status != Appointment.Status.CANCELLED]
        rows = [Slot(a.starts_at, a.ends_at, a) for a in self.appointments]
        rows += free_slots(self.day, active)
        return sorted(rows, key=lambda slot: (slot.starts_at, slot.is_free))


def free_slots(day: date, taken: list[Appointment | Entry], minutes: int | None = None) -> list[Slot]:
    """The day's opening-hour slots (starting on the slot grid, `minutes` long, default one slot)
    that overlap none of the `taken` appointments."""
    length = timedelta(minutes=minutes or opening_hours.slot_minutes())
    hours = opening_hours.hours_on(day)
    slots = []
    for start in opening_hours.slot_starts(day):
        end = start + length
        if end <= hours[1] and not any(a.starts_at < end and a.ends_at > start for a in taken):
            slots.append(Slot(start, end))
    return slots


def days_nearest(due_on: date, earliest: date, days: int = NEAR_DAYS) -> list[date]:
    """The due date, then the day after, the day before, two after...: nearest first, later first on a
    tie (a follow-up a day late is better than a day early), never before `earliest` (an overdue
    follow-up: from `earliest` on). Days past the calendar's end (a 9999 typo) are left out."""
    due_on = max(due_on, earliest)
    order = [due_on]
    for offset in range(1, days + 1):
        if due_on <= date.max - timedelta(days=offset):
            order.append(due_on + timedelta(days=offset))
        order.append(due_on - timedelta(days=offset))
    return [day for day in order if day >= earliest]


def free_slots_near(
    practitioner: Practitioner, due_on: date, *, minutes: int, now: datetime | None = None, limit: int = NEAR_SLOTS
) -> list[Slot]:
    """A follow-up's booking suggestions: the practitioner's free opening-hour slots of `minutes` on
    or near its due date, nearest days first, in time order within a day, none in the past. One query."""
    now = now or timezone.now()
    days = days_nearest(due_on, timezone.localtime(now).date())
    if not days:
        return []
    start, end = day_bounds(min(days))[0], day_bounds(max(days))[1]
    taken = list(Appointment.objects.not_cancelled().filter(practitioner=practitioner).between(start, end))
    suggestions = []
    for day in days:
        suggestions += [slot for slot in free_slots(day, taken, minutes) if slot.starts_at > now]
        if len(suggestions) >= limit:
            break
    return suggestions[:limit]


def _in_range(practitioners: list[Practitioner], start: datetime, end: datetime) -> list[Entry]:
    return entries(calendar_rows().filter(practitioner__in=practitioners).between(start, end), practitioners)


def day_columns(practitioners: list[Practitioner], day: date) -> list[Column]:
    columns = {p.pk: Column(p, day) for p in practitioners}
    for entry in _in_range(practitioners, *day_bounds(day)):
        columns[entry.practitioner_id].appointments.append(entry)
    return list(columns.values())


def week_columns(practitioner: Practitioner, day: date) -> list[Column]:
    days = week_of(day)
    columns = {d: Column(practitioner, d) for d in days}
    start, end = day_bounds(days[0])[0], day_bounds(days[-1])[1]
    for entry in _in_range([practitioner], start, end):
        column = columns.get(entry.starts_at.date())  # None: began the day before
        if column is not None:
            column.appointments.append(entry)
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


def followup_slots(practitioner: Practitioner | None, due_on: date | str | None) -> list[Slot]:
    """The free slots offered for a follow-up due on `due_on` (a date, or the form's raw value: a
    malformed or missing one offers none, the form says what is wrong), one slot long."""
    if isinstance(due_on, str):
        try:
            due_on = date.fromisoformat(due_on) if due_on else None
        except ValueError:
            due_on = None
    if practitioner is None or due_on is None or due_on > latest_date():  # a 9999 typo: the form refuses it
        return []
    return free_slots_near(practitioner, due_on, minutes=opening_hours.slot_minutes())


@dataclass(slots=True)
class CancelRequest:
    pk: int
    starts_at: datetime
    patient_name: str
    practitioner: Practitioner


@cache
def _pending() -> QuerySet[Appointment]:
    """Booked appointments whose patient asked to cancel, as CancelRequest's fields: built once, as `_rows`."""
    pending = Appointment.objects.filter(status=Appointment.Status.BOOKED, cancel_requested_at__isnull=False)
    return pending.order_by("starts_at", "pk").values_list(
        "pk", "starts_at", "practitioner_id", "patient__first_name", "patient__last_name"
    )


def cancel_requests(practitioners: list[Practitioner], now: datetime | None = None) -> list[CancelRequest]:
    """Upcoming booked appointments whose patient asked (at /me/) to cancel: for the clinic to confirm.
    One query."""
    by_pk = {practitioner.pk: practitioner for practitioner in practitioners}
    pending = _pending().filter(practitioner__in=practitioners, starts_at__gt=now or timezone.now())[:50]
    return [
        CancelRequest(pk, starts_at, full_name(first_name, last_name), by_pk[practitioner_id])
        for pk, starts_at, practitioner_id, first_name, last_name in pending
    ]
