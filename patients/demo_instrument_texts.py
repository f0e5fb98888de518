"""Placeholder questionnaire texts written for this project, for the demo clinic and the tests.

They are NOT the validated wording of any instrument, nor a paraphrase of it: each item names its
topic (a fact, e.g. ODI section 3 "Lifting") and asks a deliberately generic demo question, so the
whole flow (load, assign, fill in, score) can be seen without a licensed text in the repository.
"""

from patients import scoring
from patients.instrument_format import option_count

DEMO_TITLE = "DEMO TEXT — not the validated wording"
DEMO_LICENCE = "Placeholder text written for this project (public domain). Not a licensed or validated text."
DEMO_VERSION = {"odi": "2.1a", "ndi": "1991", "rmdq": "24-item"}


def demo_text(instrument: str, language: str = "en") -> dict:
    """A text file's content (the load_instrument_text shape) for `instrument`, marked as a demo."""
    options = [f"Demo option {score}" for score in range(option_count(instrument))]
    items = []
    for number, topic in enumerate(scoring.ITEM_TITLES[instrument], start=1):
        if instrument == "rmdq":
            text = f"Demo statement {number}: this demo statement applies to me today."
        else:
            text = f"Demo item {number} ({topic}): how much does this bother you?"
        items.append({"number": number, "text": text, "options": list(options)})
    return {
        "instrument": instrument,
        "version": DEMO_VERSION[instrument],
        "language": language,
        "licence": DEMO_LICENCE,
        "title": f"{DEMO_TITLE} ({instrument.upper()})",
        "instructions": "Demo instructions: choose the one answer that fits you best today.",
        "items": items,
    }
