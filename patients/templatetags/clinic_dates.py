"""Dates with their weekday, in the page's language: the formats themselves live in clinic/formats."""

from datetime import date

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter(expects_localtime=True)
def weekday_date(day: date | None) -> str:
    """Tuesday 1 Dec 2026 · dinsdag 1 dec 2026 · Dienstag 1. Dez 2026."""
    if not day:
        return ""
    return f"{date_format(day, 'l')} {date_format(day)}"


@register.filter(expects_localtime=True)
def weekday_day(day: date | None) -> str:
    """Tue 1 Dec · di 1 dec · Di 1. Dez: the year left out where the page already names it."""
    if not day:
        return ""
    return f"{date_format(day, 'D')} {date_format(day, 'MONTH_DAY_FORMAT')}"
