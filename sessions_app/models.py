"""The treatment workflow's models: practitioners, acupoints, sessions and their points, adverse
events, plans, follow-ups, prescriptions, appointments, calendar feeds, needle counts.

Over 500 lines on purpose, for now: sessions, plans and appointments reference each other in
constraints and `clean()` (overlaps, plan counts), and every branch of the current round changes
them; split into a `models/` package (sessions, plans, calendar) once those have merged, keeping
`sessions_app.models.X` importable.
"""

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients.archive import not_archived
from patients.dates import local_date, validate_plausible_date, validate_plausible_moment
from patients.models import Patient, PatientRecordQuerySet, VersionedModel
from sessions_app.acupoint_catalogue import MIDLINE_EXTRA_POINTS

MIN_DURATION, MAX_DURATION = 20, 40  # minutes, the clinic's session length
SECOND_ACTIVE_PLAN = _("This patient already has an active plan: complete or discontinue it before starting another.")
NAME_TAKEN = _("You already have a prescription with this name.")
TYPICAL_DURATION = 30  # minutes: what the session form suggests


class Practitioner(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practitioner")
    license_number = models.CharField(_("licence number"), max_length=50)
    license_expires = models.DateField(_("licence expires"), validators=[validate_plausible_date])
    certification = models.CharField(
        _("certification"), max_length=200, blank=True, help_text=_("e.g. NCCAOM Dipl. Ac.")
    )
    certification_expires = models.DateField(
        _("certification expires"), null=True, blank=True, validators=[validate_plausible_date]
    )
    years_in_practice = models.PositiveSmallIntegerField(_("years in practice"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "pk"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def license_valid_on(self, day: date) -> bool:
        return self.license_expires >= day

    @property
    def license_valid(self) -> bool:
        return self.license_valid_on(timezone.localdate())

    def license_expires_within(self, days: int) -> bool:
        return self.license_expires <= timezone.localdate() + timedelta(days=days)


class Meridian(models.TextChoices):
    LU = "LU", _("Lung")
    LI = "LI", _("Large Intestine")
    ST = "ST", _("Stomach")
    SP = "SP", _("Spleen")
    HT = "HT", _("Heart")
    SI = "SI", _("Small Intestine")
    BL = "BL", _("Bladder")
    KI = "KI", _("Kidney")
    PC = "PC", _("Pericardium")
    TE = "TE", _("Triple Energizer")
    GB = "GB", _("Gallbladder")
    LR = "LR", _("Liver")
    GV = "GV", _("Governor Vessel")
    CV = "CV", _("Conception Vessel")
    EX = "EX", _("Extra point")


MIDLINE_MERIDIANS = {Meridian.GV, Meridian.CV}


def is_midline_point(code: str, meridian: str) -> bool:
    """A point on the midline (one side only): the GV and CV meridians and a few extra points."""
    return meridian in MIDLINE_MERIDIANS or code in MIDLINE_EXTRA_POINTS


POINT_CODE_RE = re.compile(r"^((LU|LI|ST|SP|HT|SI|BL|KI|PC|TE|GB|LR|GV|CV)[1-9][0-9]?|EX-[A-Z]{1,2}[0-9]{1,2})$")


class Acupoint(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    pinyin = models.CharField(_("pinyin"), max_length=60)
    meridian = models.CharField(_("meridian"), max_length=2, choices=Meridian.choices)
    number = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["meridian", "number", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=POINT_CODE_RE.pattern), name="acupoint_code_who_form"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.pinyin}"

    def clean(self) -> None:
        if not POINT_CODE_RE.match(self.code or ""):
            raise ValidationError({"code": _("Use the WHO form, e.g. BL23, GV4 or EX-B2.")})
        if self.meridian and not self.code.startswith(self.meridian):
            raise ValidationError({"meridian": _("The code does not belong to this meridian.")})

    @property
    def is_midline(self) -> bool:
        return is_midline_point(self.code, self.meridian)

    def allowed_sides(self) -> list[str]:
        if self.is_midline:
            return [Side.MIDLINE]
        return [Side.LEFT, Side.RIGHT, Side.BILATERAL]


class TreatmentPlan(VersionedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        DISCONTINUED = "discontinued", _("Discontinued")

    class Style(models.TextChoices):
        TCM = "tcm", _("Traditional Chinese Medicine")
        WESTERN = "western", _("Western medical acupuncture")
        JAPANESE = "japanese", _("Japanese")
        KOREAN = "korean", _("Korean")
        FIVE_ELEMENT = "five_element", _("Five Element")
        OTHER = "other", _("Other")

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="plans")
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    goal = models.TextField(_("goal"))
    planned_sessions = models.PositiveSmallIntegerField(
        _("planned sessions"), default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions per week"), default=2, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    start_on = models.DateField(_("start"), default=timezone.localdate, validators=[validate_plausible_date])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    style = models.CharField(_("style"), max_length=12, choices=Style.choices, default=Style.TCM)
    rationale = models.TextField(_("rationale"), blank=True, help_text=_("STRICTA 1b, e.g. TCM pattern."))
    # The points of the course (STRICTA 2a): "Start visit" pre-fills the session form with them.
    prescription = models.ForeignKey(
        "PointPrescription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("point prescription"),
        help_text=_("The points of this course: a visit started from an appointment begins with them."),
    )
    history = HistoricalRecords()

    objects = PatientRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_sessions__gte=1, planned_sessions__lte=60),
                name="plan_planned_sessions_1_60",
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, sessions_per_week__lte=7),
                name="plan_sessions_per_week_1_7",
            ),
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(status="active"),
                name="plan_one_active_per_patient",
                violation_error_message=SECOND_ACTIVE_PLAN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal[:40]} ({self.get_status_display()})"


