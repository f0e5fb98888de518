"""`{{ message|undo_token }}`: the Undo ticket a message carries (patients/undo.py), else None."""

from django import template

from patients.undo import token_of

register = template.Library()


@register.filter
def undo_token(message) -> str | None:
    return token_of(message)
