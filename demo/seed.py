"""Demo and benchmark data: realistic, varied pain trends, written with bulk inserts.

Demo patients have MRNs DEMO000001, DEMO000002, ...; seeding creates only the missing ones, so
running it twice changes nothing and `--patients 10000` extends an existing demo clinic.
Bulk inserts skip history rows on purpose: this is synthetic data, not clinical edits.
Over 500 lines: one synthetic clinic (patients, sessions, scores, questionnaires, pain maps) written
in one pass of bulk inserts; appointments and instrument texts have their own modules.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.utils import timezone

from demo.appointments import ensure_appointments
from demo.instrument_texts import DEMO_VERSION, assign_demo_questionnaire, load_demo_texts
from demo.pain_maps import ensure_pain_maps
from patients import scoring
from patients.measures import clamp_nrs
from patients.models import PainAssessment, Patient, QuestionnaireResponse
from patients.permissions import ADMINS_GROUP, PATIENTS_GROUP, PRACTITIONERS_GROUP
from sessions_app import bulk
from sessions_app.models import (
    Acupoint,
    AcupunctureSession,
    AdverseEvent,
    FollowUp,
    PointPrescription,
    Practitioner,
    PrescriptionPoint,
    SessionPoint,
    TreatmentPlan,
)

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (documented demo sign-in)
MRN_PREFIX = "DEMO"
LONG_HISTORY_MRN = "LONGHIST01"  # the one patient with years of weekly sessions (--long-history)
CHUNK = 500  # patients written per transaction: bounds memory at 10,000 patients
# A clinic network (the benchmark's 10,000 patients) has eight practitioners, each with a year of
# appointments (issue 13, "Speed"); the small demo clinic keeps its two.
NETWORK_PATIENTS, NETWORK_PRACTITIONERS = 1_000, 8
NETWORK_NAMES = [
    ("Sofia", "Reyes"),
    ("Jan", "de Vries"),
    ("Hana", "Sato"),
    ("Emil", "Weber"),
    ("Amara", "Diallo"),
    ("Tom", "Berg"),
]

FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Farid",
    "Grace",
    "Hugo",
    "Iris",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Noor",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
]
LAST = [
    "Alvarez",
    "Brennan",
    "Chen",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Schmidt",
    "Tanaka",
]
LUMBAR = [
    ("BL23", "bilateral"),
    ("BL25", "bilateral"),
    ("BL40", "bilateral"),
    ("GB30", "left"),
    ("GV3", "midline"),
    ("GV4", "midline"),
    ("EX-B2", "bilateral"),
    ("KI3", "bilateral"),
    ("BL60", "bilateral"),
    ("EX-B7", "bilateral"),
    ("GB34", "right"),
    ("BL20", "bilateral"),
]
CERVICAL = [
    ("GB20", "bilateral"),
    ("GV14", "midline"),
    ("SI3", "bilateral"),
    ("BL10", "bilateral"),
    ("GB21", "bilateral"),
    ("LI4", "bilateral"),
    ("TE5", "left"),
    ("EX-B2", "bilateral"),
]
CONDITIONS = [
    "herniated_disc",
    "spinal_stenosis",
    "muscle_strain",
    "degenerative_disc",
    "arthritis",
    "sciatica",
    "other",
]
AFTERCARE = [
    "Keep the needled area dry tonight; gentle walking 20 minutes a day.",
    "Heat pack 15 minutes morning and evening; avoid heavy lifting for 48 hours.",
    "Cat-cow and knee-to-chest stretches twice a day; take breaks from sitting every 30 minutes.",
    "Chin tucks 10 times every hour at the desk; sleep on a supportive pillow.",
]
# Trajectories: the fraction of baseline pain left at the end of the course.
TRAJECTORIES = [0.35, 0.45, 0.55, 0.7, 0.85, 1.0, 1.15]


@dataclass
class SeedResult:
    created_patients: int
    sessions: int
    assessments: int

    def __add__(self, other: "SeedResult") -> "SeedResult":
        return SeedResult(
            self.created_patients + other.created_patients,
            self.sessions + other.sessions,
            self.assessments + other.assessments,
        )


def ensure_accounts(password: str) -> dict[str, User]:
    """The demo sign-ins admin, practitioner and patient (idempotent; resets their password)."""
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (ADMINS_GROUP, PRACTITIONERS_GROUP, PATIENTS_GROUP)
    }
    users = {}
    specs = [
        ("admin", "Ada", "Admin", True, ADMINS_GROUP),
        ("practitioner", "Lin", "Chen", False, PRACTITIONERS_GROUP),
        ("colleague", "Marcus", "Okafor", False, PRACTITIONERS_GROUP),
        ("patient", "Ana", "Alvarez", False, PATIENTS_GROUP),
    ]
    for username, first, last, superuser, group in specs:
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        user.email = f"{username}@clinic.example"
        user.is_superuser = user.is_staff = superuser
        user.set_password(password)
        user.save()
        user.groups.add(groups[group])
        users[username] = user
    today = timezone.localdate()
    Practitioner.objects.get_or_create(
        user=users["practitioner"],
        defaults={
            "license_number": "LAC-10421",
            "license_expires": today + timedelta(days=400),
            "certification": "NCCAOM Dipl. Ac.",
            "certification_expires": today + timedelta(days=700),
            "years_in_practice": 12,
        },
    )
    Practitioner.objects.get_or_create(
        user=users["colleague"],
        defaults={
            "license_number": "LAC-20977",
            "license_expires": today + timedelta(days=40),
            "certification": "NCCAOM Dipl. Ac. (OM)",
            "years_in_practice": 4,
        },
    )
    return users


def ensure_network_practitioners(group: Group) -> None:
    """Six more practitioners (eight in all) for a clinic network; they cannot sign in (no password)."""
    today = timezone.localdate()
    for number, (first, last) in enumerate(NETWORK_NAMES[: NETWORK_PRACTITIONERS - 2], start=3):
        user, created = User.objects.get_or_create(
            username=f"practitioner{number}", defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
        Practitioner.objects.get_or_create(
            user=user,
            defaults={"license_number": f"LAC-3{number:04d}", "license_expires": today + timedelta(days=500)},
        )


def ensure_prescriptions(practitioner: Practitioner) -> None:
    points = {p.code: p for p in Acupoint.objects.filter(code__in=[c for c, _ in LUMBAR + CERVICAL])}
    for name, items in [
        ("Lumbar standard", LUMBAR[:5] + [LUMBAR[6]]),
        ("Neck standard", CERVICAL[:6]),
    ]:
        prescription, created = PointPrescription.objects.get_or_create(practitioner=practitioner, name=name)
        if created:
            PrescriptionPoint.objects.bulk_create(
                PrescriptionPoint(prescription=prescription, acupoint=points[code], side=side) for code, side in items
            )


def seed(
    *,
    patients: int,
    sessions_per_patient: int,
    password: str = DEMO_PASSWORD,
    seed: int = 2026,
    long_history: int = 0,
) -> SeedResult:
    """Create the missing demo patients (and, with `long_history`, one patient with that many scores)."""
    users = ensure_accounts(password)
    if patients >= NETWORK_PATIENTS:
        ensure_network_practitioners(Group.objects.get(name=PRACTITIONERS_GROUP))
    practitioners = list(Practitioner.objects.order_by("pk"))
    ensure_prescriptions(practitioners[0])
    points = {p.code: p.pk for p in Acupoint.objects.filter(code__in=[c for c, _ in LUMBAR + CERVICAL])}
    existing = set(Patient.objects.filter(mrn__startswith=MRN_PREFIX).values_list("mrn", flat=True))
    todo = [i for i in range(1, patients + 1) if _mrn(i) not in existing]
    today = timezone.localdate()
    totals = SeedResult(0, 0, 0)
    for start in range(0, len(todo), CHUNK):
        numbers = todo[start : start + CHUNK]
        rngs = [random.Random(seed * 100_003 + i) for i in numbers]
        with transaction.atomic():
            new = Patient.objects.bulk_create(
                [_patient(i, rng, practitioners, today) for i, rng in zip(numbers, rngs, strict=True)]
            )
            courses = [
                _course(patient, rng, sessions_per_patient, today) for patient, rng in zip(new, rngs, strict=True)
            ]
            totals = totals + _write_courses(courses, points, today)
    if long_history and not Patient.objects.filter(mrn=LONG_HISTORY_MRN).exists():
        with transaction.atomic():
            totals = totals + _seed_long_history(long_history, practitioners, points, seed, today)
    ensure_appointments(today=today, patient_mrn_prefix=MRN_PREFIX, seed=seed)
    if patients < NETWORK_PATIENTS:  # the demo clinic; the benchmark's keeps the data its figures came from
        ensure_pain_maps(list(Patient.objects.filter(mrn__startswith=MRN_PREFIX)), seed)
    if totals.created_patients:
        _refresh_planner_statistics()
    demo_patient = Patient.objects.filter(mrn=_mrn(1)).first()
    if demo_patient and demo_patient.user_id is None and not Patient.objects.filter(user=users["patient"]).exists():
        demo_patient.user = users["patient"]
        demo_patient.email = users["patient"].email
        demo_patient.save(update_fields=["user", "email"])
    load_demo_texts()  # placeholder texts, never the validated wording (issue 11)
    if demo_patient:
        assign_demo_questionnaire(demo_patient, users["practitioner"])
    return totals


def _refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load: with stale statistics PostgreSQL picks seq scans for keyed reads.

    On PostgreSQL, VACUUM too (outside a transaction only): until the visibility map is set, the
    planner prices index-only scans as heap reads and sorts the whole patient list instead.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def _mrn(i: int) -> str:
    return f"{MRN_PREFIX}{i:06d}"


@dataclass
class Course:
    """One patient's synthetic treatment course, before the sessions have primary keys."""

    patient: Patient
    rng: random.Random
    sessions: list[tuple] = field(default_factory=list)  # rows in SESSION_COLUMNS order
    plan: TreatmentPlan | None = None


