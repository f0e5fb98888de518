from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from patients.models import PainAssessment, PainRegionScore, Patient, QuestionnaireResponse
from sessions_app.models import (
    Acupoint,
    AcupunctureSession,
    Appointment,
    FollowUp,
    PointPrescription,
    Practitioner,
    PrescriptionPoint,
    SessionPoint,
    TreatmentPlan,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@clinic.example")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    user = factory.SubFactory(UserFactory, groups=["Practitioners"])
    license_number = factory.Sequence(lambda n: f"LAC-{n:05d}")
    license_expires = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
    certification = "NCCAOM Dipl. Ac."


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = date(1970, 5, 17)
    sex = "female"
    spine_region = "lumbar"
    pain_type = "chronic"
    condition = "herniated_disc"


class PainAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PainAssessment

    patient = factory.SubFactory(PatientFactory)
    nrs = 6
    source = "clinician"


class PainRegionScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PainRegionScore

    assessment = factory.SubFactory(PainAssessmentFactory)
    region = "L4"
    side = "left"
    intensity = 6


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcupunctureSession

    patient = factory.SubFactory(PatientFactory)
    practitioner = factory.SubFactory(PractitionerFactory)
    # A visit that has ended (as the session form suggests): its pain after needling can be recorded.
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    duration_minutes = 30
    technique = "manual"


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    patient = factory.SubFactory(PatientFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    aftercare = "Gentle walking every day."


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireResponse

    patient = factory.SubFactory(PatientFactory)
    instrument = "odi"
    answers = factory.LazyFunction(lambda: [2] * 10)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatmentPlan

    patient = factory.SubFactory(PatientFactory)
    goal = "Pain at 3/10 or less"


class PrescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointPrescription
        skip_postgeneration_save = True

    practitioner = factory.SubFactory(PractitionerFactory)
    name = factory.Sequence(lambda n: f"Prescription {n}")

    @factory.post_generation
    def points(self, create, extracted, **kwargs):
        """PrescriptionFactory(points=[("BL23", "bilateral"), ("GV4", "midline")])."""
        for code, side in extracted or []:
            PrescriptionPoint.objects.create(prescription=self, acupoint=Acupoint.objects.get(code=code), side=side)


def add_points(session: AcupunctureSession, points) -> None:
    """Record [("BL23", "bilateral"), ("EX-B2", "left", "L4")] on a session."""
    for code, side, *level in points:
        SessionPoint.objects.create(
            session=session, acupoint=Acupoint.objects.get(code=code), side=side, vertebral_level="".join(level)
        )


def at(day: str, hhmm: str):
    """An aware datetime at this wall-clock time in the clinic's time zone: at("2026-03-27", "09:00")."""
    from datetime import datetime

    return timezone.make_aware(datetime.fromisoformat(f"{day}T{hhmm}"))


class AppointmentFactory(factory.django.DjangoModelFactory):
    """Saved as given: no overlap check (use sessions_app.booking to book as the app does)."""

    class Meta:
        model = Appointment

    patient = factory.SubFactory(PatientFactory)
    practitioner = factory.SubFactory(PractitionerFactory)
    starts_at = factory.LazyFunction(lambda: at("2026-03-03", "09:00"))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + timedelta(minutes=30))
