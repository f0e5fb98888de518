"""Scoring of the questionnaires (ODI, NDI, RMDQ, STarT Back, PSFS), each by its own published rule.

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

- STarT Back Screening Tool (Keele): 9 items; items 1-8 agree/disagree, "agree" scores 1; item 9
  (bothersomeness) is answered on a 5-point scale (stored as the option's position 0-4) and scores 1
  for the top two ("very much", "extremely"). Total 0-9; distress (psychosocial) subscale = items 5-9,
  0-5. Total 0-3 -> low risk; otherwise subscale 4-5 -> high risk, else medium risk (keele.ac.uk/sbst
  "Using and scoring the STarT Back tool"; Hill et al., Arthritis Rheum 2008;59:632-641;
  clinical-standards.md §8.2). Every item is needed: a risk group cannot be given with one missing.
- Patient-Specific Functional Scale: up to five activities the patient names, each rated 0 (unable
  to perform) to 10 (able to perform at the level before the problem); score = the mean of the rated
  activities, 0-10, one decimal half-up; higher is better; a change of 2 points in the mean is
  clinically important (MDC90; Stratford et al., Physiotherapy Canada 1995;47:258-263;
  clinical-standards.md §2.5). Stored as five slots: a slot without an activity has no rating.

Local policy (no official rule was found, clinical-standards.md §2.2): ODI and NDI are not scored
when more than two items are unanswered. Percentages are rounded half-up to one decimal.
"""

from django.utils.translation import gettext_lazy as _

from patients.measures import SCORE_MAX, round_half_up
from patients.numbers import local_number

# The bands as their sources name them (above): Fairbank's "crippled" is a band of its own, not
# "crippled disability". Labels in the page's language.
ODI_BANDS = (
    (20, _("minimal disability")),
    (40, _("moderate disability")),
    (60, _("severe disability")),
    (80, _("crippled")),
)
ODI_TOP_BAND = _("bed-bound")
NDI_BANDS = (
    (4, _("no disability")),
    (14, _("mild disability")),
    (24, _("moderate disability")),
    (34, _("severe disability")),
)
NDI_TOP_BAND = _("complete disability")
NOT_SCORED = _("not scored")

ITEM_COUNT = {"odi": 10, "ndi": 10, "rmdq": 24, "startback": 9, "psfs": 5}
# The highest answer of an item; STarT Back's item 9 is the exception (`item_max`).
ITEM_MAX = {"odi": 5, "ndi": 5, "rmdq": 1, "startback": 1, "psfs": 10}
MAX_MISSING = {"odi": 2, "ndi": 2, "rmdq": 0, "startback": 0, "psfs": 4}
# Measures where a higher score is better (every other one: higher is worse). clinical-standards.md §2.5.
HIGHER_IS_BETTER = frozenset({"psfs"})

STARTBACK_BOTHER_ITEM = 9
STARTBACK_BOTHER_OPTIONS = 5  # not at all, slightly, moderately, very much, extremely
STARTBACK_BOTHER_SCORED_FROM = 3  # the top two of the five count 1
STARTBACK_SUBSCALE = range(5, 10)  # items 5-9: the distress (psychosocial) subscale
STARTBACK_LOW_MAX = 3  # total 0-3: low risk
STARTBACK_HIGH_SUBSCALE = 4  # subscale 4-5: high risk
PSFS_ACTIVITY_MAX = 80  # characters of an activity the patient names

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
    # The domains Hill et al. 2008 name for each item (facts, not the item wording).
    "startback": [
        "Referred leg pain",
        "Shoulder or neck pain",
        "Walking (disability)",
        "Dressing (disability)",
        "Fear",
        "Anxiety",
        "Catastrophising",
        "Low mood",
        "Bothersomeness",
    ],
    "psfs": [f"Activity {n}" for n in range(1, 6)],  # the activities are the patient's own
}


def item_max(instrument: str, number: int) -> int:
    """The highest answer of item `number` (1-based): STarT Back's item 9 has five options (0-4)."""
    if instrument == "startback" and number == STARTBACK_BOTHER_ITEM:
        return STARTBACK_BOTHER_OPTIONS - 1
    return ITEM_MAX[instrument]


def validate_answers(instrument: str, answers: object) -> None:
    """Raise ValueError with a message a clinician can act on when answers are malformed."""
    if instrument not in ITEM_COUNT:
        raise ValueError(f"Unknown questionnaire {instrument!r}.")
    expected = ITEM_COUNT[instrument]
    if not isinstance(answers, list) or len(answers) != expected:
        raise ValueError(f"Expected {expected} answers, one per item (null when unanswered).")
    for number, answer in enumerate(answers, start=1):
        top = item_max(instrument, number)
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
    if instrument == "startback":
        return float(sum(startback_item_scores(answers)))
    if instrument == "psfs":
        return round_half_up(sum(answered) / len(answered)) if answered else None
    return round_half_up(sum(answered) / (ITEM_MAX[instrument] * len(answered)) * SCORE_MAX[instrument])


def startback_item_scores(answers: list) -> list[int]:
    """Each item's points: an "agree" (1) scores 1; item 9 scores 1 for "very much" or "extremely"."""
    points = []
    for number, answer in enumerate(answers, start=1):
        if number == STARTBACK_BOTHER_ITEM:
            points.append(int(answer is not None and answer >= STARTBACK_BOTHER_SCORED_FROM))
        else:
            points.append(int(answer or 0))
    return points


def startback_subscale(answers: list) -> int | None:
    """The distress subscale (items 5-9, 0-5), or None when an item is unanswered."""
    if not answers or any(answer is None for answer in answers):
        return None
    points = startback_item_scores(answers)
    return sum(points[number - 1] for number in STARTBACK_SUBSCALE)


def startback_risk(total: float | None, subscale: int | None) -> str:
    """ "low", "medium" or "high" (Hill et al. 2008), or "" when the tool is not complete."""
    if total is None or subscale is None:
        return ""
    if total <= STARTBACK_LOW_MAX:
        return "low"
    return "high" if subscale >= STARTBACK_HIGH_SUBSCALE else "medium"


def ndi_raw(percentage: float) -> float:
    """The NDI raw score out of 50 from its percentage (raw x 2 = percentage)."""
    return percentage / 2


def band(instrument: str, value: float | None) -> str:
    """Interpretation band of a score, as the instrument's authors define it."""
    if value is None:
        return ""
    if instrument == "odi":
        for limit, label in ODI_BANDS:
            if value <= limit:
                return str(label)
        return str(ODI_TOP_BAND)
    if instrument == "ndi":
        raw = ndi_raw(value)
        for limit, label in NDI_BANDS:
            if raw <= limit:
                return str(label)
        return str(NDI_TOP_BAND)
    return ""


def format_score(instrument: str, value: float | None) -> str:
    if value is None:
        return str(NOT_SCORED)
    if instrument in ("rmdq", "startback", "psfs"):
        return f"{local_number(value)}/{SCORE_MAX[instrument]:g}"
    return f"{local_number(value)}%"
