"""The record's and the trend panel's table rows drawn in Python (records.rows, patients.trend_panel)
are what the template loops they replaced drew, byte for byte, and escape what a user typed."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.html import escape as django_escape

from patients import charts
from patients.region_panel import PainMap, entry_shapes
from sessions_app.models import AdverseEvent
from tests.factories import (
    PainAssessmentFactory,
    PractitionerFactory,
    QuestionnaireFactory,
    SessionFactory,
    add_points,
)

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & Co'

# The loops as templates/patients/patient_detail.html and includes/trend_panel.html had them.
TEMPLATE_LOOPS = {
    "session_rows": """{% load i18n %}{% for session in record.sessions %}
      <tr>
        <td class="text-nowrap stack-title"><a href="{% url 'sessions_app:session_detail' session.pk %}">{{ session.started_at|date:"DATETIME_FORMAT" }}</a></td>
        <td data-label="{% translate 'Practitioner' %}">{{ session.practitioner }}</td>
        <td data-label="{% translate 'Minutes' %}">{{ session.duration_minutes }}{% if session.technique == "electro" %} <abbr title="{% translate 'Electroacupuncture' %}">EA</abbr>{% endif %}</td>
        <td class="small" data-label="{% translate 'Points' %}">{{ session.point_codes|join:" " }}</td>
        <td data-label="{% translate 'Pain before → after' %}">{{ session.pre_nrs|default_if_none:"—" }} → {{ session.post_nrs|default_if_none:"—" }}</td>
        <td data-label="{% translate 'Adverse events' %}">{% if session.adverse_event_count %}<a class="badge text-bg-warning" href="{% url 'sessions_app:session_detail' session.pk %}">{% blocktranslate count n=session.adverse_event_count %}{{ n }} event{% plural %}{{ n }} events{% endblocktranslate %}</a>{% else %}—{% endif %}</td>
      </tr>
    {% endfor %}""",  # noqa: E501
    "assessment_rows": """{% load i18n %}{% for assessment in record.assessments %}
      <tr><td>{{ assessment.at|date:"DATETIME_FORMAT" }}</td><td>{{ assessment.nrs }}</td><td>{{ assessment.source_label }}{% if assessment.notes %} <span class="small text-body-secondary">{{ assessment.notes|truncatechars:40 }}</span>{% endif %}{% if assessment.source == "clinician" and not assessment.session_id and assessment.recorded_by_id == user.pk and not patient.is_archived %} <a class="correct-link" href="{% url 'patients:assessment_edit' patient.pk assessment.pk %}">{% translate "Correct" %}<span class="visually-hidden"> {% blocktranslate trimmed with day=assessment.at|date:"DATETIME_FORMAT" %}the pain score of {{ day }}{% endblocktranslate %}</span></a>{% endif %}</td></tr>
    {% endfor %}""",  # noqa: E501
    "questionnaire_rows": """{% load i18n %}{% for response in record.questionnaires %}
      <tr><td><a href="{% url 'patients:questionnaire_detail' patient.pk response.pk %}">{{ response.completed_at|date|default:_("pending") }}</a></td><td>{{ response.instrument|upper }}</td><td>{{ response.score_display }}{% if response.band %} <span class="small text-body-secondary">{{ response.band }}</span>{% endif %}</td></tr>
    {% endfor %}""",  # noqa: E501
    "trend_rows": """{% for row in trend.table %}
          <tr><td>{{ row.at|date:"DATETIME_FORMAT" }}</td><td>{{ row.nrs }}</td><td>{{ row.source }}</td></tr>
        {% endfor %}""",
    "score_rows": """{% for questionnaire in trend.questionnaires %}{% for row in questionnaire.rows %}<tr><td>{{ row.at|date }}</td><td>{{ row.score }}</td><td>{{ row.band }}</td></tr>{% endfor %}|{% endfor %}""",  # noqa: E501
}


@pytest.fixture
def varied_record(patient_a, practitioner):
    """Every branch of the rows: electroacupuncture, adverse events, points, a session without pain
    scores, notes (long and hostile), the viewer's own clinician score (its "Correct" link), a
    pending and completed questionnaires, and a practitioner whose name is markup."""
    hostile = PractitionerFactory(user__first_name=HOSTILE, user__last_name="")
    now = timezone.now()
    first = SessionFactory(patient=patient_a, practitioner=practitioner, started_at=now - timedelta(days=9))
    add_points(first, [("BL23", "bilateral"), ("EX-B2", "left", "L4")])
    PainAssessmentFactory(patient=patient_a, session=first, source="pre_session", nrs=7, assessed_at=first.started_at)
    PainAssessmentFactory(patient=patient_a, session=first, source="post_session", nrs=5, assessed_at=first.ends_at)
    second = SessionFactory(
        patient=patient_a, practitioner=hostile, technique="electro", started_at=now - timedelta(days=4)
    )
    for kind in ("bruising", "soreness"):
        AdverseEvent.objects.create(session=second, kind=kind, severity="mild")
    third = SessionFactory(patient=patient_a, practitioner=practitioner, started_at=now - timedelta(days=2))
    AdverseEvent.objects.create(session=third, kind="dizziness", severity="mild")
    PainAssessmentFactory(
        patient=patient_a, nrs=6, assessed_at=now - timedelta(days=3), recorded_by=practitioner.user, notes=HOSTILE * 3
    )
    PainAssessmentFactory(patient=patient_a, nrs=4, source="self_report", assessed_at=now - timedelta(days=1))
    QuestionnaireFactory(patient=patient_a, completed_at=now - timedelta(days=8))
    QuestionnaireFactory(patient=patient_a, instrument="rmdq", answers=[True] * 6 + [False] * 18)
    QuestionnaireFactory(patient=patient_a, instrument="rmdq", answers=[True] * 8 + [False] * 16, completed_at=now)
    return patient_a


def _both_ways(response) -> list[tuple[str, str]]:
    context = response.context
    values = {
        "record": context["record"],
        "patient": context["patient"],
        "user": context["user"],
        "trend": context["trend"],
    }
    drawn = {
        "session_rows": context["session_rows"],
        "assessment_rows": context["assessment_rows"],
        "questionnaire_rows": context["questionnaire_rows"],
        "trend_rows": context["trend"].table_rows,
        "score_rows": "".join(f"{q.rows_html}|" for q in context["trend"].questionnaires),
    }
    return [(Template(TEMPLATE_LOOPS[key]).render(Context(values)), drawn[key]) for key in TEMPLATE_LOOPS]


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_the_rows_are_the_ones_the_template_drew(practitioner_client, varied_record, language):
    response = practitioner_client.get(f"/patients/{varied_record.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    with translation.override(language):
        pairs = _both_ways(response)
    for by_template, in_python in pairs:
        assert in_python == by_template
    page = response.content.decode()
    assert 'class="correct-link"' in page
    assert "EA</abbr>" in page


def test_what_a_user_typed_is_escaped_in_the_rows(practitioner_client, varied_record):
    page = practitioner_client.get(f"/patients/{varied_record.pk}/").content.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page  # the practitioner's name
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&lt;script…" in page  # notes, cut at 40


def test_an_empty_record_says_so_in_each_table(practitioner_client, patient_b):
    page = practitioner_client.get(f"/patients/{patient_b.pk}/").content.decode()
    assert '<tbody>\n    <tr><td colspan="6">No sessions yet.</td></tr>\n    </tbody>' in page
    assert '<tbody>\n    <tr><td colspan="3">No pain scores yet.</td></tr>\n    </tbody>' in page
    assert '<tbody>\n    <tr><td colspan="3">None yet.</td></tr>\n    </tbody>' in page
    assert '<tbody>\n        \n          <tr><td colspan="3">No pain scores yet.</td></tr>\n        \n' in page


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_the_map_to_tap_is_the_one_the_template_drew(language):
    entry_map = PainMap(None, [])
    loop = Template(
        """{% for shape in entry_map.shapes %}<rect class="pm-region pm-none" data-region="{{ shape.region }}" data-side="{{ shape.side }}" x="{{ shape.x }}" y="{{ shape.y }}" width="{{ shape.width }}" height="{{ shape.height }}" rx="2"><title>{{ shape.title }}</title></rect>
      {% endfor %}"""  # noqa: E501
    )
    with translation.override(language):
        assert entry_shapes(language) == loop.render(Context({"entry_map": entry_map}))
        assert entry_shapes(language).count('data-region="') == len(entry_map.shapes)


def test_the_charts_escape_labels_as_django_does():
    for text in [HOSTILE, 'O\'Brien & "Co" <b>', "Schmerz über 7/10", "", 3.5, "a\u2013b"]:
        assert charts.escape(text) == django_escape(text)
