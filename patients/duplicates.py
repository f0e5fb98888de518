"""Likely duplicate patients: the same date of birth and a similar name.

Registering "José Núñez, 5 May 1980" when "Jose Nunez, 1980-05-05" is already on file is almost
always the same person entered twice, which splits one clinical record in two. The registration
and edit forms warn, list the existing records (archived ones too, marked as such) and save only
once the user confirms that this is a different person.

Names are compared folded (patients/search.py `fold`: accents and case do not matter), first and
last name in either order, as similar when difflib's ratio of the two full names is at least
`SIMILAR` (0.8: "Jose Nunez" ~ "José Núñez" 1.0, ~ "Joseph Nunez" 0.91, ~ "Maria Lopez" 0.3).
Only patients the user may see are compared (`Patient.objects.visible_to`), so the warning never
shows anyone else; the same date of birth keeps it to one indexed query over a handful of rows.
"""

from datetime import date
from difflib import SequenceMatcher

from patients.models import Patient
from patients.search import fold

SIMILAR = 0.8
MAX_CANDIDATES = 50  # patients born the same day; far more than any clinic has
MAX_SHOWN = 5


def _full(first: str, last: str) -> str:
    return " ".join(f"{fold(first or '')} {fold(last or '')}".split())


def is_similar(first: str, last: str, other: Patient) -> bool:
    mine = _full(first, last)
    theirs = (_full(other.first_name, other.last_name), _full(other.last_name, other.first_name))
    return any(SequenceMatcher(None, mine, name).ratio() >= SIMILAR for name in theirs)


def likely_duplicates(
    user, *, first_name: str, last_name: str, date_of_birth: date | None, exclude_pk: int | None = None
) -> list[Patient]:
    """The user's visible patients born that day whose name is similar (archived ones included)."""
    if date_of_birth is None or not (first_name or last_name):
        return []
    born_that_day = Patient.objects.visible_to(user).filter(date_of_birth=date_of_birth).exclude(pk=exclude_pk)
    candidates = born_that_day.order_by("last_name", "first_name", "pk")[:MAX_CANDIDATES]
    return [patient for patient in candidates if is_similar(first_name, last_name, patient)][:MAX_SHOWN]
