"""The shape of a questionnaire text file (CONTRACT "Questionnaire texts"), checked before anything is loaded.

A clinic loads the wording it holds a licence for with `manage.py load_instrument_text FILE.json`:

    {"instrument": "odi", "version": "2.1a", "language": "en",
     "licence": "who licensed this text to the clinic, and on what terms",
     "title": "...", "instructions": "...",
     "items": [{"number": 1, "text": "Pain intensity", "options": ["...", "...", "...", "...", "...", "..."]}]}

ODI and NDI items have six options, scored 0-5 in the order given; RMDQ items have a statement and
no options (answered yes or no). STarT Back has nine items: items 1-8 two options (disagree, agree:
scored 0 and 1), item 9 five (its bothersomeness scale, in order). PSFS has five items, one per
activity the patient names (the text prompts for it), each with eleven options: the wording of the
ratings 0 (unable) to 10 (as before the problem), in order. `text_file_problem` names the first
problem it finds, so the clinic can fix the file; it touches no database.
"""

import re

from django.utils.translation import gettext as _

from patients import scoring

REQUIRED_KEYS = ("instrument", "version", "language", "licence", "title", "items")
OPTIONAL_KEYS = ("instructions",)
ITEM_KEYS = {"number", "text", "options"}
VERSION_MAX = 20
TITLE_MAX = 200
LANGUAGE_MAX = 12
# A BCP 47 tag as the app's languages are named: "en", "nl", "de", "pt-br" (stored lower-case).
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def option_count(instrument: str, number: int = 1) -> int:
    """How many options item `number` offers in the file: 0-5 for ODI and NDI, none (yes/no) for RMDQ,
    2 (or 5 for item 9) for STarT Back, 0-10 for PSFS."""
    return 0 if instrument == "rmdq" else scoring.item_max(instrument, number) + 1


def _text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def items_problem(instrument: str, items: object) -> str | None:
    """What is wrong with a text's items, or None: the count, the numbering, the options."""
    expected = scoring.ITEM_COUNT[instrument]
    if not isinstance(items, list) or len(items) != expected:
        found = len(items) if isinstance(items, list) else _("no list")
        return _("“items” must list the %(expected)d items of the %(instrument)s (found %(found)s).") % {
            "expected": expected,
            "instrument": instrument.upper(),
            "found": found,
        }
    for position, item in enumerate(items, start=1):
        options = option_count(instrument, position)
        where = _("Item %(number)d") % {"number": position}
        if not isinstance(item, dict):
            return _("%(where)s must be an object with “number”, “text” and “options”.") % {"where": where}
        unknown = sorted(set(item) - ITEM_KEYS)
        if unknown:
            return _("%(where)s has unknown keys: %(keys)s.") % {"where": where, "keys": ", ".join(unknown)}
        if item.get("number") != position or isinstance(item.get("number"), bool):
            return _("%(where)s must have “number”: %(number)d (items are numbered 1, 2, 3 … in order).") % {
                "where": where,
                "number": position,
            }
        if not _text(item.get("text")):
            return _("%(where)s has no “text”.") % {"where": where}
        given = item.get("options", [])
        if not isinstance(given, list) or not all(_text(option) for option in given):
            return _("%(where)s: “options” must be a list of non-empty texts.") % {"where": where}
        if len(given) != options:
            if options == 0:
                return _("%(where)s: RMDQ statements have no options (they are answered yes or no).") % {"where": where}
            return _("%(where)s must have %(expected)d options, scored 0 to %(top)d in order (found %(found)d).") % {
                "where": where,
                "expected": options,
                "top": options - 1,
                "found": len(given),
            }
    return None


def text_file_problem(data: object) -> str | None:
    """The first thing wrong with a parsed text file, or None when it can be loaded."""
    if not isinstance(data, dict):
        return _("The file must hold one JSON object (an instrument's text), not a list or a value.")
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        return _("Missing keys: %(keys)s.") % {"keys": ", ".join(missing)}
    unknown = sorted(set(data) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        return _("Unknown keys: %(keys)s.") % {"keys": ", ".join(unknown)}
    if data["instrument"] not in scoring.ITEM_COUNT:
        return _("“instrument” must be one of %(known)s (found %(found)r).") % {
            "known": ", ".join(scoring.ITEM_COUNT),
            "found": data["instrument"],
        }
    if not _text(data["version"]) or len(data["version"]) > VERSION_MAX:
        return _("“version” must be a text of at most %(max)d characters, such as “2.1a”.") % {"max": VERSION_MAX}
    language = data["language"]
    if not isinstance(language, str) or len(language) > LANGUAGE_MAX or not LANGUAGE_TAG.match(language.lower()):
        return _("“language” must be a language code such as “en”, “nl” or “de” (found %(found)r).") % {
            "found": language
        }
    if not _text(data["licence"]):
        return _("“licence” must say who licensed this text to the clinic, and on what terms.")
    if not _text(data["title"]) or len(data["title"]) > TITLE_MAX:
        return _("“title” must be a text of at most %(max)d characters.") % {"max": TITLE_MAX}
    if not isinstance(data.get("instructions", ""), str):
        return _("“instructions” must be a text.")
    return items_problem(data["instrument"], data["items"])
