"""`{% load permissions %}`: a template asks the one object rule (`patients.permissions`) before it
shows a button; the view still decides.

- `{% if user|can_change:session %}`: a record (a model instance).
- `{% can_correct_reading user point patient as correctable %}`: a pain score the record page lists
  as a reading (`patients.trends.PainPoint`, not the row), under the pain score's rule.
"""

from django import template

from patients import permissions

register = template.Library()


@register.filter
def can_change(user, obj) -> bool:
    return obj is not None and permissions.can_change(user, obj)


@register.simple_tag
def can_correct_reading(user, point, patient) -> bool:
    return permissions.can_correct_reading(user, point, patient)
