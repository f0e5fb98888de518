"""`manage.py load_instrument_text FILE.json` (CONTRACT "Questionnaire texts"): checked, replaced, never half-loaded."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from demo.instrument_texts import DEMO_TITLE, demo_text
from patients.models import InstrumentText


def _write(tmp_path, data, name="text.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def _load(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("load_instrument_text", path, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_a_text_with_its_licence_and_who_loaded_it(tmp_path, admin_user):
    output = _load(_write(tmp_path, demo_text("odi")), "--user", admin_user.username)
    text = InstrumentText.objects.get()
    assert (text.instrument, text.version, text.language) == ("odi", "demo", "en")
    assert text.title.startswith(DEMO_TITLE)
    assert "Placeholder text" in text.licence
    assert text.loaded_by == admin_user and text.loaded_at is not None
    assert text.items[2] == {
        "number": 3,
        "text": "Demo item 3 (Lifting): how much does this bother you?",
        "options": [f"Demo option {n}" for n in range(6)],
    }
    assert output.startswith("Loaded Oswestry Disability Index demo (en) (10 items)")


@pytest.mark.django_db
def test_loading_the_same_instrument_version_and_language_again_replaces_it(tmp_path):
    _load(_write(tmp_path, demo_text("rmdq")))
    again = demo_text("rmdq") | {"title": "DEMO TEXT — not the validated wording, second print"}
    output = _load(_write(tmp_path, again))
    text = InstrumentText.objects.get()
    assert text.title.endswith("second print") and output.startswith("Replaced")
    assert text.history.count() == 2  # the earlier text stays in the history
    _load(_write(tmp_path, demo_text("rmdq", language="nl")))
    assert sorted(InstrumentText.objects.values_list("language", flat=True)) == ["en", "nl"]


def _broken(change):
    data = copy.deepcopy(demo_text("odi"))
    change(data)
    return data


WRONG_FILES = {
    "not JSON": ("{'instrument': 'odi'", "not valid JSON"),
    "a list": ([demo_text("odi")], "one JSON object"),
    "no licence": (_broken(lambda d: d.pop("licence")), "Missing keys: licence"),
    "a misspelt key": (_broken(lambda d: d.update(license="x")), "Unknown keys: license"),
    "unknown instrument": (
        _broken(lambda d: d.update(instrument="sf36")),
        "“instrument” must be one of odi, ndi, rmdq",
    ),
    "bad language": (_broken(lambda d: d.update(language="English")), "“language” must be a language code"),
    "nine items": (_broken(lambda d: d["items"].pop()), "must list the 10 items of the ODI (found 9)"),
    "five options": (_broken(lambda d: d["items"][2]["options"].pop()), "Item 3 must have 6 options"),
    "an empty option": (_broken(lambda d: d["items"][4]["options"].__setitem__(0, " ")), "Item 5: “options”"),
    "items out of order": (_broken(lambda d: d["items"][1].update(number=7)), "Item 2 must have “number”: 2"),
    "an item without text": (_broken(lambda d: d["items"][0].pop("text")), "Item 1 has no “text”"),
    "rmdq with options": (
        demo_text("rmdq") | {"items": [{"number": n, "text": "x", "options": ["a"]} for n in range(1, 25)]},
        "RMDQ statements have no options",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("content, message", WRONG_FILES.values(), ids=WRONG_FILES.keys())
def test_a_file_of_the_wrong_shape_is_refused_naming_the_problem(tmp_path, content, message):
    with pytest.raises(CommandError) as refused:
        _load(_write(tmp_path, content))
    assert message in str(refused.value) and "nothing loaded" in str(refused.value)
    assert not InstrumentText.objects.exists()


@pytest.mark.django_db
def test_a_refused_file_leaves_the_loaded_text_as_it_was(tmp_path):
    _load(_write(tmp_path, demo_text("ndi")))
    broken = demo_text("ndi")
    broken["items"] = broken["items"][:9]
    with pytest.raises(CommandError):
        _load(_write(tmp_path, broken))
    assert len(InstrumentText.objects.get().items) == 10


@pytest.mark.django_db
def test_rmdq_statements_may_leave_out_the_options(tmp_path):
    data = demo_text("rmdq")
    for item in data["items"]:
        del item["options"]
    _load(_write(tmp_path, data))
    assert InstrumentText.objects.get().items[0]["options"] == []


@pytest.mark.django_db
def test_a_missing_file_or_user_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _load(str(tmp_path / "nowhere.json"))
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        _load(_write(tmp_path, demo_text("odi")), "--user", "nobody")


@pytest.mark.django_db
def test_the_database_refuses_a_text_with_the_wrong_number_of_items():
    data = demo_text("odi")
    with pytest.raises(IntegrityError):
        InstrumentText.objects.create(
            instrument="odi", version="x", language="en", licence="l", title="t", items=data["items"][:9]
        )