SESSION_COLUMNS = (
    "patient",
    "practitioner",
    "plan",
    "started_at",
    "duration_minutes",
    "technique",
    "electro_frequency_hz",
    "needle_count",
    "needle_gauge_mm",
    "needle_length_mm",
    "retention_minutes",
    "deqi",
    "subjective",
    "assessment",
)


def _course(patient: Patient, rng: random.Random, sessions_per_patient: int, today: date, *, exact: bool = False):
    if exact:
        count, spacing = sessions_per_patient, 7
    else:
        count = max(1, sessions_per_patient + rng.randint(-2, 2)) if sessions_per_patient else 0
        spacing = 0
    # Twice a week for the first three weeks, then weekly; the course ends in the last ten days.
    gaps = [spacing or (3 if n < 6 else 7) for n in range(count)]
    first_day = today - timedelta(days=sum(gaps[:-1]) + rng.randint(1, 10))
    plan = TreatmentPlan(
        patient=patient,
        practitioner_id=patient.primary_practitioner_id,
        start_on=first_day,
        goal="Reduce pain to 3/10 or less and return to usual activities.",
        planned_sessions=min(60, max(count, 10)),
        sessions_per_week=2,
        rationale="Kidney deficiency with channel obstruction",
    )
    course = Course(patient=patient, rng=rng, plan=plan)
    day = first_day
    for n in range(count):
        started = timezone.make_aware(datetime.combine(day, time(9 + rng.randint(0, 8), rng.choice([0, 30]))))
        electro = rng.random() < 0.3
        course.sessions.append(
            (
                patient.pk,
                patient.primary_practitioner_id,
                None,  # the plan's key, filled in once the plan is written
                started,
                rng.choice([20, 25, 30, 30, 30, 35, 40]),
                "electro" if electro else "manual",
                rng.choice([2, 10, 50, 100]) if electro else None,
                rng.randint(6, 16),
                rng.choice(["0.25", "0.30"]),
                rng.choice([30, 40, 50]),
                20,
                "obtained",
                "Pain on bending, stiff in the morning." if n == 0 else "Reports change since last visit.",
                "Responding to treatment." if n else "Initial assessment.",
            )
        )
        day += timedelta(days=gaps[n])
    return course


