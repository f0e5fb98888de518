"""No English left on the main pages in Dutch and German (issue 15).

Each main page is rendered in English and in Dutch and German; every visible string (text between the
tags, and the titles, labels and placeholders people read or hear) of the Dutch or German page that is
also on the English page, word for word, is English left untranslated, unless each of its words is
one no language translates: the data typed by users (names, notes, goals: every text of the
database's rows), codes, pinyin, numbers and the brand and unit words of the allow-list.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

# Words that are the same in every language the clinic speaks.
ALLOWED_WORDS = {
    "CSV", "FHIR", "JSON", "NRS", "ODI", "NDI", "RMDQ", "MRN", "EA", "PDF", "iCal", "ics", "NCCAOM", "Dipl",
    "IMMPACT", "Ostelo", "STRICTA", "WHO", "English", "Nederlands", "Deutsch", "Hz", "mm", "min",
    # The validated instruments go by their English names in Dutch and German clinics too.
    "Oswestry", "Disability", "Index", "Neck", "Roland", "Morris", "Questionnaire",
    "STarT", "Back", "Screening", "Tool", "PSFS",
}  # fmt: skip
# Words spelled the same in English and in the language: not left untranslated.
SAME_IN = {
    "nl": {"Menu", "Status", "Instrument", "Score", "Contact", "Plan", "Week", "De", "qi", "Hand"},
    "de": {"Name", "Region", "Status", "Instrument", "Plan", "Stimulation", "Patient", "De", "qi", "Hand"},
}
# A date or a time: the month's abbreviation is the same in several languages (nl "Dec", "Nov").
DATE = re.compile(r"^\d{1,2} [A-Za-z]{3,4}\.?( \d{4})?( \d{1,2}:\d\d)?$")
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# (persona, URL): the practitioner's dashboard, list, record, session form, calendar and follow-ups,
# the patient's own page, the sign-in page.
PAGES = [
    ("practitioner", "/"),
    ("practitioner", "/patients/"),
    ("practitioner", "/patients/{patient_a}/"),
    ("practitioner", "/patients/{patient_a}/sessions/new/"),
    ("practitioner", "/calendar/?date=2026-03-03"),
    ("practitioner", "/calendar/?date=2026-03-03&view=week"),
    ("practitioner", "/sessions/followups/"),
    ("patient_a", "/me/"),
    ("anonymous", "/accounts/login/"),
]


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self._skip += 1  # an SVG chart's text is data and tick labels; its title is checked below
        self.strings |= {value.strip() for name, value in attrs if name in READ_ATTRIBUTES and value}

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.strings.add(" ".join(data.split()))


def visible_strings(html: str) -> set[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.strings


def data_words() -> set[str]:
    """Every word of every text in the database: what users typed is never translated."""
    words = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        if (
            not fields
            or model._meta.app_label in ("sessions", "admin", "contenttypes", "auth")
            and model.__name__ != "User"
        ):
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                words |= set(re.findall(r"[A-Za-z]+", str(value or "")))
    return words


def untranslated(english: set[str], translated: set[str], allowed: set[str]) -> set[str]:
    return {
        text
        for text in translated & english
        if not DATE.match(text)
        and (words := re.findall(r"[A-Za-z]{2,}", text))
        and not all(word in allowed for word in words)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "de"])
@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_a_main_page_has_no_english_left(client_for, records, persona, url, language):
    client = client_for(persona)
    url = url.format(**records)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    translated = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert english.status_code == translated.status_code == 200
    assert translated["Content-Language"] == language
    allowed = ALLOWED_WORDS | SAME_IN[language] | data_words() | set(re.findall(r"[A-Za-z]+", settings.CLINIC_NAME))
    left = untranslated(
        visible_strings(english.content.decode()), visible_strings(translated.content.decode()), allowed
    )
    assert not left, f"English left on {url} in {language}: {sorted(left)}"


def test_the_comparison_finds_english_and_passes_names_and_codes():
    english = {"Save", "Alice Archer", "BL23 GV4", "Pain over time", "FHIR"}
    assert untranslated(english, {"Opslaan", "Alice Archer", "BL23 GV4", "Pain over time", "FHIR"},
                        {"Alice", "Archer", "BL", "GV", "FHIR"}) == {"Pain over time"}  # fmt: skip
