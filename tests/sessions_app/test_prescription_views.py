import pytest

from sessions_app.models import PointPrescription, PrescriptionPoint
from tests.factories import PrescriptionFactory
from tests.session_forms import management

pytestmark = pytest.mark.django_db


def _data(name, points):
    rows = list(points) + [("", "")]
    data = {"name": name} | management("points", len(rows), 60)
    for number, (code, side) in enumerate(rows):
        data |= {f"points-{number}-code": code, f"points-{number}-side": side}
    return data


def test_a_practitioner_saves_a_named_prescription(practitioner_client, practitioner):
    points = [("BL23", "bilateral"), ("BL25", "bilateral"), ("BL40 b", ""), ("GB30", "left"), ("EX-B2", "bilateral")]
    response = practitioner_client.post("/sessions/prescriptions/new/", _data("Lumbar standard", points))
    assert response.status_code == 302
    prescription = PointPrescription.objects.get()
    assert (prescription.practitioner, prescription.name) == (practitioner, "Lumbar standard")
    assert list(prescription.items.values_list("acupoint__code", "side")) == [
        ("BL23", "bilateral"),
        ("BL25", "bilateral"),
        ("BL40", "bilateral"),
        ("GB30", "left"),
        ("EX-B2", "bilateral"),
    ]


def test_the_list_shows_only_my_prescriptions(practitioner_client, practitioner, colleague):
    PrescriptionFactory(practitioner=practitioner, name="Mine", points=[("BL23", "bilateral")])
    PrescriptionFactory(practitioner=colleague, name="Theirs")
    response = practitioner_client.get("/sessions/prescriptions/")
    assert [p.name for p in response.context["prescriptions"]] == ["Mine"]
    assert "BL23 bilateral" in response.content.decode()


def test_editing_replaces_name_and_points(practitioner_client, practitioner):
    prescription = PrescriptionFactory(practitioner=practitioner, points=[("BL23", "bilateral")])
    page = practitioner_client.get(f"/sessions/prescriptions/{prescription.pk}/edit/")
    assert page.context["points"].forms[0].initial == {"code": "BL23", "side": "bilateral"}
    data = _data("Neck", [("GB20", "bilateral"), ("GV14", "")])
    assert practitioner_client.post(f"/sessions/prescriptions/{prescription.pk}/edit/", data).status_code == 302
    prescription.refresh_from_db()
    assert prescription.name == "Neck"
    assert list(prescription.items.values_list("acupoint__code", "side")) == [
        ("GB20", "bilateral"),
        ("GV14", "midline"),
    ]


@pytest.mark.parametrize(
    ("points", "field"),
    [([("BL99", "left")], "code"), ([("GV4", "left")], "side"), ([("BL23", "")], "side")],
)
def test_bad_points_are_refused_and_nothing_saved(practitioner_client, points, field):
    response = practitioner_client.post("/sessions/prescriptions/new/", _data("Bad", points))
    assert response.status_code == 200
    assert field in response.context["points"].forms[0].errors
    assert not PointPrescription.objects.exists()


def test_a_duplicate_name_is_refused(practitioner_client, practitioner):
    PrescriptionFactory(practitioner=practitioner, name="Lumbar standard")
    response = practitioner_client.post("/sessions/prescriptions/new/", _data("lumbar standard", [("BL23", "left")]))
    assert response.context["form"].errors["name"] == ["You already have a prescription with this name."]
    assert PointPrescription.objects.count() == 1


def test_a_deleted_prescription_is_gone_from_the_lists_but_kept_to_undo(practitioner_client, practitioner):
    prescription = PrescriptionFactory(practitioner=practitioner, points=[("BL23", "bilateral")])
    response = practitioner_client.post(f"/sessions/prescriptions/{prescription.pk}/delete/")
    assert response.status_code == 302
    assert not PointPrescription.objects.in_use().exists()
    assert PrescriptionPoint.objects.filter(prescription=prescription).count() == 1  # kept for the undo
    listed = practitioner_client.get("/sessions/prescriptions/").context["prescriptions"]
    assert prescription not in listed
    assert practitioner_client.get(f"/sessions/prescriptions/{prescription.pk}/edit/").status_code == 404


def test_another_practitioners_prescription_does_not_exist_for_me(practitioner_client, colleague):
    theirs = PrescriptionFactory(practitioner=colleague, points=[("BL23", "bilateral")])
    assert practitioner_client.get(f"/sessions/prescriptions/{theirs.pk}/edit/").status_code == 404
    assert practitioner_client.post(f"/sessions/prescriptions/{theirs.pk}/edit/", _data("X", [])).status_code == 404
    assert practitioner_client.post(f"/sessions/prescriptions/{theirs.pk}/delete/").status_code == 404
    assert PointPrescription.objects.get().name == theirs.name


def test_delete_needs_post(practitioner_client, practitioner):
    prescription = PrescriptionFactory(practitioner=practitioner)
    assert practitioner_client.get(f"/sessions/prescriptions/{prescription.pk}/delete/").status_code == 405
    assert practitioner_client.put("/sessions/prescriptions/new/").status_code == 405


def test_patients_admins_and_anonymous_users_have_no_prescriptions(client, patient_a_client, admin_user):
    assert patient_a_client.get("/sessions/prescriptions/").status_code == 403
    assert patient_a_client.post("/sessions/prescriptions/new/", _data("X", [("BL23", "left")])).status_code == 403
    client.logout()
    response = client.get("/sessions/prescriptions/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    client.force_login(admin_user)
    assert client.get("/sessions/prescriptions/").status_code == 403
    assert not PointPrescription.objects.exists()
