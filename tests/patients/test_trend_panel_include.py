import pytest
from django.template.loader import render_to_string

from patients.trend_panel import trend_context
from tests.factories import PatientFactory, QuestionnaireFactory, SessionFactory
from tests.trend_histories import START, long_history, pain_history


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 3, 1000])
def test_trend_context_runs_three_queries_whatever_the_history(count, practitioner, django_assert_num_queries):
    patient = PatientFactory()
    long_history(patient, count)
    for _ in range(count // 200):
        SessionFactory(patient=patient, practitioner=practitioner)
        QuestionnaireFactory(patient=patient)
    with django_assert_num_queries(3):  # pain scores, questionnaire scores, session times
        context = trend_context(patient)
    with django_assert_num_queries(0):
        render_to_string("patients/includes/trend_panel.html", context)


@pytest.mark.django_db
def test_the_include_shows_sentence_chart_table_and_questionnaires(rf):
    patient = PatientFactory()
    pain_history(patient, [8, 7, 6, 5] + [5] * 10)
    QuestionnaireFactory(patient=patient, instrument="odi", answers=[3] * 10, completed_at=START)
    request = rf.get("/patients/1/")
    html = render_to_string("patients/includes/trend_panel.html", trend_context(patient), request)
    assert "Pain fell from 8 to 5 (−37.5 %) since 5 January: a clinically important improvement." in html
    assert html.count("<svg") == 2
    assert "Pain scores, newest first" in html
    assert 'href="?trend_page=2#trend-heading"' in html
    assert "Oswestry Disability Index scores, newest first" in html
    assert "Responder" in html
    assert " style=" not in html and "<style" not in html and "<script" not in html


@pytest.mark.django_db
def test_a_nonsense_or_out_of_range_page_number_still_shows_a_page():
    patient = PatientFactory()
    pain_history(patient, [8, 7])
    assert trend_context(patient, page="abc")["trend"].table.number == 1
    assert trend_context(patient, page="99")["trend"].table.number == 1