def _write_courses(courses: list[Course], points: dict[str, int], today: date) -> SeedResult:
    """Write plans, sessions and everything hanging off them, in a handful of statements."""
    TreatmentPlan.objects.bulk_create([course.plan for course in courses])
    for course in courses:
        course.sessions = [row[:2] + (course.plan.pk,) + row[3:] for row in course.sessions]
    sessions = bulk.insert_rows(AcupunctureSession, SESSION_COLUMNS, (row for c in courses for row in c.sessions))
    keys: dict[int, list[int]] = {}
    written = AcupunctureSession.objects.filter(patient__in=[c.patient.pk for c in courses])
    for pk, patient_id in written.order_by("patient_id", "started_at", "pk").values_list("pk", "patient_id"):
        keys.setdefault(patient_id, []).append(pk)
    session_points, assessments, events, followups, questionnaires = [], [], [], [], []
    for course in courses:
        patient, rng = course.patient, course.rng
        baseline = rng.randint(5, 9)
        end_fraction = rng.choice(TRAJECTORIES)
        catalogue = CERVICAL if patient.spine_region == "cervical" else LUMBAR
        course_keys = keys.get(patient.pk, [])
        for n, (row, session_pk) in enumerate(zip(course.sessions, course_keys, strict=True)):
            started, duration = row[3], row[4]
            progress = n / max(1, len(course_keys) - 1)
            pre = clamp_nrs(round(baseline * (1 - (1 - end_fraction) * progress) + rng.choice([-1, 0, 0, 1])))
            post = clamp_nrs(pre - rng.choice([0, 1, 1, 2]))
            assessments.append((patient.pk, session_pk, pre, "pre_session", started))
            assessments.append((patient.pk, session_pk, post, "post_session", started + timedelta(minutes=duration)))
            for code, side in rng.sample(catalogue, k=min(len(catalogue), rng.randint(4, 8))):
                session_points.append((session_pk, points[code], side))
            if rng.random() < 0.06:
                kind = rng.choice(["bruising", "soreness", "bleeding", "dizziness"])
                events.append((session_pk, kind, rng.choice(["mild", "mild", "moderate"])))
        if course_keys:
            first_started, last_started = course.sessions[0][3], course.sessions[-1][3]
            due = _followup_due(rng, timezone.localtime(last_started).date(), today)
            followups.append((patient.pk, course_keys[-1], rng.choice(AFTERCARE), due))
            instrument = "ndi" if patient.spine_region == "cervical" else "odi"
            for session_pk, started, level in (
                (course_keys[0], first_started, baseline),
                (course_keys[-1], last_started, clamp_nrs(round(baseline * end_fraction))),
            ):
                answers = [min(5, max(0, round(level / 2) + rng.choice([-1, 0, 1]))) for _ in range(10)]
                score = scoring.score(instrument, answers)
                questionnaires.append((patient.pk, session_pk, instrument, answers, score, started, [], "", "", ""))
            questionnaires += _screening_and_function(
                patient, (course_keys[0], first_started), (course_keys[-1], last_started), baseline, end_fraction
            )
    bulk.insert_rows(SessionPoint, ("session", "acupoint", "side"), session_points)
    scores = bulk.insert_rows(PainAssessment, ("patient", "session", "nrs", "source", "assessed_at"), assessments)
    bulk.insert_rows(AdverseEvent, ("session", "kind", "severity"), events)
    bulk.insert_rows(FollowUp, ("patient", "session", "aftercare", "due_on"), followups)
    bulk.insert_rows(
        QuestionnaireResponse,
        QUESTIONNAIRE_COLUMNS,
        questionnaires,
    )
    return SeedResult(len(courses), sessions, scores)


