"""The admin's archive-instead-of-delete actions. Which admin pages open for whom (every registered
model's list, add, change, history and delete page, per persona) is the table of
tests/test_permissions.py (`test_admin_pages_as_persona`)."""

import pytest

from tests.factories import SessionFactory


@pytest.mark.django_db
def test_a_changelist_offers_archive_and_never_delete(admin_client):
    SessionFactory()
    changelist = admin_client.get("/admin/sessions_app/acupuncturesession/")
    assert b"delete_selected" not in changelist.content
    assert b"archive_selected" in changelist.content


@pytest.mark.django_db
def test_the_archive_action_archives_instead_of_deleting(admin_client):
    session = SessionFactory()
    admin_client.post(
        "/admin/patients/patient/",
        {"action": "archive_selected", "_selected_action": [session.patient.pk]},
    )
    session.patient.refresh_from_db()
    assert session.patient.archived_at is not None
