"""One date format per language, set in clinic/formats and used by pages, forms, the admin and charts."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django import forms
from django.template import Context, Template
from django.utils import translation

from patients.charts import TimeScale
from tests.factories import PatientFactory

DAY = date(2026, 12, 1)
MOMENT = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)


def _render(text: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load clinic_dates %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("language", "day", "moment", "weekday"),
    [
        ("en", "1 Dec 2026", "1 Dec 2026, 14:30", "Tuesday 1 Dec 2026"),
        ("nl", "1 dec 2026", "1 dec 2026, 14:30", "dinsdag 1 dec 2026"),
        ("de", "1. Dez 2026", "1. Dez 2026, 14:30", "Dienstag 1. Dez 2026"),
    ],
)
def test_each_language_writes_the_same_day_its_own_way(language, day, moment, weekday):
    assert _render("{{ d|date }}", language, d=DAY) == day
    assert _render("{{ d }}", language, d=DAY) == day  # a date shown without a format, too
    assert _render('{{ m|date:"DATETIME_FORMAT" }}', language, m=MOMENT) == moment
    assert _render("{{ d|weekday_date }}", language, d=DAY) == weekday


class _DayForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize(
    ("language", "typed"),
    [("en", "2026-12-01"), ("en", "1 Dec 2026"), ("nl", "01-12-2026"), ("nl", "2026-12-01"), ("de", "01.12.2026")],
)
def test_a_date_typed_in_the_language_s_form_is_read_as_that_day(language, typed):
    with translation.override(language):
        form = _DayForm({"day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == DAY


def test_an_american_month_first_date_is_refused_not_misread():
    with translation.override("en"):
        assert not _DayForm({"day": "12/01/2026"}).is_valid()


@pytest.mark.parametrize(("language", "label"), [("en", "3 Dec"), ("nl", "3 dec"), ("de", "3. Dez")])
def test_the_chart_axis_writes_days_in_the_page_language(language, label):
    scale = TimeScale([datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 8, 9, tzinfo=UTC)])
    with translation.override(language):
        assert label in [tick.label for tick in scale.ticks()]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "born"), [("en", "5 May 1980"), ("nl", "5 mei 1980"), ("de", "5. Mai 1980")])
def test_the_record_shows_the_date_of_birth_in_the_page_language(practitioner_client, language, born):
    patient = PatientFactory(date_of_birth=date(1980, 5, 5))
    response = practitioner_client.get(f"/patients/{patient.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert born in response.content.decode()


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("language", "expires"), [("en", "31 Dec 2026"), ("nl", "31 dec 2026"), ("de", "31. Dez 2026")]
)
def test_the_admin_home_writes_licence_dates_like_every_other_page(admin_client, practitioner, language, expires):
    practitioner.license_expires = date(2026, 12, 31)  # within 60 days: listed on the admin home
    practitioner.save()
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expires in html
    assert "2026-12-31" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [("en", "2026-12-01"), ("nl", "01-12-2026"), ("de", "01.12.2026")])
def test_the_admin_date_field_shows_and_takes_the_language_s_form(admin_client, practitioner, language, shown):
    practitioner.license_expires = DAY
    practitioner.save()
    url = f"/admin/sessions_app/practitioner/{practitioner.pk}/change/"
    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'value="{shown}"' in html
