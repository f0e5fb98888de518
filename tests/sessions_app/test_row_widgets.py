"""The row widgets write exactly what Django's own widget templates write."""

import pytest
from django import forms

from sessions_app.forms import AdverseEventFormSet, point_formset
from sessions_app.point_entry import AcupointIndex
from sessions_app.row_widgets import RowNumberInput, RowSelect, RowTextInput

CHOICES = [("", "—"), ("a", "A <b>"), ("b", 'B "quoted" & co'), ("Group", [("x", "X"), ("y", "Y")])]


def _form_class(text, number, select):
    class Form(forms.Form):
        text_field = forms.CharField(
            max_length=5,
            help_text="Help",
            widget=text(attrs={"class": "c", "list": "l", "spellcheck": "false", "autofocus": True, "hidden": False}),
        )
        number_field = forms.IntegerField(min_value=1, max_value=3, required=False, widget=number)
        select_field = forms.ChoiceField(choices=CHOICES, required=False, widget=select)

    return Form


DJANGO = _form_class(forms.TextInput, forms.NumberInput, forms.Select)
ROWS = _form_class(RowTextInput, RowNumberInput, RowSelect)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text_field": "<script>\"&'", "number_field": "abc", "select_field": "b"},
        {"text_field": "", "number_field": "2", "select_field": "y"},
        {"text_field": "far too long", "number_field": "9", "select_field": "nope"},
    ],
)
def test_row_widgets_write_the_same_html_as_django(data):
    django_form, row_form = DJANGO(data), ROWS(data)
    if data is not None:
        assert django_form.is_valid() == row_form.is_valid()
    for name in ("text_field", "number_field", "select_field"):
        assert str(row_form[name]) == str(django_form[name])


@pytest.mark.django_db
def test_the_point_and_event_rows_use_them():
    points = point_formset(index=AcupointIndex.load())
    # every entry field; the Remove tick of a saved row is Django's own checkbox
    entry = [field for name, field in points.forms[0].fields.items() if name != "remove"]
    assert {type(field.widget) for field in entry} == {
        RowTextInput,
        RowSelect,
        RowNumberInput,
    }
    events = AdverseEventFormSet(prefix="events")
    assert {type(field.widget) for field in events.forms[0].fields.values()} == {RowSelect, RowTextInput}


def test_the_datalist_options_are_escaped_like_a_template():
    from django.utils.html import format_html_join

    from sessions_app.models import Acupoint

    points = [Acupoint(code="BL23", pinyin="Shenshu"), Acupoint(code="EX-B2", pinyin="Jia<ji> \"&'")]
    expected = format_html_join("", '<option value="{}">{} {}</option>', ((p.code, p.code, p.pinyin) for p in points))
    assert AcupointIndex(points).options_html == expected
