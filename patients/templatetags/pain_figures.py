"""`{{ summary|pain_change }}`: the course of the pain in a line (`patients.html_rows.pain_change`)."""

from django import template

from patients import html_rows

register = template.Library()


@register.filter
def pain_change(summary):
    return html_rows.pain_change(summary)
