"""The clinical core's models: patients, their pain readings and pain map, questionnaires and their
texts, the access log, submissions and preferences.

Over 500 lines on purpose, for now: the models of one app reference each other (foreign keys,
constraints naming fields, querysets used by the others) and every branch of the current round
changes them; split into a `models/` package (patient, readings, questionnaires, audit) once those
have merged, keeping `patients.models.X` importable.
"""

import secrets
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients import instrument_format, pain_map, scoring
from patients.archive import not_archived
from patients.choices import STATUS_SOURCES, AssessmentSource, Instrument, RiskGroup, choice_label
from patients.dates import check_reading, validate_plausible_date, validate_plausible_moment
from patients.dbfunctions import JSONArrayLength
from patients.measures import NRS_MAX, NRS_MIN, SCORE_MAX, SCORE_MIN
from patients.roles import is_admin, is_practitioner
from patients.trends import nrs_summary

MRN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud over the phone


def new_mrn() -> str:
    return "".join(secrets.choice(MRN_ALPHABET) for _ in range(8))


class VersionedModel(models.Model):
    """A clinical record edited by several people: `version` guards against lost updates."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SpineRegion(models.TextChoices):
    CERVICAL = "cervical", _("Cervical")
    THORACIC = "thoracic", _("Thoracic")
    LUMBAR = "lumbar", _("Lumbar")
    SACRAL = "sacral", _("Sacral")
    MULTIPLE = "multiple", _("Multiple regions")


class PainType(models.TextChoices):
    ACUTE = "acute", _("Acute")
    CHRONIC = "chronic", _("Chronic")
    NEUROPATHIC = "neuropathic", _("Neuropathic")


class Condition(models.TextChoices):
    HERNIATED_DISC = "herniated_disc", _("Herniated disc")
    SPINAL_STENOSIS = "spinal_stenosis", _("Spinal stenosis")
    MUSCLE_STRAIN = "muscle_strain", _("Muscle strain")
    DEGENERATIVE_DISC = "degenerative_disc", _("Degenerative disc disease")
    ARTHRITIS = "arthritis", _("Arthritis")
    SCIATICA = "sciatica", _("Sciatica")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


# Red flags screened at intake (serious spinal pathology needing referral, not acupuncture).
RED_FLAG_FIELDS = {
    "rf_cauda_equina": _("Cauda equina symptoms"),
    "rf_trauma": _("Significant trauma"),
    "rf_cancer_history": _("History of cancer"),
    "rf_fever_infection": _("Fever or suspected infection"),
    "rf_weight_loss": _("Unexplained weight loss"),
    "rf_neuro_deficit": _("Progressive neurological deficit"),
}


def full_name(first_name: str, last_name: str) -> str:
    """How a page names a patient: `Patient.full_name`, and the calendar's rows read as tuples."""
    return f"{first_name} {last_name}"


class PatientQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PatientQuerySet":
        """The one place that decides which patients a user may see."""
        if not user.is_authenticated:
            return self.none()
        if is_admin(user) or is_practitioner(user):
            return self
        return self.filter(user=user)

    def current(self) -> "PatientQuerySet":
        """Not archived: the patients every list and count shows (`patients.archive.not_archived`)."""
        return self.filter(not_archived())

    def active(self) -> "PatientQuerySet":
        """The former name of `current()`, kept while other branches still call it."""
        return self.current()

    def with_pain_summary(self) -> "PatientQuerySet":
        """Annotate baseline_nrs, latest_nrs and next_followup_on in the same query (no query per row).
        Baseline and latest are the first and last *status* readings (`patients.choices.STATUS_SOURCES`):
        the rule of `patients.trends.summarise_points`, in SQL. Follow-ups are reached through the
        patient's reverse relation: the core imports nothing of the sessions app."""
        FollowUp = Patient.followups.field.model  # noqa: N806 - sessions_app.FollowUp, by relation
        assessments = PainAssessment.objects.filter(patient=models.OuterRef("pk"), source__in=STATUS_SOURCES)
        first = assessments.order_by("assessed_at", "pk").values("nrs")[:1]
        last = assessments.order_by("-assessed_at", "-pk").values("nrs")[:1]
        next_followup = (
            FollowUp.objects.filter(patient=models.OuterRef("pk"), status=FollowUp.Status.SCHEDULED)
            .order_by("due_on")
            .values("due_on")[:1]
        )
        return self.annotate(
            baseline_nrs=models.Subquery(first),
            latest_nrs=models.Subquery(last),
            next_followup_on=models.Subquery(next_followup),
        )

    def with_red_flags(self) -> "PatientQuerySet":
        condition = Q()
        for field in RED_FLAG_FIELDS:
            condition |= Q(**{field: True})
        return self.filter(condition)


