"""Placeholder questionnaire texts written for this project, for the demo clinic and the tests.

They are NOT the validated wording of any instrument, nor a paraphrase of it: each item names its
topic (a fact, e.g. ODI section 3 "Lifting") and asks a deliberately generic demo question, so the
whole flow (load, assign, fill in, score) can be seen without a licensed text in the repository.
"""

from patients import scoring
from patients.instrument_format import option_count
from patients.instruments import instrument_text_load
from patients.models import InstrumentText, QuestionnaireResponse
from patients.portal_services import questionnaire_assign

DEMO_TITLE = "DEMO TEXT — not the validated wording"
DEMO_LICENCE = "Placeholder text written for this project (public domain). Not a licensed or validated text."
# Never a real version number: loading the demo can never replace a clinic's licensed text.
DEMO_VERSION = "demo"
DEMO_INSTRUCTIONS = {
    "": "Demo instructions: choose the one answer that fits you best today.",
    "startback": "Demo instructions: think about the last two weeks and choose one answer for each demo item.",
    "psfs": (
        "Demo instructions: name up to five things you do in daily life that your problem makes hard, "
        "and rate how well you can do each today."
    ),
}


def _demo_options(instrument: str, number: int) -> list[str]:
    count = option_count(instrument, number)
    if instrument == "startback" and count == 2:
        return ["Demo answer: I disagree", "Demo answer: I agree"]
    if instrument == "psfs":
        ends = {0: "0 — demo: I cannot do it at all", count - 1: f"{count - 1} — demo: as well as before"}
        return [ends.get(rating, str(rating)) for rating in range(count)]
    return [f"Demo option {score}" for score in range(count)]


def _demo_item_text(instrument: str, number: int, topic: str) -> str:
    if instrument == "rmdq":
        return f"Demo statement {number}: this demo statement applies to me today."
    if instrument == "startback":
        return f"Demo item {number} ({topic}): a demo statement to agree or disagree with."
    if instrument == "psfs":
        return f"Demo activity {number}: an activity you find hard because of your problem (optional)"
    return f"Demo item {number} ({topic}): how much does this bother you?"


def demo_text(instrument: str, language: str = "en") -> dict:
    """A text file's content (the load_instrument_text shape) for `instrument`, marked as a demo."""
    items = [
        {
            "number": number,
            "text": _demo_item_text(instrument, number, topic),
            "options": _demo_options(instrument, number),
        }
        for number, topic in enumerate(scoring.ITEM_TITLES[instrument], start=1)
    ]
    return {
        "instrument": instrument,
        "version": DEMO_VERSION,
        "language": language,
        "licence": DEMO_LICENCE,
        "title": f"{DEMO_TITLE} ({instrument.upper()})",
        "instructions": DEMO_INSTRUCTIONS.get(instrument, DEMO_INSTRUCTIONS[""]),
        "items": items,
    }


def load_demo_texts(language: str = "en") -> int:
    """Load the demo text of each instrument that has no text at all in `language` (idempotent).

    A clinic's own licensed text is never replaced nor outranked (the newest loaded text is the one sent).
    Returns how many were loaded.
    """
    loaded = 0
    for instrument in scoring.ITEM_COUNT:
        if not InstrumentText.objects.filter(instrument=instrument, language=language).exists():
            instrument_text_load(data=demo_text(instrument, language), loaded_by=None)
            loaded += 1
    return loaded


DEMO_ASSIGNED = ("odi", "startback", "psfs")


def assign_demo_questionnaire(patient, assigned_by) -> None:
    """An ODI, a STarT Back and a PSFS waiting for the demo patient at /me/, so the whole flow can be
    tried (each once: one already waiting is left as it is)."""
    waiting = set(
        QuestionnaireResponse.objects.filter(patient=patient, completed_at__isnull=True).values_list(
            "instrument", flat=True
        )
    )
    for instrument in DEMO_ASSIGNED:
        if instrument not in waiting:
            questionnaire_assign(patient=patient, instrument=instrument, assigned_by=assigned_by)
