"""Demo and benchmark data: realistic, varied pain trends, written with bulk inserts.

Demo patients have MRNs DEMO000001, DEMO000002, ...; seeding creates only the missing ones, so
running it twice changes nothing and `--patients 10000` extends an existing demo clinic.
Bulk inserts skip history rows on purpose: this is synthetic data, not clinical edits.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from patients.models import PainAssessment, Patient, QuestionnaireResponse
from patients.permissions import ADMINS_GROUP, PATIENTS_GROUP, PRACTITIONERS_GROUP
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
CHUNK = 250  # patients written per batch: bounds memory at 10,000 patients

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
) -> SeedResult:
    users = ensure_accounts(password)
    practitioners = list(Practitioner.objects.order_by("pk"))
    ensure_prescriptions(practitioners[0])
    points = {p.code: p for p in Acupoint.objects.filter(code__in=[c for c, _ in LUMBAR + CERVICAL])}
    existing = set(Patient.objects.filter(mrn__startswith=MRN_PREFIX).values_list("mrn", flat=True))
    todo = [i for i in range(1, patients + 1) if _mrn(i) not in existing]
    totals = SeedResult(0, 0, 0)
    for start in range(0, len(todo), CHUNK):
        with transaction.atomic():
            result = _seed_chunk(
                todo[start : start + CHUNK],
                sessions_per_patient,
                practitioners,
                points,
                seed,
            )
        totals = SeedResult(*(a + b for a, b in zip(vars(totals).values(), vars(result).values(), strict=True)))
    demo_patient = Patient.objects.filter(mrn=_mrn(1)).first()
    if demo_patient and demo_patient.user_id is None and not Patient.objects.filter(user=users["patient"]).exists():
        demo_patient.user = users["patient"]
        demo_patient.email = users["patient"].email
        demo_patient.save(update_fields=["user", "email"])
    return totals


def _mrn(i: int) -> str:
    return f"{MRN_PREFIX}{i:06d}"


def _seed_chunk(numbers, sessions_per_patient, practitioners, points, seed) -> SeedResult:
    today = timezone.localdate()
    rngs = {i: random.Random(seed * 100_003 + i) for i in numbers}
    patients = Patient.objects.bulk_create([_patient(i, rngs[i], practitioners, today) for i in numbers])
    plans, sessions, courses = [], [], []
    for patient in patients:
        rng = rngs[int(patient.mrn[len(MRN_PREFIX) :])]
        count = max(1, sessions_per_patient + rng.randint(-2, 2)) if sessions_per_patient else 0
        first_day = today - timedelta(days=int(count * 4.5) + rng.randint(0, 10))
        practitioner = patient.primary_practitioner
        plan = TreatmentPlan(
            patient=patient,
            practitioner=practitioner,
            start_on=first_day,
            goal="Reduce pain to 3/10 or less and return to usual activities.",
            planned_sessions=max(count, 10),
            sessions_per_week=2,
            rationale="Kidney deficiency with channel obstruction",
        )
        plans.append(plan)
        courses.append((patient, rng, count, first_day, practitioner))
    TreatmentPlan.objects.bulk_create(plans)
    for (patient, rng, count, first_day, practitioner), plan in zip(courses, plans, strict=True):
        day = first_day
        for n in range(count):
            started = timezone.make_aware(datetime.combine(day, time(9 + rng.randint(0, 8), rng.choice([0, 30]))))
            electro = rng.random() < 0.3
            sessions.append(
                AcupunctureSession(
                    patient=patient,
                    practitioner=practitioner,
                    plan=plan,
                    started_at=started,
                    duration_minutes=rng.choice([20, 25, 30, 30, 30, 35, 40]),
                    technique="electro" if electro else "manual",
                    electro_frequency_hz=rng.choice([2, 10, 50, 100]) if electro else None,
                    needle_count=rng.randint(6, 16),
                    needle_gauge_mm=rng.choice(["0.25", "0.30"]),
                    needle_length_mm=rng.choice([30, 40, 50]),
                    retention_minutes=20,
                    deqi="obtained",
                    subjective="Pain on bending, stiff in the morning."
                    if n == 0
                    else "Reports change since last visit.",
                    assessment="Responding to treatment." if n else "Initial assessment.",
                )
            )
            day += timedelta(days=3 if n < 6 else 7)
    AcupunctureSession.objects.bulk_create(sessions, batch_size=1000)
    session_points, assessments, events, followups, questionnaires = [], [], [], [], []
    by_patient: dict[int, list[AcupunctureSession]] = {}
    for session in sessions:
        by_patient.setdefault(session.patient_id, []).append(session)
    for patient, rng, *_ in courses:
        course = by_patient.get(patient.pk, [])
        baseline = rng.randint(5, 9)
        end_fraction = rng.choice(TRAJECTORIES)
        catalogue = CERVICAL if patient.spine_region == "cervical" else LUMBAR
        for n, session in enumerate(course):
            progress = n / max(1, len(course) - 1)
            pre = _clamp(round(baseline * (1 - (1 - end_fraction) * progress) + rng.choice([-1, 0, 0, 1])))
            post = _clamp(pre - rng.choice([0, 1, 1, 2]))
            assessments.append(
                PainAssessment(
                    patient=patient,
                    session=session,
                    nrs=pre,
                    source="pre_session",
                    assessed_at=session.started_at,
                )
            )
            assessments.append(
                PainAssessment(
                    patient=patient,
                    session=session,
                    nrs=post,
                    source="post_session",
                    assessed_at=session.ends_at,
                )
            )
            for code, side in rng.sample(catalogue, k=min(len(catalogue), rng.randint(4, 8))):
                session_points.append(SessionPoint(session=session, acupoint=points[code], side=side))
            if rng.random() < 0.06:
                events.append(
                    AdverseEvent(
                        session=session,
                        kind=rng.choice(["bruising", "soreness", "bleeding", "dizziness"]),
                        severity=rng.choice(["mild", "mild", "moderate"]),
                    )
                )
        if course:
            last = course[-1]
            followups.append(
                FollowUp(
                    patient=patient,
                    session=last,
                    aftercare=rng.choice(AFTERCARE),
                    due_on=_followup_due(rng, last.started_at.date(), today),
                )
            )
            instrument = "ndi" if patient.spine_region == "cervical" else "odi"
            for session, level in (
                (course[0], baseline),
                (last, _clamp(round(baseline * end_fraction))),
            ):
                answers = [min(5, max(0, round(level / 2) + rng.choice([-1, 0, 1]))) for _ in range(10)]
                questionnaires.append(
                    QuestionnaireResponse(
                        patient=patient,
                        session=session,
                        instrument=instrument,
                        answers=answers,
                        completed_at=session.started_at,
                    )
                )
    SessionPoint.objects.bulk_create(session_points, batch_size=2000)
    PainAssessment.objects.bulk_create(assessments, batch_size=2000)
    AdverseEvent.objects.bulk_create(events, batch_size=1000)
    FollowUp.objects.bulk_create(followups, batch_size=1000)
    for response in questionnaires:  # bulk_create skips save(): score here
        response.score = _score(response)
    QuestionnaireResponse.objects.bulk_create(questionnaires, batch_size=1000)
    return SeedResult(len(patients), len(sessions), len(assessments))


def _score(response: QuestionnaireResponse) -> float | None:
    from patients import scoring

    return scoring.score(response.instrument, response.answers)


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


def _clamp(value: int) -> int:
    return max(0, min(10, value))
