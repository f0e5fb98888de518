import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings

from patients.models import PainAssessment, Patient
from sessions_app.models import AcupunctureSession, AdverseEvent, FollowUp


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_is_idempotent():
    call_command("seed_demo", patients=5, sessions_per_patient=4)
    counts = (Patient.objects.count(), AcupunctureSession.objects.count(), PainAssessment.objects.count())
    call_command("seed_demo", patients=5, sessions_per_patient=4)
    assert (Patient.objects.count(), AcupunctureSession.objects.count(), PainAssessment.objects.count()) == counts
    assert counts[0] == 5


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_makes_the_contract_sign_ins_and_links_the_demo_patient():
    call_command("seed_demo", patients=3, sessions_per_patient=3, password="another-pass-2026")
    request = RequestFactory().post("/accounts/login/")
    for username in ("admin", "practitioner", "patient"):
        assert authenticate(request, username=username, password="another-pass-2026") is not None
    assert Patient.objects.get(user__username="patient").sessions.exists()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_data_is_varied():
    call_command("seed_demo")
    assert Patient.objects.count() == 20
    assert AcupunctureSession.objects.values("technique").distinct().count() == 2
    assert Patient.objects.values("condition").distinct().count() >= 4
    assert FollowUp.objects.exists()
    assert AdverseEvent.objects.exists() or AcupunctureSession.objects.count() < 50


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_seed_demo_refuses_to_run_without_debug_unless_forced():
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", patients=1)
    call_command("seed_demo", patients=1, sessions_per_patient=1, force=True)
    assert Patient.objects.count() == 1
