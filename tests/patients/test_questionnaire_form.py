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


def test_the_paper_rmdq_is_a_checklist_where_an_unticked_statement_counts_0():
    # Roland & Morris 1983: the score is the number of statements ticked.
    form = QuestionnaireForm(_data([1] * 5 + [None] * 19), instrument="rmdq")
    assert form.is_valid(), form.errors
    assert form.answers() == [1] * 5 + [0] * 19
    alternating = QuestionnaireForm(_data([1, 0] * 12), instrument="rmdq")
    assert alternating.is_valid() and alternating.answers() == [1, 0] * 12
    assert 'type="checkbox" name="item_3"' in str(QuestionnaireForm(instrument="rmdq")["item_3"])


@pytest.mark.django_db
def test_online_every_rmdq_statement_is_answered_yes_or_no(patient_a, demo_texts):
    from patients.portal_forms import QuestionnaireAnswerForm
    from tests.factories import QuestionnaireFactory

    pending = QuestionnaireFactory(patient=patient_a, instrument="rmdq", answers=[], completed_at=None)
    unanswered = QuestionnaireAnswerForm(
        {**_data([1] * 23 + [None]), "version": 1}, instance=pending, text=demo_texts["rmdq"]
    )
    assert not unanswered.is_valid() and list(unanswered.errors) == ["item_24", "__all__"]
    done = QuestionnaireAnswerForm({**_data([0] * 24), "version": 1}, instance=pending, text=demo_texts["rmdq"])
    assert done.is_valid() and done.answers() == [0] * 24


def test_it_shows_item_titles():
    form = QuestionnaireForm(instrument="odi")
    assert form.fields["item_1"].label == "1. Pain intensity"
    assert form.fields["item_10"].label == "10. Travelling"


def test_an_unknown_instrument_is_a_programming_error():
    with pytest.raises(ValueError):
        QuestionnaireForm(instrument="xyz")
