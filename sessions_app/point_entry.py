"""Fast acupoint entry: read what a practitioner types into one point row.

Accepted, case and spacing free: WHO codes (`BL23`, `bl 23`, `GV4`, `EX-B2`, `exb2`), legacy
meridian abbreviations normalised to WHO (`UB23` -> BL23, `Du4` -> GV4, `Ren6` -> CV6, `SJ5` -> TE5,
`Liv3` -> LR3, `St36` -> ST36; table in shared clinical-standards.md §5), pinyin (`Shenshu`,
`shen shu`), optionally followed by a side (`l`, `r`, `b`, `m` or the words) and, for Jiaji, a
vertebral level (`EX-B2 L4 b`). A pinyin name after a code is checked against the code
(`BL23 Shenshu`), which catches a slip of the finger.
"""

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from sessions_app.acupoint_catalogue import MERIDIANS
from sessions_app.models import Acupoint, Side

# WHO 1993 meridian codes and the legacy abbreviations still found in textbooks and notes.
MERIDIAN_ALIASES = {
    "LU": "LU", "L": "LU",
    "LI": "LI", "CO": "LI",
    "ST": "ST",
    "SP": "SP",
    "HT": "HT", "H": "HT", "HE": "HT",
    "SI": "SI",
    "BL": "BL", "UB": "BL", "B": "BL",
    "KI": "KI", "K": "KI", "KID": "KI", "KD": "KI",
    "PC": "PC", "P": "PC", "HC": "PC", "HP": "PC",
    "TE": "TE", "SJ": "TE", "TW": "TE", "TH": "TE", "TB": "TE",
    "GB": "GB",
    "LR": "LR", "LIV": "LR", "LV": "LR",
    "GV": "GV", "DU": "GV",
    "CV": "CV", "REN": "CV",
}  # fmt: skip
MERIDIAN_POINT_COUNT = {code: count for code, _name, count in MERIDIANS}

SIDE_WORDS = {
    "l": Side.LEFT, "lt": Side.LEFT, "left": Side.LEFT,
    "r": Side.RIGHT, "rt": Side.RIGHT, "right": Side.RIGHT,
    "b": Side.BILATERAL, "bi": Side.BILATERAL, "bil": Side.BILATERAL, "bilat": Side.BILATERAL,
    "bilateral": Side.BILATERAL, "both": Side.BILATERAL,
    "m": Side.MIDLINE, "mid": Side.MIDLINE, "midline": Side.MIDLINE,
}  # fmt: skip

