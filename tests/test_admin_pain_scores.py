"""The admin's patient page links to the patient's pain scores instead of an editable inline of all of them."""

import pytest

from tests.factories import PainAssessmentFactory


@pytest.mark.django_db
def test_the_patient_page_links_to_the_scores_instead_of_editing_them_inline(admin_client, patient_a, patient_b):
    for nrs in (7, 5, 3):
        PainAssessmentFactory(patient=patient_a, nrs=nrs)
    PainAssessmentFactory(patient=patient_b, nrs=9)
    page = admin_client.get(f"/admin/patients/patient/{patient_a.pk}/change/").content.decode()
    assert "assessments-TOTAL_FORMS" not in page
    assert 'name="assessments-0-nrs"' not in page
    link = f"/admin/patients/painassessment/?patient__id__exact={patient_a.pk}"
    assert f'<a href="{link}">3 pain scores</a>' in page

    scores = admin_client.get(link)
    assert scores.status_code == 200
    assert sorted(row.nrs for row in scores.context["cl"].result_list) == [3, 5, 7]
