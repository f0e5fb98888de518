"""Figures read by people use the reader's decimal separator and day format (issue 15): "3,7/10" and
"4. November" in German, "3,7/10" in Dutch, "3.7/10" in English; exports keep the point."""

from datetime import date

import pytest
from django.utils import translation

from patients import scoring
from patients.trends import _day_label


@pytest.mark.parametrize(
    ("language", "psfs", "odi"), [("en", "3.7/10", "42.5%"), ("nl", "3,7/10", "42,5%"), ("de", "3,7/10", "42,5%")]
)
def test_a_score_has_the_languages_decimal_separator(language, psfs, odi):
    with translation.override(language):
        assert scoring.format_score("psfs", 3.7) == psfs
        assert scoring.format_score("odi", 42.5) == odi


@pytest.mark.parametrize(
    ("language", "this_year", "other_year"),
    [
        ("en", "4 November", "4 November 2025"),
        ("nl", "4 november", "4 november 2025"),
        ("de", "4. November", "4. November 2025"),
    ],
)
def test_a_day_in_a_sentence_is_written_as_the_language_writes_it(language, this_year, other_year):
    with translation.override(language):
        assert _day_label(date(2025, 11, 4), True, language) == this_year
        assert _day_label(date(2025, 11, 4), False, language) == other_year
