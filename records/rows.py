"""The record page's three lists (sessions, pain scores, questionnaires) as table rows drawn in Python.

Why: their `{% for %}` loops, with a `{% url %}`, a date filter and half a dozen `{% translate %}`
per row, were the largest part of the record's template time (measured: docs/performance.md, "The
record page and /me/"). `patients.html_rows` says how the cells
keep the template's escaping and formats; tests/test_record_rows.py compares the rows with the
template's.
"""

from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from patients.html_rows import at_time, on_day
from patients.models import AssessmentSource, Patient
from patients.permissions import can_correct_reading

DASH = "—"


def record_rows(record, patient: Patient, viewer) -> dict[str, SafeString]:
    """The context of the three tables of templates/patients/patient_detail.html."""
    return {
        "session_rows": session_rows(record.sessions),
        "assessment_rows": assessment_rows(record.assessments, patient, viewer),
        "questionnaire_rows": questionnaire_rows(record.questionnaires, patient),
    }


def session_rows(sessions) -> SafeString:
    """A page of `records.selectors.patient_record`'s sessions (with `attach_session_details`)."""
    label = {
        key: conditional_escape(text)
        for key, text in (
            ("practitioner", _("Practitioner")),
            ("minutes", _("Minutes")),
            ("points", _("Points")),
            ("pain", _("Pain before → after")),
            ("events", _("Adverse events")),
        )
    }
    electro = format_html(' <abbr title="{}">EA</abbr>', _("Electroacupuncture"))
    rows = []
    for session in sessions:
        url = reverse("sessions_app:session_detail", args=[session.pk])
        count = session.adverse_event_count
        events = (
            format_html(
                '<a class="badge text-bg-warning" href="{}">{}</a>',
                url,
                # As {% blocktranslate count %}: the translation is not escaped, the number is.
                mark_safe(ngettext("%(n)s event", "%(n)s events", count) % {"n": count}),  # noqa: S308  # nosec B308 B703
            )
            if count
            else DASH
        )
        rows.append(
            (
                url,
                at_time(session.started_at),
                label["practitioner"],
                session.practitioner,
                label["minutes"],
                session.duration_minutes,
                electro if session.technique == "electro" else "",
                label["points"],
                " ".join(session.point_codes),
                label["pain"],
                DASH if session.pre_nrs is None else session.pre_nrs,
                DASH if session.post_nrs is None else session.post_nrs,
                label["events"],
                events,
            )
        )
    return format_html_join(
        "",
        "\n      <tr>\n"
        '        <td class="text-nowrap stack-title"><a href="{}">{}</a></td>\n'
        '        <td data-label="{}">{}</td>\n'
        '        <td data-label="{}">{}{}</td>\n'
        '        <td class="small" data-label="{}">{}</td>\n'
        '        <td data-label="{}">{} → {}</td>\n'
        '        <td data-label="{}">{}</td>\n'
        "      </tr>\n    ",
        rows,
    )


def assessment_rows(assessments, patient: Patient, viewer) -> SafeString:
    """A page of pain scores (`patients.trends.PainPoint`, newest first); the viewer's own clinician
    scores outside a session carry the "Correct" link (`patients.correction_views`), by the pain
    score's rule (`patients.permissions.can_correct_reading`: its author, a record not archived)."""
    correct = _("Correct")
    rows = []
    for point in assessments:
        when = at_time(point.at)
        notes = (
            format_html(' <span class="small text-body-secondary">{}</span>', Truncator(point.notes).chars(40))
            if point.notes
            else ""
        )
        link = ""
        if (
            point.source == AssessmentSource.CLINICIAN
            and not point.session_id
            and can_correct_reading(viewer, point, patient)
        ):
            link = format_html(
                ' <a class="correct-link" href="{}">{}<span class="visually-hidden"> {}</span></a>',
                reverse("patients:assessment_edit", args=[patient.pk, point.pk]),
                correct,
                # As {% blocktranslate %}: the translation is not escaped, the date is.
                mark_safe(_("the pain score of %(day)s") % {"day": conditional_escape(when)}),  # noqa: S308  # nosec B308 B703
            )
        rows.append((when, point.nrs, point.source_label, notes, link))
    return format_html_join("", "\n      <tr><td>{}</td><td>{}</td><td>{}{}{}</td></tr>\n    ", rows)


def questionnaire_rows(responses, patient: Patient) -> SafeString:
    """The newest questionnaires (`patients.models.QuestionnaireResponse`), an assigned one "pending"."""
    pending = _("pending")
    rows = []
    for response in responses:
        band = response.band
        rows.append(
            (
                reverse("patients:questionnaire_detail", args=[patient.pk, response.pk]),
                on_day(response.completed_at) or pending,
                response.instrument.upper(),
                response.score_display,
                format_html(' <span class="small text-body-secondary">{}</span>', band) if band else "",
            )
        )
    return format_html_join("", '\n      <tr><td><a href="{}">{}</a></td><td>{}</td><td>{}{}</td></tr>\n    ', rows)