QUESTIONNAIRE_COLUMNS = (
    "patient",
    "session",
    "instrument",
    "answers",
    "score",
    "completed_at",
    "activities",
    "risk_group",
    "language",
    "text_version",
)
PSFS_ACTIVITIES = [
    "Sitting through a film",
    "Lifting the shopping",
    "Gardening",
    "Putting on socks",
    "Driving for an hour",
    "Sleeping through the night",
    "Playing with the grandchildren",
    "Looking over my shoulder when driving",
]


def _screening_and_function(patient: Patient, first: tuple, last: tuple, baseline: int, end_fraction: float):
    """A STarT Back at intake and a PSFS at the first and last session, answered in the demo texts.

    Their own random stream (seeded by the MRN): the rest of the demo data stays as it was. The STarT
    Back leans on the pain at intake; the PSFS activities are re-rated at the end, higher as the pain
    fell (higher is better on the PSFS)."""
    rng = random.Random(f"screening-{patient.mrn}")
    distress = rng.random() < 0.25 + baseline / 40
    physical = [int(rng.random() < baseline / 10) for _ in range(4)]
    psychological = [int(rng.random() < (0.75 if distress else 0.2)) for _ in range(4)]
    bother = rng.choice([3, 4]) if distress else rng.choice([0, 1, 2, 3])
    answers = physical + psychological + [bother]
    total = scoring.score("startback", answers)
    risk = scoring.startback_risk(total, scoring.startback_subscale(answers))
    text = ("en", DEMO_VERSION)
    rows = [(patient.pk, first[0], "startback", answers, total, first[1], [], risk, *text)]
    named = rng.sample(PSFS_ACTIVITIES, k=rng.randint(2, 4))
    activities = named + [""] * (5 - len(named))
    start = [max(0, min(10, 10 - baseline + rng.choice([-2, -1, 0, 1]))) for _ in named]
    gain = round((1 - end_fraction) * 6)
    end = [max(0, min(10, rating + gain + rng.choice([-1, 0, 0, 1]))) for rating in start]
    for (session_pk, started), ratings in ((first, start), (last, end)):
        padded = ratings + [None] * (5 - len(ratings))
        rows.append(
            (patient.pk, session_pk, "psfs", padded, scoring.score("psfs", padded), started, activities, "", *text)
        )
    return rows