class Technique(models.TextChoices):
    MANUAL = "manual", _("Manual")
    ELECTRO = "electro", _("Electroacupuncture")


class DeQi(models.TextChoices):
    OBTAINED = "obtained", _("Obtained")
    NOT_OBTAINED = "not_obtained", _("Sought, not obtained")
    NOT_SOUGHT = "not_sought", _("Not sought")


class SessionQuerySet(PatientRecordQuerySet):
    def current(self) -> "SessionQuerySet":
        """Not archived (entered in error): the sessions every count, plan and list shows."""
        return self.filter(not_archived())


class AcupunctureSession(VersionedModel):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="sessions")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="sessions")
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    started_at = models.DateTimeField(_("started at"), default=timezone.now, validators=[validate_plausible_moment])
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)],
    )
    technique = models.CharField(_("stimulation"), max_length=8, choices=Technique.choices)
    points = models.ManyToManyField("Acupoint", through="SessionPoint", related_name="sessions")
    needle_count = models.PositiveSmallIntegerField(
        _("needle insertions"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    needle_gauge_mm = models.DecimalField(
        _("needle diameter (mm)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.10), MaxValueValidator(0.50)],
    )
    needle_length_mm = models.PositiveSmallIntegerField(
        _("needle length (mm)"), null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(150)]
    )
    retention_minutes = models.PositiveSmallIntegerField(
        _("retention (minutes)"), null=True, blank=True, validators=[MaxValueValidator(MAX_DURATION)]
    )
    deqi = models.CharField(_("de qi"), max_length=12, choices=DeQi.choices, default=DeQi.OBTAINED)
    electro_frequency_hz = models.DecimalField(
        _("electro frequency (Hz)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.5), MaxValueValidator(200)],
    )
    subjective = models.TextField(_("subjective"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    plan_note = models.TextField(_("plan"), blank=True)
    co_interventions = models.CharField(
        _("other interventions"), max_length=200, blank=True, help_text=_("e.g. moxibustion, cupping")
    )
    notes = models.TextField(_("notes"), blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    history = HistoricalRecords()

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["patient", "started_at"]),
            models.Index(fields=["practitioner", "started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION, duration_minutes__lte=MAX_DURATION),
                name="session_duration_20_40",
            ),
            models.CheckConstraint(
                condition=Q(retention_minutes__isnull=True) | Q(retention_minutes__lte=F("duration_minutes")),
                name="session_retention_within_duration",
            ),
            models.CheckConstraint(
                condition=Q(electro_frequency_hz__isnull=True) | Q(technique="electro"),
                name="session_frequency_only_for_electro",
            ),
            models.CheckConstraint(
                condition=Q(needle_count__isnull=True) | Q(needle_count__lte=100),
                name="session_needle_count_max_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.duration_minutes} min"

    def clean(self) -> None:
        errors = {}
        if (
            self.retention_minutes is not None
            and self.duration_minutes is not None
            and self.retention_minutes > self.duration_minutes
        ):
            errors["retention_minutes"] = _("Retention cannot be longer than the session.")
        if self.technique == Technique.MANUAL and self.electro_frequency_hz is not None:
            errors["electro_frequency_hz"] = _("A frequency applies to electroacupuncture only.")
        if self.plan_id and self.patient_id and self.plan.patient_id != self.patient_id:
            errors["plan"] = _("This plan belongs to another patient.")
        if self.started_at and self.started_at > timezone.now():
            errors["started_at"] = _("A session cannot be logged for a time in the future.")
        elif self.started_at and self.patient_id and local_date(self.started_at) < self.patient.date_of_birth:
            errors["started_at"] = _("The session cannot be before the patient's date of birth.")
        elif overlap := self.overlap_message():
            errors["started_at"] = overlap
        if errors:
            raise ValidationError(errors)

    def overlapping(self) -> list["AcupunctureSession"]:
        """The practitioner's and the patient's other current visits that overlap this one in time.

        A visit lasts at most MAX_DURATION minutes, so the candidates are read by their start alone
        (the index on practitioner/patient and started_at) and their ends compared here.
        """
        if self.started_at is None or self.duration_minutes is None or self.archived_at is not None:
            return []
        who = Q(practitioner_id=self.practitioner_id) | Q(patient_id=self.patient_id)
        candidates = (
            AcupunctureSession.objects.filter(who)
            .current()
            .filter(started_at__gt=self.started_at - timedelta(minutes=MAX_DURATION), started_at__lt=self.ends_at)
            .exclude(pk=self.pk)
            .select_related("patient", "practitioner__user")
            .order_by("started_at", "pk")
        )
        return [other for other in candidates if other.ends_at > self.started_at]

    def overlap_message(self) -> str | None:
        others = self.overlapping() if self.practitioner_id and self.patient_id else []
        if not others:
            return None
        other = others[0]
        span = {
            "start": date_format(timezone.localtime(other.started_at), "SHORT_DATETIME_FORMAT"),
            "end": time_format(timezone.localtime(other.ends_at), "TIME_FORMAT"),
            "patient": f"{other.patient.first_name} {other.patient.last_name}",
            "practitioner": str(other.practitioner),
        }
        if other.practitioner_id == self.practitioner_id:
            return _("This overlaps %(practitioner)s's visit with %(patient)s from %(start)s to %(end)s.") % span
        return _("This overlaps %(patient)s's visit with %(practitioner)s from %(start)s to %(end)s.") % span

    @property
    def ends_at(self):
        return self.started_at + timedelta(minutes=self.duration_minutes)

    @property
    def has_ended(self) -> bool:
        """Only an ended session has a pain score after needling (it is dated at the end)."""
        return self.ends_at <= timezone.now()

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Side(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    BILATERAL = "bilateral", _("Bilateral")
    MIDLINE = "midline", _("Midline")


class SessionPoint(models.Model):
    session = models.ForeignKey(AcupunctureSession, on_delete=models.CASCADE, related_name="session_points")
    acupoint = models.ForeignKey(Acupoint, on_delete=models.PROTECT, related_name="session_points")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    depth_mm = models.PositiveSmallIntegerField(
        _("depth (mm)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    vertebral_level = models.CharField(
        _("vertebral level"), max_length=3, blank=True, help_text=_("For Jiaji (EX-B2), e.g. L4.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "acupoint", "vertebral_level"], name="session_point_once"),
        ]

    def __str__(self) -> str:
        return f"{self.acupoint.code} {self.get_side_display()}"

    def clean(self) -> None:
        if self.acupoint_id and self.side and self.side not in self.acupoint.allowed_sides():
            if self.acupoint.is_midline:
                message = _("%(code)s is a midline point: choose midline.")
            else:
                message = _("%(code)s is a paired point: choose left, right or bilateral.")
            raise ValidationError({"side": message % {"code": self.acupoint.code}})

    @property
    def insertions(self) -> int:
        return 2 if self.side == Side.BILATERAL else 1


class AdverseEventQuerySet(PatientRecordQuerySet):
    patient_path = "session__patient"


class AdverseEvent(models.Model):
    class Kind(models.TextChoices):
        BRUISING = "bruising", _("Bruising")
        SORENESS = "soreness", _("Soreness")
        BLEEDING = "bleeding", _("Bleeding")
        DIZZINESS = "dizziness", _("Dizziness / fainting")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        MILD = "mild", _("Mild")
        MODERATE = "moderate", _("Moderate")
        SEVERE = "severe", _("Severe")

    session = models.ForeignKey(AcupunctureSession, on_delete=models.PROTECT, related_name="adverse_events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # corrections (patients/concurrency.py)
    history = HistoricalRecords()

    objects = AdverseEventQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_severity_display()})"


class FollowUpQuerySet(PatientRecordQuerySet):
    def scheduled(self) -> "FollowUpQuerySet":
        return self.filter(status=FollowUp.Status.SCHEDULED)

    def due_by(self, day: date) -> "FollowUpQuerySet":
        return self.scheduled().filter(due_on__lte=day)


class FollowUp(VersionedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="followups")
    session = models.ForeignKey(
        AcupunctureSession, on_delete=models.PROTECT, null=True, blank=True, related_name="followups"
    )
    due_on = models.DateField(_("due on"), validators=[validate_plausible_date])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    aftercare = models.TextField(_("aftercare advice"), blank=True)
    exercises = models.TextField(_("exercises"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The appointment booked to fulfil it (issue 13): "booked for <time>" on the lists.
    appointment = models.OneToOneField(
        "Appointment", on_delete=models.PROTECT, null=True, blank=True, related_name="followup", editable=False
    )
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on", "status"]),
            models.Index(fields=["patient", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"Follow-up {self.due_on:%Y-%m-%d} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.session_id and self.due_on and self.due_on < timezone.localtime(self.session.started_at).date():
            raise ValidationError({"due_on": _("The follow-up cannot be before the session.")})
        if self.session_id and self.patient_id and self.session.patient_id != self.patient_id:
            raise ValidationError({"session": _("This session belongs to another patient.")})
        if self.appointment_id and self.patient_id and self.appointment.patient_id != self.patient_id:
            raise ValidationError({"appointment": _("This appointment belongs to another patient.")})

    @property
    def booked_appointment(self) -> "Appointment | None":
        """The linked appointment while it still stands (not cancelled): a cancelled one books nothing."""
        appointment = self.appointment if self.appointment_id else None
        if appointment is None or appointment.status == Appointment.Status.CANCELLED:
            return None
        return appointment

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.SCHEDULED and self.due_on < timezone.localdate()


class PointPrescriptionQuerySet(models.QuerySet):
    def in_use(self) -> "PointPrescriptionQuerySet":
        return self.filter(retired_at__isnull=True)


class PointPrescription(models.Model):
    """A practitioner's named group of points ("Lumbar standard") applied with one click."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="prescriptions")
    name = models.CharField(_("name"), max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)
    # "Delete" retires it: gone from the lists and the session form, kept (with its history) so the
    # one-click delete can be undone (patients/undo.py). Only prescriptions in use hold a name.
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = PointPrescriptionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "name"],
                condition=models.Q(retired_at__isnull=True),
                name="prescription_name_unique_in_use",
                violation_error_message=NAME_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PrescriptionPoint(models.Model):
    prescription = models.ForeignKey(PointPrescription, on_delete=models.CASCADE, related_name="items")
    acupoint = models.ForeignKey(Acupoint, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["prescription", "acupoint"], name="prescription_point_once"),
        ]

    def __str__(self) -> str:
        return f"{self.acupoint.code} {self.side}"


# --- appointments (issue 13) -------------------------------------------------------------------


class Location(models.Model):
    """A treatment room or site of the clinic."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AppointmentQuerySet(PatientRecordQuerySet):
    def not_cancelled(self) -> "AppointmentQuerySet":
        return self.exclude(status=Appointment.Status.CANCELLED)

    def between(self, start, end) -> "AppointmentQuerySet":
        """Appointments that take place (at least partly) in [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)


def initials(first_name: str, last_name: str) -> str:
    """'A. A.' for Alice Archer: how a practitioner's calendar names a patient outside the app."""
    return " ".join(f"{name.strip()[:1].upper()}." for name in (first_name, last_name) if name.strip())


class Appointment(VersionedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ARRIVED = "arrived", _("Arrived")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    # Booked or arrived: it can still be moved, cancelled or started.
    OPEN_STATUSES = (Status.BOOKED, Status.ARRIVED)

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="appointments")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments")
    session = models.OneToOneField(
        AcupunctureSession, on_delete=models.PROTECT, null=True, blank=True, related_name="appointment"
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The patient asked (at /me/) to cancel; the clinic confirms by cancelling it with a reason.
    cancel_requested_at = models.DateTimeField(_("patient asked to cancel"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["practitioner", "starts_at"]),
            models.Index(fields=["patient", "starts_at"]),
        ]
        # The no-overlap rule is also an exclusion constraint on PostgreSQL, added by migration
        # 0003 only there: SQLite has no exclusion constraints (clean() and the booking services'
        # lock on the practitioner's row keep it there).
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"),
        ]

    def __str__(self) -> str:
        if self.starts_at is None:
            return f"#{self.pk}"
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M} ({self.get_status_display()})"

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The appointment must end after it starts.")
        if self.session_id and self.patient_id and self.session.patient_id != self.patient_id:
            errors["session"] = _("This session belongs to another patient.")
        if errors:
            raise ValidationError(errors)
        other = self.overlapping().select_related("patient").first()
        if other is not None:
            raise ValidationError({"starts_at": overlap_message(other)})

    def overlapping(self) -> AppointmentQuerySet:
        """The practitioner's other not-cancelled appointments that overlap this one."""
        if self.status == self.Status.CANCELLED or not (self.practitioner_id and self.starts_at and self.ends_at):
            return Appointment.objects.none()
        others = Appointment.objects.not_cancelled().filter(practitioner_id=self.practitioner_id)
        return others.between(self.starts_at, self.ends_at).exclude(pk=self.pk).order_by("starts_at")

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def patient_initials(self) -> str:
        return initials(self.patient.first_name, self.patient.last_name)


def overlap_message(other: Appointment) -> str:
    start, end = timezone.localtime(other.starts_at), timezone.localtime(other.ends_at)
    return _(
        "This overlaps another appointment of the practitioner: %(day)s %(start)s–%(end)s (%(patient)s). "
        "Choose another time."
    ) % {
        "day": start.strftime("%Y-%m-%d"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "patient": other.patient_initials,
    }


class CalendarFeed(models.Model):
    """A private iCalendar feed of one practitioner's or one patient's appointments.

    Calendar apps cannot sign in, so the URL's random token is the credential: it names no one,
    it can be revoked (the URL answers 404 from then on) and a new one issued.
    """

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(practitioner__isnull=True, patient__isnull=False)
                | Q(practitioner__isnull=False, patient__isnull=True),
                name="calendar_feed_one_owner",
            ),
            models.UniqueConstraint(
                fields=["practitioner"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_live_per_practitioner",
            ),
            models.UniqueConstraint(
                fields=["patient"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_live_per_patient"
            ),
        ]

    def __str__(self) -> str:
        state = _("revoked") if self.revoked_at else _("live")
        return f"{_('Calendar feed')} #{self.pk} ({state})"


class NeedleCount(models.Model):
    """Closing a visit: the needles removed, counted against those inserted (a forgotten needle is a
    reportable incident). A mismatch is saved only with what happened, also as an adverse event."""

    session = models.OneToOneField(AcupunctureSession, on_delete=models.PROTECT, related_name="needle_count_check")
    inserted = models.PositiveSmallIntegerField(_("needles inserted"))
    removed = models.PositiveSmallIntegerField(_("needles removed"))
    note = models.TextField(_("what happened"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(removed=F("inserted")) | ~Q(note=""), name="needle_count_mismatch_explained"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.removed}/{self.inserted}"

    def clean(self) -> None:
        if self.removed != self.inserted and not self.note.strip():
            raise ValidationError(
                {"note": _("%(inserted)d needles went in and %(removed)d came out: say what happened.")
                 % {"inserted": self.inserted, "removed": self.removed}}
            )  # fmt: skip

    @property
    def matches(self) -> bool:
        return self.removed == self.inserted


class LetterRecipient(models.TextChoices):
    GP = "gp", _("General practitioner")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    INSURER = "insurer", _("Insurer")
    OTHER = "other", _("Other")


class ReferralLetter(models.Model):
    """A letter about the patient's course to a GP, physiotherapist, insurer or someone else: written on
    the record's form once, then printed as a PDF (`letter.pdf?to=<pk>`) with the record's facts of the
    day it is printed. The message lives here, so that no patient data travels in a URL. Never edited
    or deleted: a new letter is written instead; history keeps who wrote it and when."""

    Recipient = LetterRecipient

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="referral_letters")
    recipient = models.CharField(_("to"), max_length=16, choices=Recipient.choices)
    recipient_name = models.CharField(_("recipient's name"), max_length=200)
    recipient_address = models.TextField(_("address"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__in=LetterRecipient.values),
                name="referral_letter_recipient_known",
            ),
            models.CheckConstraint(condition=~Q(message=""), name="referral_letter_has_message"),
        ]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()}: {self.recipient_name}"
