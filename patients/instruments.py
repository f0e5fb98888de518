"""Loaded questionnaire texts: loading a licensed file, finding the text a patient answers in.

The validated wording of the ODI, NDI and RMDQ belongs to their licence holders and is never in the
repository (README "Questionnaire texts"); `patients.instrument_format` checks a file's shape.
An instrument without a loaded text in the patient's language is entered by staff only (from the
paper form, titled by the item topics in `scoring.ITEM_TITLES`), never sent to the patient.
"""

import json
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from patients import scoring
from patients.instrument_format import text_file_problem
from patients.models import Instrument, InstrumentText, Patient, QuestionnaireResponse
from patients.recipients import language_for


def patient_language(patient: Patient) -> str:
    """The language a patient's questionnaires are sent in: the language the patient saved (the menu
    on their pages, `UserPreference`), else the clinic's (`patients.recipients.language_for`).
    Every caller asks here."""
    return language_for(patient.user)


def language_name(code: str) -> str:
    """ "English (en)" for "en": the code alone when Django does not know it."""
    try:
        return f"{_(get_language_info(code)['name'])} ({code})"
    except KeyError:
        return code


def text_for(instrument: str, language: str) -> InstrumentText | None:
    """The text a new questionnaire is sent in: the one loaded last for that instrument and language."""
    return InstrumentText.objects.filter(instrument=instrument, language=language).order_by("-loaded_at", "-pk").first()


def pinned_text(response: QuestionnaireResponse) -> InstrumentText | None:
    """The very text a response was sent or answered in (its language and text_version), if any."""
    if not (response.text_version and response.language):
        return None
    return InstrumentText.objects.filter(
        instrument=response.instrument, version=response.text_version, language=response.language
    ).first()


def text_of_response(response: QuestionnaireResponse) -> InstrumentText | None:
    """The text an assigned questionnaire is answered in: the one it was sent in, else today's."""
    return pinned_text(response) or text_for(response.instrument, patient_language(response.patient))


def previous_activities(patient: Patient) -> list[str]:
    """The activities of the patient's latest completed PSFS: re-rated at follow-up (clinical-standards.md §2.5)."""
    latest = (
        QuestionnaireResponse.objects.filter(patient=patient, instrument=Instrument.PSFS, completed_at__isnull=False)
        .order_by("-completed_at", "-pk")
        .values_list("activities", flat=True)
        .first()
    )
    return list(latest or [])


def activity_initial(activities: list[str]) -> dict[str, str]:
    """A form's initial activity fields from stored activities."""
    return {f"activity_{number}": activity for number, activity in enumerate(activities, start=1) if activity}


def no_text_message(instrument: str, language: str) -> str:
    """Why an instrument cannot be sent to a patient: said on the assign form and in the service."""
    return _(
        "No %(instrument)s text is loaded in %(language)s, so it cannot be sent to this patient: "
        "enter it from the paper form, or ask an admin to load the clinic's licensed text."
    ) % {"instrument": Instrument(instrument).label, "language": language_name(language)}


def sending_hint(patient: Patient) -> str:
    """Under the assign button, without a query (the record page has a query budget)."""
    return _(
        "Sent in %(language)s, the patient's language, when the clinic has loaded a text of it there; "
        "otherwise enter it from the paper form."
    ) % {"language": language_name(patient_language(patient))}


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    options: list[str]  # the option texts, scored 0, 1, 2 … in order; empty for a yes/no statement


def items_of(instrument: str, text: InstrumentText | None) -> list[Item]:
    """Each item as it is shown: the loaded wording, or the item topics alone (no text loaded)."""
    if text is not None:
        return [Item(item["number"], item["text"], list(item.get("options", []))) for item in text.items]
    return [Item(number, title, []) for number, title in enumerate(scoring.ITEM_TITLES[instrument], start=1)]


def parse_text_file(raw: bytes | str) -> dict:
    """The parsed file, or ValidationError naming what is wrong with it."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(_("The file is not valid JSON: %(error)s") % {"error": exc}) from exc
    if problem := text_file_problem(data):
        raise ValidationError(problem)
    return data


@transaction.atomic
def instrument_text_load(*, data: dict, loaded_by: AbstractBaseUser | None) -> tuple[InstrumentText, bool]:
    """Load one checked text file; the same instrument, version and language replaces the loaded one.

    Returns (text, created). Raises ValidationError, and writes nothing, when the file is wrong.
    """
    if problem := text_file_problem(data):
        raise ValidationError(problem)
    key = {"instrument": data["instrument"], "version": data["version"].strip(), "language": data["language"].lower()}
    text = InstrumentText.objects.select_for_update().filter(**key).first() or InstrumentText(**key)
    created = text.pk is None
    text.licence = data["licence"].strip()
    text.title = data["title"].strip()
    text.instructions = data.get("instructions", "").strip()
    text.items = [
        {
            "number": item["number"],
            "text": item["text"].strip(),
            "options": [o.strip() for o in item.get("options", [])],
        }
        for item in data["items"]
    ]
    text.loaded_at = timezone.now()
    text.loaded_by = loaded_by
    text.full_clean()
    try:
        with transaction.atomic():
            text.save()
    except IntegrityError as exc:  # the same text loaded at the same moment by someone else
        raise ValidationError(_("This text was being loaded by someone else just now: load it again.")) from exc
    return text, created