def _seed_long_history(assessments: int, practitioners, points, seed: int, today: date) -> SeedResult:
    """One patient treated weekly for years: `assessments` pain scores (a pre and a post per session)."""
    rng = random.Random(seed * 100_003)
    patient = _patient(1, rng, practitioners[:1], today)
    patient.mrn, patient.first_name, patient.last_name = LONG_HISTORY_MRN, "Lena", "Longhistory"
    patient.email = "lena.longhistory@mail.example"
    patient.date_of_birth = min(patient.date_of_birth, today - timedelta(days=50 * 365))
    patient.onset_date = today - timedelta(days=(assessments // 2) * 7 + 400)
    Patient.objects.bulk_create([patient])  # like every seeded row: no history entry
    result = _write_courses([_course(patient, rng, assessments // 2, today, exact=True)], points, today)
    if assessments % 2:
        PainAssessment.objects.create(patient=patient, nrs=5, source="clinician", assessed_at=timezone.now())
        result = result + SeedResult(0, 0, 1)
    return result


def _followup_due(rng: random.Random, last_session: date, today: date) -> date:
    """Spread follow-ups: some overdue, some today, some tomorrow, most in the next weeks."""
    offset = rng.choice([-3, -1, 0, 1, 1, 4, 7, 10, 14])
    return max(last_session, today + timedelta(days=offset))


def _patient(i: int, rng: random.Random, practitioners: list[Practitioner], today: date) -> Patient:
    region = rng.choice(["lumbar", "lumbar", "lumbar", "cervical", "thoracic", "sacral", "multiple"])
    born = today - timedelta(days=rng.randint(22 * 365, 80 * 365))
    first = FIRST[(i - 1) % len(FIRST)]
    last = LAST[((i - 1) // len(FIRST) + i - 1) % len(LAST)]
    return Patient(
        mrn=_mrn(i),
        first_name=first,
        last_name=last,
        date_of_birth=born,
        sex=rng.choice(["female", "male"]),
        email=f"{first.lower()}.{last.lower()}{i}@mail.example",
        phone=f"+1 555 01{i % 100:02d}",
        spine_region=region,
        pain_type=rng.choice(["chronic", "chronic", "acute", "neuropathic"]),
        condition=rng.choice(CONDITIONS),
        onset_date=today - timedelta(days=rng.randint(60, 2000)),
        chief_complaint="Low back pain radiating to the leg" if region != "cervical" else "Neck pain and stiffness",
        co_physiotherapy=rng.random() < 0.3,
        co_medication=rng.random() < 0.5,
        rf_trauma=rng.random() < 0.04,
        rf_cancer_history=rng.random() < 0.03,
        primary_practitioner=practitioners[i % len(practitioners)],
    )
