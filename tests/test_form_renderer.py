"""The form renderer draws Django's plain widget templates in Python (clinic/form_renderer.py): every
widget the app shows must come out byte for byte as Django's own templates draw it.

The walk opens every page of the URL x role table and every admin page, as each persona that may
open it, in English and in Dutch (localised numbers and dates), plus forms sent back with errors;
each widget drawn is drawn again by Django's templates and compared. A Django upgrade that changes
one of those templates fails here instead of changing a page.
"""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from clinic.form_renderer import _DRAWERS, ClinicFormRenderer
from tests.session_forms import session_data
from tests.test_permissions import admin_pages, expected_for, table_rows

DJANGO = DjangoTemplates()


@pytest.fixture
def compared(monkeypatch):
    """Every widget the app draws is also drawn by Django's templates; mismatches are collected."""
    renderer = get_default_renderer()
    assert isinstance(renderer, ClinicFormRenderer), "FORM_RENDERER is not the clinic's renderer"
    seen = {"drawn": 0, "mismatches": []}
    draw = renderer.render

    def render(template_name, context, request=None):
        ours = draw(template_name, context, request=request)
        if template_name in _DRAWERS:
            seen["drawn"] += 1
            theirs = DJANGO.render(template_name, context, request=request)
            if ours != theirs:
                seen["mismatches"].append(f"{template_name}\n  ours:   {ours!r}\n  django: {theirs!r}")
        return ours

    monkeypatch.setattr(renderer, "render", render)
    return seen


GET_PAGES = [
    (name, route, persona)
    for name, route in table_rows()
    if route.method == "get"
    for persona in ("patient_a", "practitioner", "admin")
    if route.expected(persona) == 200
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_page_draws_its_widgets_as_django_does(client_for, records, compared, language):
    clients = {persona: client_for(persona) for persona in ("patient_a", "practitioner", "admin")}
    for client in clients.values():
        client.cookies["django_language"] = language
    opened = []
    for name, route, persona in GET_PAGES:
        url = route.url.format(**records)
        response = clients[persona].get(url)
        assert response.status_code == expected_for(route, persona, records), url
        opened.append(name)
    for _label, _page, template in admin_pages():
        clients["admin"].get(template.format(**records))
    assert len(opened) > 40
    assert compared["drawn"] > 500, compared["drawn"]
    assert not compared["mismatches"], "\n".join(compared["mismatches"][:5])


@pytest.mark.django_db
def test_forms_sent_back_with_errors_draw_as_django_does(client_for, records, compared):
    practitioner = client_for("practitioner")
    # The session form with absurd values: its points, pain map rows and errors come back bound.
    data = session_data(points=(("BL23", "bilateral"), ("NOPE", "left")), pre_nrs="11", duration_minutes="900")
    response = practitioner.post(f"/patients/{records['patient_a']}/sessions/new/", data)
    assert response.status_code == 200
    response = practitioner.post(
        "/patients/new/", {"first_name": "<b>&", "last_name": "", "date_of_birth": "1800-01-01"}
    )
    assert response.status_code == 200
    response = client_for("patient_a").post("/me/pain/", {"nrs": "12", "notes": '"quoted" & <tag>'})
    assert response.status_code in (200, 302)
    assert compared["drawn"] > 50
    assert not compared["mismatches"], "\n".join(compared["mismatches"][:5])


class Everything(forms.Form):
    """Values and labels a template escapes or localises: what the Python drawing must match."""

    text = forms.CharField(
        initial='a "quoted" <b>&amp;</b>', widget=forms.TextInput(attrs={"data-x": mark_safe("<i>")})
    )
    safe = forms.CharField(initial=mark_safe("<em>safe</em>"))
    number = forms.DecimalField(initial=Decimal("2.5"), widget=forms.NumberInput(attrs={"step": Decimal("0.5")}))
    day = forms.DateField(initial=date(2026, 12, 2))
    flags = forms.BooleanField(initial=True, required=False, widget=forms.CheckboxInput(attrs={"disabled": True}))
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"hidden": False, "autofocus": True}))
    choice = forms.ChoiceField(
        choices=[("", "---"), ("Group <1>", [(1, gettext_lazy("Left")), (2, Decimal("1.5"))]), ("&", "Tom & Jerry")],
        initial=2,
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two")], initial=[1, 2])
    radio = forms.ChoiceField(choices=[(0, 0), (10, 10)], widget=forms.RadioSelect(attrs={"class": "x"}), initial=0)
    boxes = forms.MultipleChoiceField(
        choices=[("Group", [("a", "A")]), ("b", "B")], widget=forms.CheckboxSelectMultiple, initial=["b"]
    )
    notes = forms.CharField(widget=forms.Textarea, initial="line 1\n<line 2>")
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.HiddenInput, initial=("a", 1))


@pytest.mark.parametrize("language", ["en", "nl", "de"])
@pytest.mark.parametrize("bound", [False, True])
def test_escaping_and_localisation_match_django(language, bound):
    data = {"text": "<script>", "number": "3,5", "choice": "&", "many": ["2"], "notes": "", "radio": "10"}
    form = Everything(data if bound else None)
    with translation.override(language):
        for field in form:
            attrs = field.build_widget_attrs({"id": field.auto_id})
            value = field.value()
            ours = field.field.widget.render(field.html_name, value, attrs, ClinicFormRenderer())
            theirs = field.field.widget.render(field.html_name, value, attrs, DJANGO)
            assert ours == theirs, field.name
