"""The patient list's rows, drawn in Python (patients/patient_rows.py), read as the template drew them."""

from datetime import timedelta

import pytest
from django.template import engines
from django.utils import timezone, translation

from patients.html_rows import pain_change
from patients.models import Patient
from patients.patient_rows import patient_rows
from patients.trends import nrs_summary
from tests.factories import FollowUpFactory, PainAssessmentFactory, PatientFactory

pytestmark = pytest.mark.django_db

# templates/patients/includes/pain_change.html, which drew the course of the pain before
# patients.html_rows.pain_change did (the list, the record and the dashboard).
PAIN_CHANGE = """{% load i18n %}{% if s.latest is None %}<span class="text-body-secondary">—</span>{% else %}<span class="text-nowrap">{{ s.baseline }} → {{ s.latest }}</span>{% if s.percent_change is not None %} <span class="small text-nowrap">({% if s.change > 0 %}+{% endif %}{{ s.percent_change|floatformat:1 }} %)</span>{% endif %}
{% if s.substantial %}<span class="badge text-bg-success">{% translate "Substantial" %}</span>{% elif s.responder %}<span class="badge text-bg-success">{% translate "Responder" %}</span>{% elif s.worse %}<span class="badge text-bg-warning">{% translate "Worse" %}</span>{% endif %}{% endif %}
"""  # noqa: E501
# The rows as templates/patients/patient_list.html drew them before patients/patient_rows.py.
TEMPLATE_ROWS = """{% load i18n %}{% for patient in page %}{% with s=patient.pain_summary %}
    <tr{% if patient.has_red_flags %} class="red-flag"{% endif %}>
      <td class="stack-title"><a href="{% url 'patients:patient_detail' patient.pk %}">{{ patient.last_name }}, {{ patient.first_name }}</a>
        {% if patient.has_red_flags %} <span class="badge text-bg-danger">{% translate "Red flag" %}</span>{% endif %}
        {% if patient.is_archived %} <span class="badge text-bg-secondary">{% translate "Archived" %}</span>{% endif %}</td>
      <td data-label="{% translate 'MRN' %}">{{ patient.mrn }}</td>
      <td data-label="{% translate 'Condition' %}">{{ patient.get_condition_display }}</td>
      <td data-label="{% translate 'Region' %}">{{ patient.get_spine_region_display }}</td>
      <td data-label="{% translate 'Latest NRS' %}">{{ s.latest|default_if_none:"—" }}</td>
      <td data-label="{% translate 'Since baseline' %}">{% include pain_change_template %}</td>
      <td data-label="{% translate 'Next follow-up' %}">{{ patient.next_followup_on|date|default:"—" }}{% if patient.next_followup_on and patient.next_followup_on < today %} <span class="badge text-bg-danger">{% translate "Overdue" %}</span>{% endif %}</td>
    </tr>
  {% endwith %}{% empty %}
    <tr><td colspan="7">{% translate "No patient matches." %}</td></tr>
  {% endfor %}"""  # noqa: E501


def _pain_change_template():
    return engines["django"].from_string(PAIN_CHANGE)


def _scores(patient, *scores):
    now = timezone.now()
    for days_ago, nrs in zip(range(len(scores) * 10, 0, -10), scores, strict=True):
        PainAssessmentFactory(patient=patient, nrs=nrs, assessed_at=now - timedelta(days=days_ago))
    return patient


@pytest.fixture
def sample():
    today = timezone.localdate()
    hostile = PatientFactory(first_name='<script>alert("x")</script>', last_name="O'Brien & <b>Sons</b>")
    _scores(hostile, 8, 4)
    FollowUpFactory(patient=hostile, due_on=today - timedelta(days=2))  # overdue
    flagged = _scores(PatientFactory(last_name="Núñez", first_name="José", rf_cauda_equina=True), 5, 7)
    FollowUpFactory(patient=flagged, due_on=today + timedelta(days=40))
    _scores(PatientFactory(last_name="Archived", archived_at=timezone.now()), 0, 0)
    _scores(PatientFactory(last_name="Responder", spine_region="cervical", condition="arthritis"), 9, 6)
    PatientFactory(last_name="Unscored")
    return Patient.objects.with_pain_summary().order_by("last_name", "pk")


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_the_rows_read_as_the_template_drew_them(sample, language):
    today = timezone.localdate()
    with translation.override(language):
        drawn = (
            engines["django"]
            .from_string(TEMPLATE_ROWS)
            .render({"page": sample, "today": today, "pain_change_template": _pain_change_template()})
        )
        assert patient_rows(sample, today) == drawn


def test_a_hostile_name_is_escaped(sample):
    html = patient_rows(sample, timezone.localdate())
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "O&#x27;Brien &amp; &lt;b&gt;Sons&lt;/b&gt;" in html


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_an_empty_list_says_so(db, language):
    with translation.override(language):
        drawn = engines["django"].from_string(TEMPLATE_ROWS).render({"page": [], "today": timezone.localdate()})
        assert patient_rows([], timezone.localdate()) == drawn


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_every_pain_change_reads_as_the_include_drew_it(language):
    include = _pain_change_template()
    pairs = [(None, None), (3, None), *((b, latest) for b in range(11) for latest in range(11))]
    with translation.override(language):
        for baseline, latest in pairs:
            summary = nrs_summary(baseline, latest)
            assert pain_change(summary) == include.render({"s": summary}), (baseline, latest)
