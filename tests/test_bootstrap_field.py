"""`|bootstrap_field` (patients/templatetags/clinic_forms.py) draws crispy-forms' Bootstrap 5 field
in Python: the same elements, attributes and text as `|as_crispy_field`, for every field of the
session form blank and sent back with errors, and for odd labels, help texts and errors."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from patients.templatetags.clinic_forms import bootstrap_field
from sessions_app.forms import SessionForm
from tests.html_tree import tree


def same(make_form, name: str) -> None:
    """Each side draws a fresh form: crispy changes a widget's classes as it draws it."""
    theirs, ours = as_crispy_field(make_form()[name]), bootstrap_field(make_form()[name])
    assert tree(ours) == tree(theirs), f"{name}\nours:   {ours}\ncrispy: {theirs}"


ABSURD = {"started_at": "yesterday", "duration_minutes": "900", "technique": "laser", "pre_nrs": "11", "deqi": ""}


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, ABSURD, {"subjective": "<b>sore</b> & stiff", "post_nrs": "-1"}])
def test_every_session_form_field_is_crispys(data):
    def make():
        form = SessionForm(data)
        if data is not None:
            form.is_valid()
        return form

    assert make().fields
    for name in make().fields:
        same(make, name)


class Odd(forms.Form):
    required_css_class = "needed"
    text = forms.CharField(label='Name <b>"x"</b> & co', help_text="Help with <em>markup</em>", max_length=3)
    number = forms.IntegerField(label="", required=False, min_value=1)
    choice = forms.ChoiceField(choices=[("a", "A & B")], help_text="Pick one")
    notes = forms.CharField(widget=forms.Textarea(attrs={"class": "textarea extra"}), required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    flag = forms.BooleanField(required=False)  # crispy's own: a checkbox


@pytest.mark.parametrize("data", [None, {"text": "far too long", "number": "0", "choice": "z", "day": "x"}])
def test_odd_labels_help_and_errors_are_crispys(data):
    def make():
        form = Odd(data)
        if data is not None:
            form.is_valid()
        return form

    for name in make().fields:
        same(make, name)


def test_a_hostile_label_is_escaped():
    html = bootstrap_field(Odd()["text"])
    assert "<b>" not in html.split("</label>")[0]
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; co" in html
