"""`{% load permissions %}{% if user|can_change:session %}`: a template asks the one object rule
(`patients.permissions.can_change`) before it shows a button; the view still decides."""

from django import template

from patients import permissions

register = template.Library()


@register.filter
def can_change(user, obj) -> bool:
    return obj is not None and permissions.can_change(user, obj)