# Jiaji (EX-B2) sits beside a spinous process; cervical Jiaji is widely used for neck pain.
LEVEL_RE = re.compile(r"^(C[1-7]|T[1-9]|T1[0-2]|L[1-5]|S[1-4])$", re.IGNORECASE)
JIAJI = "EX-B2"
_MERIDIAN_CODE_RE = re.compile(r"^([A-Za-z.]{1,4}?)\s*-?\s*(\d{1,2})(?![\d])\s*(.*)$")
_EXTRA_CODE_RE = re.compile(r"^EX\s*-?\s*([A-Za-z]{1,2})\s*-?\s*(\d{1,2})(?![\d])\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class PointEntry:
    """One point as recorded: the acupoint, its side and (Jiaji only) the vertebral level."""

    acupoint: Acupoint
    side: str
    vertebral_level: str = ""
    depth_mm: int | None = None

    @property
    def insertions(self) -> int:
        return 2 if self.side == Side.BILATERAL else 1

    @property
    def key(self) -> tuple[str, str]:
        return (self.acupoint.code, self.vertebral_level)


@dataclass(frozen=True)
class ParsedText:
    acupoint: Acupoint
    side: str | None
    level: str


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case letters only, accents removed: `Shén Shū` and `shen-shu` both give `shenshu`.
    Remembered: the catalogue's 378 names are folded again on every page that reads it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).lower()


def normalise_code(text: str) -> tuple[str, str] | None:
    """(WHO code, rest of the text) when the text starts with a point code, else None."""
    text = text.strip()
    extra = _EXTRA_CODE_RE.match(text)
    if extra:
        region, number, rest = extra.groups()
        return f"EX-{region.upper()}{int(number)}", rest
    match = _MERIDIAN_CODE_RE.match(text)
    if not match:
        return None
    prefix, number, rest = match.groups()
    meridian = MERIDIAN_ALIASES.get(prefix.replace(".", "").upper())
    if meridian is None or int(number) == 0:
        return None
    return f"{meridian}{int(number)}", rest


class AcupointIndex:
    """The catalogue in memory (one query), so a form with many rows never queries per row.

    Drawing the form needs only each point's code, pinyin and meridian (the datalist and the
    midline codes): `catalogue` reads them as tuples. Checking typed points needs the model objects
    (a session point refers to one): `by_code` and `by_pinyin` read them the first time they are
    asked for, so a form page is not charged 378 model objects it never uses (docs/performance.md,
    round 3).
    """

    def __init__(self, acupoints: Iterable[Acupoint] | None = None):
        self._acupoints = acupoints

    @classmethod
    def load(cls) -> "AcupointIndex":
        return cls()

    @cached_property
    def _maps(self) -> tuple[dict[str, Acupoint], dict[str, list[Acupoint]]]:
        by_code: dict[str, Acupoint] = {}
        by_pinyin: dict[str, list[Acupoint]] = {}
        for point in Acupoint.objects.all() if self._acupoints is None else self._acupoints:
            by_code[point.code] = point
            by_pinyin.setdefault(fold(point.pinyin), []).append(point)
        return by_code, by_pinyin

    @property
    def by_code(self) -> dict[str, Acupoint]:
        return self._maps[0]

    @property
    def by_pinyin(self) -> dict[str, list[Acupoint]]:
        return self._maps[1]

    @cached_property
    def catalogue(self) -> list[tuple[str, str, str]]:
        """(code, pinyin, meridian) of every point, in the catalogue's order."""
        if self._acupoints is not None or "_maps" in self.__dict__:
            return [(point.code, point.pinyin, point.meridian) for point in self.by_code.values()]
        return list(Acupoint.objects.values_list("code", "pinyin", "meridian"))

    @cached_property
    def options_html(self) -> SafeString:
        """The point-entry datalist's options, every code with its pinyin: 378 of them, written in one
        pass: a template loop or `format_html_join` cost more than the rest of the form (measured:
        docs/performance.md, item 8)."""
        options = ((html.escape(code), html.escape(pinyin)) for code, pinyin, _ in self.catalogue)
        text = "".join(f'<option value="{code}">{code} {pinyin}</option>' for code, pinyin in options)
        # Safe: both values are escaped above.
        return mark_safe(text)  # noqa: S308  # nosec B308 B703

    def get(self, code: str) -> Acupoint | None:
        return self.by_code.get(code)

    def parse(self, text: str) -> ParsedText:
        """Read one row's text; raise ValidationError with a message the practitioner can act on."""
        coded = normalise_code(text)
        if coded is not None:
            code, rest = coded
            point = self._by_code_or_error(code)
            side, level, words = _split_extras(rest)
            if words and fold(" ".join(words)) != fold(point.pinyin):
                raise ValidationError(
                    _("%(code)s is %(pinyin)s, not “%(words)s”: check the code.")
                    % {"code": point.code, "pinyin": point.pinyin, "words": " ".join(words)}
                )
            return ParsedText(point, side, level)
        side, level, words = _split_extras(text)
        return ParsedText(self._by_pinyin_or_error(" ".join(words)), side, level)

    def _by_code_or_error(self, code: str) -> Acupoint:
        point = self.by_code.get(code)
        if point is not None:
            return point
        meridian = re.match(r"^[A-Z]{2}", code).group(0)
        if meridian in MERIDIAN_POINT_COUNT:
            raise ValidationError(
                _("%(code)s does not exist: the %(meridian)s meridian has %(count)d points.")
                % {"code": code, "meridian": meridian, "count": MERIDIAN_POINT_COUNT[meridian]}
            )
        raise ValidationError(_("Unknown point %(code)s.") % {"code": code})

    def _by_pinyin_or_error(self, words: str) -> Acupoint:
        matches = self.by_pinyin.get(fold(words), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            codes = " / ".join(point.code for point in matches)
            raise ValidationError(
                _("%(name)s is the name of %(codes)s: type the code.") % {"name": words, "codes": codes}
            )
        raise ValidationError(
            _("Unknown point “%(text)s”. Type a WHO code such as BL23 or a pinyin name such as Shenshu.")
            % {"text": words}
        )


def _split_extras(text: str) -> tuple[str | None, str, list[str]]:
    """Peel a side word and a vertebral level off the end of the text; return the other words."""
    side, level, words = None, "", []
    for word in re.split(r"[\s,;/]+", text.strip()):
        if not word:
            continue
        if word.lower() in SIDE_WORDS and side is None:
            side = SIDE_WORDS[word.lower()]
        elif LEVEL_RE.match(word) and not level:
            level = word.upper()
        else:
            words.append(word)
    return side, level, words


def resolve_side(point: Acupoint, chosen: str, typed: str | None) -> str:
    """The side to record, from the select and any side typed after the code.

    A midline point has one possible side, so it is filled in; a paired point needs a choice.
    """
    if chosen and typed and chosen != typed:
        raise ValidationError(_("Two different sides were given for %(code)s.") % {"code": point.code})
    side = chosen or typed or ""
    allowed = point.allowed_sides()
    if not side:
        if len(allowed) == 1:
            return allowed[0]
        raise ValidationError(_("Choose left, right or bilateral for %(code)s.") % {"code": point.code})
    if side not in allowed:
        if point.is_midline:
            raise ValidationError(_("%(code)s is a midline point: choose midline.") % {"code": point.code})
        raise ValidationError(_("%(code)s is a paired point: choose left, right or bilateral.") % {"code": point.code})
    return side


def total_insertions(entries: Iterable[PointEntry]) -> int:
    return sum(entry.insertions for entry in entries)