class PatientRecordQuerySet(models.QuerySet):
    """Rows that belong to a patient (sessions, plans, follow-ups, appointments, adverse events):
    `visible_to(user)` keeps those of the patients `Patient.objects.visible_to(user)` shows, the one
    scoping of a record. `patient_path` is the way from a row to its patient."""

    patient_path = "patient"

    def visible_to(self, user) -> "PatientRecordQuerySet":
        return self.filter(**{f"{self.patient_path}__in": Patient.objects.visible_to(user)})


class Patient(VersionedModel):
    mrn = models.CharField(_("MRN"), max_length=16, unique=True, default=new_mrn, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_plausible_date])
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    spine_region = models.CharField(_("spine region"), max_length=10, choices=SpineRegion.choices)
    pain_type = models.CharField(_("pain type"), max_length=12, choices=PainType.choices)
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices)
    onset_date = models.DateField(_("onset date"), null=True, blank=True, validators=[validate_plausible_date])
    chief_complaint = models.TextField(_("chief complaint"), blank=True)
    co_physiotherapy = models.BooleanField(_("physiotherapy"), default=False)
    co_chiropractic = models.BooleanField(_("chiropractic care"), default=False)
    co_medication = models.BooleanField(_("pain medication"), default=False)
    co_treatment_notes = models.TextField(_("other treatments"), blank=True)
    rf_cauda_equina = models.BooleanField(RED_FLAG_FIELDS["rf_cauda_equina"], default=False)
    rf_trauma = models.BooleanField(RED_FLAG_FIELDS["rf_trauma"], default=False)
    rf_cancer_history = models.BooleanField(RED_FLAG_FIELDS["rf_cancer_history"], default=False)
    rf_fever_infection = models.BooleanField(RED_FLAG_FIELDS["rf_fever_infection"], default=False)
    rf_weight_loss = models.BooleanField(RED_FLAG_FIELDS["rf_weight_loss"], default=False)
    rf_neuro_deficit = models.BooleanField(RED_FLAG_FIELDS["rf_neuro_deficit"], default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patient",
    )
    primary_practitioner = models.ForeignKey(
        "sessions_app.Practitioner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patients",
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            # The patient list's order, active patients only: pages (OFFSET) walk this index alone.
            models.Index(
                fields=["last_name", "first_name", "id"],
                condition=Q(archived_at__isnull=True),
                name="patient_active_by_name",
            ),
            # Counting active patients (every list page's paginator) from the index alone.
            models.Index(fields=["archived_at"], name="patient_archived_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(onset_date__isnull=True) | Q(onset_date__gte=models.F("date_of_birth")),
                name="patient_onset_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name} ({self.mrn})"

    def clean(self) -> None:
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            raise ValidationError({"date_of_birth": _("Date of birth cannot be in the future.")})
        if self.onset_date and self.date_of_birth and self.onset_date < self.date_of_birth:
            raise ValidationError({"onset_date": _("Onset cannot be before birth.")})
        if self.onset_date and self.onset_date > today:
            raise ValidationError({"onset_date": _("Onset cannot be in the future.")})

    @property
    def full_name(self) -> str:
        return full_name(self.first_name, self.last_name)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def red_flags(self) -> list[str]:
        return [str(label) for field, label in RED_FLAG_FIELDS.items() if getattr(self, field)]

    @property
    def has_red_flags(self) -> bool:
        # Asked for every row of the patient list: no translated labels needed to answer it.
        return any(getattr(self, field) for field in RED_FLAG_FIELDS)

    @property
    def pain_summary(self):
        """Baseline and latest NRS from `with_pain_summary()` annotations."""
        return nrs_summary(getattr(self, "baseline_nrs", None), getattr(self, "latest_nrs", None))

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())


NRS_VALIDATORS = [MinValueValidator(NRS_MIN), MaxValueValidator(NRS_MAX)]


class PainAssessment(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="assessments")
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now, validators=[validate_plausible_moment])
    nrs = models.PositiveSmallIntegerField(
        _("pain (NRS 0-10)"),
        validators=NRS_VALIDATORS,
        help_text=_("0 = no pain, 10 = worst pain imaginable."),
    )
    source = models.CharField(
        _("source"),
        max_length=12,
        choices=AssessmentSource.choices,
        default=AssessmentSource.CLINICIAN,
    )
    session = models.ForeignKey(
        "sessions_app.AcupunctureSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set for self-reports only: one self-report per patient per day, enforced by the database.
    reported_on = models.DateField(null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # corrections (patients/concurrency.py)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessed_at", "pk"]
        indexes = [models.Index(fields=["patient", "assessed_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(nrs__gte=NRS_MIN, nrs__lte=NRS_MAX), name="assessment_nrs_0_10"),
            models.UniqueConstraint(
                fields=["session", "source"],
                condition=Q(session__isnull=False),
                name="assessment_one_per_session_and_source",
            ),
            models.UniqueConstraint(
                fields=["patient", "reported_on"],
                condition=Q(reported_on__isnull=False),
                name="assessment_one_self_report_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"NRS {self.nrs} ({self.get_source_display()}) {self.assessed_at:%Y-%m-%d}"

    def clean(self) -> None:
        if self.session_id and self.patient_id and self.session.patient_id != self.patient_id:
            raise ValidationError({"session": _("This session belongs to another patient.")})
        born = self.patient.date_of_birth if self.patient_id else None
        check_reading(self.assessed_at, born=born, field="assessed_at")


class PainRegionScore(models.Model):
    """Where it hurts at one assessment: a region of the pain map (patients.pain_map), a side and an
    intensity on the same NRS as the assessment's overall score (CONTRACT.md "Pain map")."""

    assessment = models.ForeignKey(PainAssessment, on_delete=models.PROTECT, related_name="region_scores")
    region = models.CharField(_("region"), max_length=12, choices=pain_map.REGION_CHOICES)
    side = models.CharField(_("side"), max_length=9, choices=pain_map.PainSide.choices)
    intensity = models.PositiveSmallIntegerField(
        _("intensity (NRS 0-10)"),
        validators=NRS_VALIDATORS,
        help_text=_("0 = no pain, 10 = worst pain imaginable."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(intensity__gte=NRS_MIN, intensity__lte=NRS_MAX), name="region_score_intensity_0_10"
            ),
            models.CheckConstraint(condition=Q(region__in=pain_map.REGION_CODES), name="region_score_known_region"),
            models.CheckConstraint(condition=Q(side__in=pain_map.PainSide.values), name="region_score_known_side"),
            models.UniqueConstraint(fields=["assessment", "region", "side"], name="region_score_once_per_side"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.side} {self.intensity}"


def _score_in_range() -> Q:
    """No score, or one within its instrument's range; instruments sharing a range share one term."""
    condition = Q(score__isnull=True)
    by_top: dict[float, list[str]] = {}
    for instrument, top in SCORE_MAX.items():
        by_top.setdefault(top, []).append(instrument)
    for top, instruments in by_top.items():
        which = {"instrument__in": instruments} if len(instruments) > 1 else {"instrument": instruments[0]}
        condition |= Q(**which, score__gte=SCORE_MIN, score__lte=top)
    return condition


def _answers_length_is(instrument: str) -> Q:
    return Q(instrument=instrument) & Q(
        models.lookups.Exact(JSONArrayLength("answers"), scoring.ITEM_COUNT[instrument])
    )


def _activities_fit() -> Q:
    """PSFS names one activity per slot (five, "" when unused) once completed; other instruments none."""
    length = JSONArrayLength("activities")
    psfs_slots = models.lookups.Exact(length, scoring.ITEM_COUNT[Instrument.PSFS])
    none = models.lookups.Exact(length, 0)
    return (Q(instrument=Instrument.PSFS) & (Q(psfs_slots) | (Q(completed_at__isnull=True) & Q(none)))) | (
        ~Q(instrument=Instrument.PSFS) & Q(none)
    )


ALREADY_PENDING = _("This questionnaire is already waiting for the patient.")


class QuestionnaireResponse(VersionedModel):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="questionnaires")
    instrument = models.CharField(_("instrument"), max_length=12, choices=Instrument.choices)
    answers = models.JSONField(
        _("answers"),
        default=list,
        blank=True,
        help_text=_("One entry per item: the item score, or null when unanswered."),
    )
    score = models.FloatField(_("score"), null=True, blank=True, editable=False)
    # STarT Back only: the risk group its answers give (derived on save with the score).
    risk_group = models.CharField(
        _("risk group"), max_length=6, choices=RiskGroup.choices, blank=True, default="", editable=False
    )
    # PSFS only: the activities the patient named, one per slot ("" for an unused one), in the order
    # of `answers` (each slot's rating). The patient's own words, not licensed wording.
    activities = models.JSONField(
        _("activities"),
        default=list,
        blank=True,
        help_text=_("PSFS: the activity the patient named for each rating (empty for an unused slot)."),
    )
    # Null while a questionnaire assigned to the patient waits to be filled in.
    completed_at = models.DateTimeField(
        _("completed at"), null=True, blank=True, default=timezone.now, validators=[validate_plausible_moment]
    )
    session = models.ForeignKey(
        "sessions_app.AcupunctureSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The loaded text the answers were given to (`InstrumentText`); both blank for a paper form.
    language = models.CharField(_("language"), max_length=12, blank=True, default="")
    text_version = models.CharField(_("text version"), max_length=20, blank=True, default="")
    history = HistoricalRecords()

    class Meta:
        ordering = ["completed_at", "pk"]
        indexes = [models.Index(fields=["patient", "instrument", "completed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | _answers_length_is(Instrument.ODI)
                | _answers_length_is(Instrument.NDI)
                | _answers_length_is(Instrument.RMDQ)
                | _answers_length_is(Instrument.STARTBACK)
                | _answers_length_is(Instrument.PSFS),
                name="questionnaire_answer_count",
            ),
            models.CheckConstraint(condition=_activities_fit(), name="questionnaire_psfs_activity_slots"),
            models.CheckConstraint(
                condition=Q(risk_group="")
                | Q(instrument=Instrument.STARTBACK, risk_group__in=RiskGroup.values, score__isnull=False),
                name="questionnaire_risk_group_of_startback",
            ),
            models.CheckConstraint(
                condition=_score_in_range(),
                name="questionnaire_score_in_range",
            ),
            models.UniqueConstraint(
                fields=["patient", "instrument"],
                condition=Q(completed_at__isnull=True),
                name="questionnaire_one_pending_per_instrument",
                violation_error_message=ALREADY_PENDING,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.score_display}"

    def save(self, *args, **kwargs) -> None:
        # The one exception to "no logic in save()": the contract promises a score "computed from
        # answers on save" to records made with only the contract fields, and imports and outside
        # checks make them with `objects.create()`, which reaches no service and no full_clean().
        # The rule itself is `compute_score()` (scoring.py); nothing else writes `score`.
        self.score = self.compute_score()
        self.risk_group = self.compute_risk_group()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "answers" in update_fields:
            kwargs["update_fields"] = {*update_fields, "score", "risk_group"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        check_reading(
            self.completed_at, born=self.patient.date_of_birth if self.patient_id else None, field="completed_at"
        )
        if self.completed_at is None and not self.answers:
            return
        try:
            scoring.validate_answers(self.instrument, self.answers)
        except ValueError as exc:
            raise ValidationError({"answers": str(exc)}) from exc
        if self.instrument == Instrument.PSFS:
            self._clean_activities()
        elif self.activities:
            raise ValidationError({"activities": _("Only the PSFS names activities.")})

    def _clean_activities(self) -> None:
        """Five slots (one per rating); a rating needs its activity; a completed PSFS rates at least one."""
        slots = scoring.ITEM_COUNT[Instrument.PSFS]
        activities = self.activities
        if not activities and self.completed_at is None:
            return
        if (
            not isinstance(activities, list)
            or len(activities) != slots
            or not all(isinstance(a, str) and len(a) <= scoring.PSFS_ACTIVITY_MAX for a in activities)
        ):
            raise ValidationError(
                {
                    "activities": _("Name up to %(slots)d activities, at most %(max)d characters each.")
                    % {"slots": slots, "max": scoring.PSFS_ACTIVITY_MAX}
                }
            )
        answers = self.answers or [None] * slots
        for number, (activity, rating) in enumerate(zip(activities, answers, strict=True), start=1):
            if rating is not None and not activity.strip():
                raise ValidationError(
                    {"activities": _("Activity %(number)d has a rating but no name.") % {"number": number}}
                )

    def compute_risk_group(self) -> str:
        """STarT Back's risk group from the answers (scoring.startback_risk); blank for other instruments."""
        if self.instrument != Instrument.STARTBACK or self.score is None:
            return ""
        return scoring.startback_risk(self.score, scoring.startback_subscale(self.answers))

    @property
    def subscale(self) -> int | None:
        """STarT Back's distress subscale (items 5-9), 0-5."""
        if self.instrument != Instrument.STARTBACK or self.score is None:
            return None
        return scoring.startback_subscale(self.answers)

    def compute_score(self) -> float | None:
        """The score the answers give: None while unanswered, a draft the patient saved to finish later,
        too incomplete to score, or malformed (full_clean() refuses malformed answers, and so does the
        database's answer-count check)."""
        if not self.answers or self.completed_at is None:
            return None
        try:
            return scoring.score(self.instrument, self.answers)
        except ValueError:
            return None

    @property
    def score_display(self) -> str:
        return scoring.format_score(self.instrument, self.score)

    @property
    def band(self) -> str:
        if self.risk_group:
            return choice_label(RiskGroup, self.risk_group)
        return scoring.band(self.instrument, self.score)

    @property
    def rated_activities(self) -> list[tuple[str, int]]:
        """PSFS: (activity, rating) of each rated slot, in order."""
        return [
            (activity, rating)
            for activity, rating in zip(self.activities or [], self.answers or [], strict=False)
            if rating is not None and activity
        ]

    @property
    def is_pending(self) -> bool:
        return self.completed_at is None


def _items_length_is(instrument: str) -> Q:
    return Q(instrument=instrument) & Q(models.lookups.Exact(JSONArrayLength("items"), scoring.ITEM_COUNT[instrument]))


class InstrumentText(models.Model):
    """A questionnaire's wording, loaded by the clinic under its licence (`load_instrument_text`).

    The validated wording belongs to its licence holders and is never part of the code: one row per
    instrument, version and language; loading the same three again replaces the row (its history keeps
    the earlier text and who loaded it).
    """

    instrument = models.CharField(_("instrument"), max_length=12, choices=Instrument.choices)
    version = models.CharField(_("version"), max_length=20)
    language = models.CharField(_("language"), max_length=12)
    licence = models.TextField(_("licence"), help_text=_("Who licensed this text to the clinic, and on what terms."))
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    items = models.JSONField(_("items"), help_text=_("Each item's number, text and options, in order."))
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "language", "-loaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "version", "language"], name="instrument_text_one_per_version_and_language"
            ),
            models.CheckConstraint(
                condition=_items_length_is(Instrument.ODI)
                | _items_length_is(Instrument.NDI)
                | _items_length_is(Instrument.RMDQ)
                | _items_length_is(Instrument.STARTBACK)
                | _items_length_is(Instrument.PSFS),
                name="instrument_text_item_count",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.version} ({self.language})"

    def clean(self) -> None:
        if self.instrument in Instrument.values and (
            problem := instrument_format.items_problem(self.instrument, self.items)
        ):
            raise ValidationError({"items": problem})


APPEND_ONLY_MESSAGE = _("The access log is append-only.")


class AccessLogQuerySet(models.QuerySet):
    """Refuses bulk changes: entries are only ever added (PostgreSQL also refuses by trigger)."""

    def update(self, **kwargs):
        raise ValidationError(APPEND_ONLY_MESSAGE)

    def delete(self):
        raise ValidationError(APPEND_ONLY_MESSAGE)

    def bulk_update(self, objs, fields, batch_size=None):
        raise ValidationError(APPEND_ONLY_MESSAGE)


class AccessLog(models.Model):
    """Who opened which patient's record or export, and when. Append-only."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed record")
        PROGRESS = "progress", _("Viewed progress data")
        EXPORT_FHIR = "export_fhir", _("Exported FHIR")
        EXPORT_CSV = "export_csv", _("Exported CSV")
        EXPORT_PDF = "export_pdf", _("Exported PDF report")
        LETTER_PDF = "letter_pdf", _("Printed a referral letter")
        EDIT = "edit", _("Opened for editing")
        ADMIN = "admin", _("Opened in the admin")
        HISTORY = "history", _("Viewed change history")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_logs")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="access_logs")
    action = models.CharField(max_length=12, choices=Action.choices)
    path = models.CharField(max_length=200)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["patient", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} #{self.patient_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(APPEND_ONLY_MESSAGE)


class FormSubmission(models.Model):
    """One submitted create form: its one-time token and what it created (patients/submissions.py).

    The unique token is what makes a form record once: a second post of the same rendered form (a
    double click, a resent tab, parallel posts) finds this row instead of creating a second record.
    """

    token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.token} ({self.created_at:%Y-%m-%d %H:%M})"


class UndoTicket(models.Model):
    """The one-time right to reverse one one-click change (patients/undo.py): what the fields were
    before, and the record's version right after the change (an undo of a record changed since is
    refused). Not a clinical record: the change and its undo are both in the record's own history."""

    token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    before = models.JSONField(default=dict, encoder=DjangoJSONEncoder)  # dates and times as ISO strings
    version_after = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.token} ({self.created_at:%Y-%m-%d %H:%M})"


class Language(models.TextChoices):
    """The languages the app speaks (settings.LANGUAGES); a user's saved choice is one of them."""

    ENGLISH = "en", "English"
    DUTCH = "nl", "Nederlands"
    GERMAN = "de", "Deutsch"


class UserPreference(models.Model):
    """A user's own settings: the language picked in the menu, set as the language cookie at sign-in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(language__in=Language.values), name="userpreference_language_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
