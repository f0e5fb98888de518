import pytest

from patients.forms import QuestionnaireForm


def _data(values):
    return {f"item_{n}": "" if v is None else str(v) for n, v in enumerate(values, start=1)}


def test_it_turns_choices_into_the_stored_answer_list():
    form = QuestionnaireForm(_data([1, 2, 3, 4, 5, 0, 1, None, 2, 3]), instrument="odi")
    assert form.is_valid(), form.errors
    assert form.answers() == [1, 2, 3, 4, 5, 0, 1, None, 2, 3]


def test_it_refuses_too_many_unanswered_items_with_a_message():
    form = QuestionnaireForm(_data([1] * 7 + [None] * 3), instrument="ndi")
    assert not form.is_valid()
    assert "3 missing" in str(form.non_field_errors())


def test_it_refuses_an_out_of_range_choice():
    form = QuestionnaireForm(_data([6] + [1] * 9), instrument="odi")
    assert not form.is_valid()
    assert "item_1" in form.errors


def test_rmdq_items_are_yes_or_no_and_all_required():
    assert not QuestionnaireForm(_data([1] * 23 + [None]), instrument="rmdq").is_valid()
    assert QuestionnaireForm(_data([1, 0] * 12), instrument="rmdq").is_valid()


def test_it_shows_item_titles():
    form = QuestionnaireForm(instrument="odi")
    assert form.fields["item_1"].label == "1. Pain intensity"
    assert form.fields["item_10"].label == "10. Travelling"


def test_an_unknown_instrument_is_a_programming_error():
    with pytest.raises(ValueError):
        QuestionnaireForm(instrument="xyz")
