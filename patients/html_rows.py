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

from django.utils.formats import date_format
from django.utils.timezone import template_localtime


def on_day(moment: date | datetime | None) -> str:
    """`{{ moment|date }}`: the page language's DATE_FORMAT, in local time; empty for no date."""
    if moment is None:
        return ""
    return date_format(template_localtime(moment), "DATE_FORMAT")


def at_time(moment: datetime) -> str:
    """`{{ moment|date:"DATETIME_FORMAT" }}`: the page language's date and time, in local time."""
    return date_format(template_localtime(moment), "DATETIME_FORMAT")
