"""The hot table rows of the record page and the portal, drawn in Python, not by the template engine.

Why (issue 16): a `{% for %}` row costs the template engine a context lookup, a filter and an escape
per cell, and a `{% url %}` or `{% translate %}` more; on the bench database the record's tables
(sessions, pain scores, questionnaires, the trend panel's table) were the largest part of its
template time (docs/performance.md, "The record page and /me/"). The rows are written with
`format_html_join`, which escapes every value as `{{ value }}` does; the helpers below give each
cell the text the template's filter gave it, so the page is the same byte for byte
(tests/test_record_rows.py compares both). Translated words stay marked with gettext where they
are used.
"""

from datetime import date, datetime

from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from patients.trends import NrsSummary


def on_day(moment: date | datetime | None) -> str:
    """`{{ moment|date }}`: the page language's DATE_FORMAT, in local time; empty for no date."""
    if moment is None:
        return ""
    return date_format(template_localtime(moment), "DATE_FORMAT")


def at_time(moment: datetime) -> str:
    """`{{ moment|date:"DATETIME_FORMAT" }}`: the page language's date and time, in local time."""
    return date_format(template_localtime(moment), "DATETIME_FORMAT")


def pain_change(summary: NrsSummary) -> SafeString:
    """The course of the pain in a line: "8 → 4 (−50.0 %)" and its verdict badge. The one drawing of it:
    the patient list's rows, and `{{ summary|pain_change }}` on the record and the dashboard."""
    if summary.latest is None:
        return mark_safe('<span class="text-body-secondary">—</span>\n')  # nosec B308 B703
    percent = ""
    if summary.percent_change is not None:
        sign = "+" if summary.change > 0 else ""
        percent = format_html(
            ' <span class="small text-nowrap">({}{} %)</span>', sign, number_format(summary.percent_change, 1)
        )
    badge = ""
    if summary.substantial:
        badge = format_html('<span class="badge text-bg-success">{}</span>', gettext("Substantial"))
    elif summary.responder:
        badge = format_html('<span class="badge text-bg-success">{}</span>', gettext("Responder"))
    elif summary.worse:
        badge = format_html('<span class="badge text-bg-warning">{}</span>', gettext("Worse"))
    return format_html(
        '<span class="text-nowrap">{} → {}</span>{}\n{}\n', summary.baseline, summary.latest, percent, badge
    )
