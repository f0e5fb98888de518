"""Likely mistakes on the session form: the one home of the rules that warn before a visit is saved.

A warning is not an error: the entry may be right (a count of several needles at one point, a
score taken only after needling). So the form is shown again with the warnings and a "save anyway"
box, and nothing is saved until the practitioner ticks it (server-side, works without JavaScript).
The box carries the codes of the warnings it confirms: a change that raises a new warning asks again.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Technique
from sessions_app.point_entry import PointEntry, total_insertions

# A visit logged more than this long after it happened is most often a slip of the date picker.
BACKDATED_AFTER = timedelta(days=14)


@dataclass(frozen=True)
class SessionWarning:
    code: str
    message: str


def session_warnings(cleaned: dict, entries: list[PointEntry], *, new: bool) -> list[SessionWarning]:
    """The warnings for a valid form's cleaned data and point rows, in the form's order."""
    found = []
    if cleaned.get("post_nrs") is not None and cleaned.get("pre_nrs") is None:
        # The immediate effect of needling is post - pre over sessions with both scores
        # (shared clinical-standards.md §8.1; patients/trends.py): a post score alone measures nothing.
        found.append(
            SessionWarning(
                "post_without_pre",
                _(
                    "There is a pain score after needling but none before: the immediate effect of this "
                    "session cannot be measured without both."
                ),
            )
        )
    if cleaned.get("technique") == Technique.ELECTRO and cleaned.get("electro_frequency_hz") is None:
        # STRICTA 2010 item 2e: for electrical stimulation, report the frequency.
        found.append(
            SessionWarning("electro_without_frequency", _("Electroacupuncture is recorded without a frequency."))
        )
    needles, insertions = cleaned.get("needle_count"), total_insertions(entries)
    if needles is not None and needles < insertions:
        # STRICTA 2010 item 2a: the number of insertions; each point needled on one side is one insertion.
        found.append(
            SessionWarning(
                "needles_below_insertions",
                _(
                    "%(needles)d needles are recorded for %(insertions)d insertions from the points "
                    "(a bilateral point counts twice)."
                )
                % {"needles": needles, "insertions": insertions},
            )
        )
    started = cleaned.get("started_at")
    if new and started and started < timezone.now() - BACKDATED_AFTER:
        found.append(
            SessionWarning(
                "backdated",
                _("This session is dated more than two weeks ago (%(day)s): check the date.")
                % {"day": _local_day(started)},
            )
        )
    return found


def unconfirmed(warnings: list[SessionWarning], confirmed: str) -> list[SessionWarning]:
    """The warnings the "save anyway" box did not confirm (its value lists the codes it was shown with)."""
    codes = set(filter(None, confirmed.split(",")))
    return [warning for warning in warnings if warning.code not in codes]


def confirmation_value(warnings: list[SessionWarning]) -> str:
    return ",".join(warning.code for warning in warnings)


def _local_day(moment) -> str:
    return date_format(timezone.localtime(moment).date())
