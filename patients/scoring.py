"""Scoring of the validated questionnaires (ODI, NDI, RMDQ), each by its own published rule.

Sources (shared clinical-standards.md §2; checked again for issue 11):
- ODI v2.1a: 10 sections scored 0 (first statement) to 5 (last); score = sum / (5 x sections
  answered) x 100: "for every question not answered, the denominator is reduced by 5" (the scoring
  instructions printed on the form; Fairbank & Pynsent, Spine 2000;25(22):2940-2952). The form's
  worked examples: 16/50 -> 32 %; one section missed, 16/45 -> "35.5 %" (printed truncated; we round
  half-up to one decimal: 35.6). Bands upper-inclusive: <=20 minimal, <=40 moderate, <=60 severe,
  <=80 crippled, else bed-bound.
- NDI: 10 items scored 0-5, raw 0-50, "multiplied by 2 to produce a percentage score"; a missing
  item: "the average of all other items is then added to the completed items" (Vernon,
  chiro.org/forms/NDI_Explain.shtml; Vernon & Mior, JMPT 1991;14:409-415). Adding the mean is the
  ODI's reduced denominator, so both share one formula (16/45 -> 35.6 either way). Bands on the raw
  score /50: 0-4 none, 5-14 mild, 15-24 moderate, 25-34 severe, >34 complete.
- RMDQ: 24 statements; the score is the number ticked, 0-24 (Roland & Morris, Spine 1983;8:141-144:
  "the total number of items checked"). On paper it is a checklist: an unticked statement counts 0,
  and one the patient says does not apply is scored "no" (staff entry: one checkbox per statement).
  Online every statement is answered yes or no, so a missing answer leaves it unscored.

Local policy (no official rule was found, clinical-standards.md §2.2): ODI and NDI are not scored
when more than two items are unanswered. Percentages are rounded half-up to one decimal.
"""

from django.utils.translation import gettext as _

from patients.measures import SCORE_MAX, round_half_up

ITEM_COUNT = {"odi": 10, "ndi": 10, "rmdq": 24}
ITEM_MAX = {"odi": 5, "ndi": 5, "rmdq": 1}
MAX_MISSING = {"odi": 2, "ndi": 2, "rmdq": 0}

# Item topics only (facts, shown when no text is loaded): the licensed wording is never reproduced.
ITEM_TITLES = {
    "odi": [
        "Pain intensity",
        "Personal care (washing, dressing etc.)",
        "Lifting",
        "Walking",
        "Sitting",
        "Standing",
        "Sleeping",
        "Sex life (if applicable)",
        "Social life",
        "Travelling",
    ],
    "ndi": [
        "Pain intensity",
        "Personal care",
        "Lifting",
        "Reading",
        "Headaches",
        "Concentration",
        "Work",
        "Driving",
        "Sleeping",
        "Recreation",
    ],
    "rmdq": [f"Statement {n}" for n in range(1, 25)],  # the statements have no published topics
}


def validate_answers(instrument: str, answers: object) -> None:
    """Raise ValueError with a message a clinician can act on when answers are malformed."""
    if instrument not in ITEM_COUNT:
        raise ValueError(f"Unknown questionnaire {instrument!r}.")
    expected = ITEM_COUNT[instrument]
    if not isinstance(answers, list) or len(answers) != expected:
        raise ValueError(f"Expected {expected} answers, one per item (null when unanswered).")
    top = ITEM_MAX[instrument]
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            continue
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= top:
            raise ValueError(f"Item {number}: the answer must be a whole number from 0 to {top}.")


def score(instrument: str, answers: list) -> float | None:
    """The instrument's score, or None when too many items are unanswered."""
    validate_answers(instrument, answers)
    answered = [a for a in answers if a is not None]
    if len(answers) - len(answered) > MAX_MISSING[instrument]:
        return None
    if instrument == "rmdq":
        return float(sum(answered))
    return round_half_up(sum(answered) / (ITEM_MAX[instrument] * len(answered)) * SCORE_MAX[instrument])


def ndi_raw(percentage: float) -> float:
    """The NDI raw score out of 50 from its percentage (raw x 2 = percentage)."""
    return percentage / 2


def band(instrument: str, value: float | None) -> str:
    """Interpretation band of a score, as the instrument's authors define it."""
    if value is None:
        return ""
    if instrument == "odi":
        odi = ((20, _("minimal disability")), (40, _("moderate disability")), (60, _("severe disability")),
               (80, _("crippled disability")))  # fmt: skip
        return next((label for limit, label in odi if value <= limit), _("bed-bound"))
    if instrument == "ndi":
        raw = ndi_raw(value)
        ndi = ((4, _("no disability")), (14, _("mild disability")), (24, _("moderate disability")),
               (34, _("severe disability")))  # fmt: skip
        return next((label for limit, label in ndi if raw <= limit), _("complete disability"))
    return ""


def format_score(instrument: str, value: float | None) -> str:
    if value is None:
        return _("not scored")
    if instrument == "rmdq":
        return f"{value:g}/{SCORE_MAX[instrument]:g}"
    return f"{value:g}%"
