"""English, Dutch and German (CONTRACT.md "Reports and languages"): complete catalogues, the browser's
Accept-Language, the language menu (/i18n/setlang/) and the user's saved choice at the next sign-in."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from patients.models import UserPreference

LOCALE = Path(settings.BASE_DIR) / "locale"
PASSWORD = "correct-horse-battery"  # tests/factories.py


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100  # the app's strings were extracted, not an empty file
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_catalogue_keeps_every_placeholder(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalogue.translated_entries():
        for msgid, msgstr in [(entry.msgid, entry.msgstr)] + [
            (entry.msgid_plural, text) for text in entry.msgstr_plural.values()
        ]:
            if not msgstr:
                continue
            for mark in ("%(", "%s", "%d", "{"):
                assert msgid.count(mark) == msgstr.count(mark) or (entry.msgid_plural and mark == "%d"), entry.msgid


@pytest.mark.django_db
def test_the_sign_in_page_speaks_dutch_to_a_dutch_browser(client):
    response = client.get("/accounts/login/", headers={"accept-language": "nl"})
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_the_sign_in_page_speaks_english_to_an_english_browser(client):
    response = client.get("/accounts/login/", headers={"accept-language": "en"})
    assert "Sign in" in response.content.decode()


@pytest.mark.django_db
def test_every_page_has_a_labelled_language_menu(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert '<label class="visually-hidden" for="language-menu">' in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db
def test_the_dashboard_speaks_dutch_to_a_dutch_browser(practitioner_client):
    html = practitioner_client.get("/", headers={"accept-language": "nl"}).content.decode()
    assert "Vandaag" in html
    assert "Sign out" not in html


@pytest.mark.django_db
def test_the_menu_switches_the_dashboard_to_german_and_saves_the_choice(practitioner_client, practitioner):
    response = practitioner_client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    html = practitioner_client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="de">' in html
    assert "Abmelden" in html
    assert UserPreference.objects.get(user=practitioner.user).language == "de"


@pytest.mark.django_db
def test_an_unknown_language_is_not_saved(practitioner_client, practitioner):
    response = practitioner_client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert not UserPreference.objects.filter(user=practitioner.user).exists()


@pytest.mark.django_db
def test_the_saved_choice_survives_a_new_sign_in_on_another_browser(client, practitioner):
    client.force_login(practitioner.user)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    client.post("/accounts/logout/")
    client.cookies.clear()  # another browser: no language cookie, an English Accept-Language
    response = client.post(
        "/accounts/login/",
        {"username": practitioner.user.username, "password": PASSWORD},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="de">' in html
    assert "Abmelden" in html


@pytest.mark.django_db
def test_the_patient_portal_follows_the_saved_choice(client, patient_a):
    client.force_login(patient_a.user)
    client.post("/i18n/setlang/", {"language": "nl", "next": "/me/"})
    html = client.get("/me/", headers={"accept-language": "de"}).content.decode()
    assert '<html lang="nl">' in html
    assert "Uitloggen" in html


@pytest.mark.django_db
def test_a_visitor_can_switch_language_without_signing_in(client):
    client.post("/i18n/setlang/", {"language": "de", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert "Anmelden" in html
    assert not UserPreference.objects.exists()
