"""The language to write to a person in: e-mails and letters go out in their recipient's language.

A person's saved choice (`UserPreference`, the language menu), else the clinic's language
(settings.LANGUAGE_CODE). A reminder is sent by a management command, outside any request, so the
language is never the one of whoever happens to be active.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation


def clinic_language() -> str:
    return settings.LANGUAGE_CODE.split("-")[0].lower()


def language_for(user) -> str:
    """`user`'s saved language, else the clinic's (also for no user: a patient without a login)."""
    if user is None:
        return clinic_language()
    try:
        return user.preference.language or clinic_language()
    except ObjectDoesNotExist:
        return clinic_language()


@contextmanager
def in_language_of(user) -> Iterator[str]:
    """Render what is sent to `user` in their language: `with in_language_of(patient.user): ...`."""
    language = language_for(user)
    with translation.override(language):
        yield language
