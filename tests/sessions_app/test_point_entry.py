import pytest
from django.core.exceptions import ValidationError

from sessions_app import selectors
from sessions_app.models import Acupoint
from sessions_app.point_entry import AcupointIndex, PointEntry, fold, normalise_code, resolve_side, total_insertions


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("BL23", "BL23"),
        ("bl23", "BL23"),
        ("bl 23", "BL23"),
        ("BL-23", "BL23"),
        ("UB23", "BL23"),
        ("B23", "BL23"),
        ("Du4", "GV4"),
        ("DU 4", "GV4"),
        ("Ren6", "CV6"),
        ("SJ5", "TE5"),
        ("TW5", "TE5"),
        ("Liv3", "LR3"),
        ("LV3", "LR3"),
        ("St36", "ST36"),
        ("L.I. 4", "LI4"),
        ("Co4", "LI4"),
        ("K3", "KI3"),
        ("Kid3", "KI3"),
        ("P6", "PC6"),
        ("HT7", "HT7"),
        ("H7", "HT7"),
        ("EX-B2", "EX-B2"),
        ("exb2", "EX-B2"),
        ("Ex b 7", "EX-B7"),
        ("EX-HN3", "EX-HN3"),
        ("BL023", None),
        ("XY3", None),
        ("Shenshu", None),
    ],
)
def test_codes_and_legacy_abbreviations_normalise_to_who(typed, code):
    result = normalise_code(typed)
    assert (result[0] if result else None) == code


def test_fold_ignores_case_spaces_hyphens_and_tone_marks():
    assert fold("Shèn Shū") == fold("shen-shu") == fold("SHENSHU") == "shenshu"


@pytest.fixture
def index(db):
    return AcupointIndex.load()


@pytest.mark.parametrize(
    ("typed", "code", "side", "level"),
    [
        ("Shenshu", "BL23", None, ""),
        ("shen shu", "BL23", None, ""),
        ("Weizhong b", "BL40", "bilateral", ""),
        ("bl23 b", "BL23", "bilateral", ""),
        ("GB30 left", "GB30", "left", ""),
        ("gb30 L", "GB30", "left", ""),
        ("BL23 Shenshu", "BL23", None, ""),
        ("EX-B2 L4 b", "EX-B2", "bilateral", "L4"),
        ("Jiaji c5 r", "EX-B2", "right", "C5"),
        ("Mingmen", "GV4", None, ""),
    ],
)
def test_a_row_reads_code_or_pinyin_then_side_and_level(index, typed, code, side, level):
    parsed = index.parse(typed)
    assert (parsed.acupoint.code, parsed.side, parsed.level) == (code, side, level)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("BL68", "BL68 does not exist: the BL meridian has 67 points."),
        ("GV29", "GV29 does not exist: the GV meridian has 28 points."),
        ("EX-B12", "Unknown point EX-B12."),
        ("Zhongzhu", "Zhongzhu is the name of KI15 / TE3: type the code."),
        ("BL23 Weizhong", "BL23 is Shenshu, not “Weizhong”: check the code."),
        ("Nowhere", "Unknown point “Nowhere”. Type a WHO code such as BL23 or a pinyin name such as Shenshu."),
    ],
)
def test_unreadable_rows_say_what_is_wrong(index, typed, message):
    with pytest.raises(ValidationError) as error:
        index.parse(typed)
    assert error.value.messages == [message]


@pytest.mark.django_db
def test_a_midline_point_gets_its_only_side_and_a_paired_point_needs_one():
    gv4, bl23 = Acupoint.objects.get(code="GV4"), Acupoint.objects.get(code="BL23")
    assert resolve_side(gv4, "", None) == "midline"
    assert resolve_side(bl23, "", "left") == "left"
    assert resolve_side(bl23, "right", None) == "right"
    with pytest.raises(ValidationError, match="Choose left, right or bilateral for BL23."):
        resolve_side(bl23, "", None)
    with pytest.raises(ValidationError, match="Two different sides"):
        resolve_side(bl23, "left", "right")
    with pytest.raises(ValidationError, match="GV4 is a midline point"):
        resolve_side(gv4, "bilateral", None)


@pytest.mark.django_db
def test_bilateral_points_count_as_two_insertions():
    bl23, gv4 = Acupoint.objects.get(code="BL23"), Acupoint.objects.get(code="GV4")
    entries = [PointEntry(bl23, "bilateral"), PointEntry(gv4, "midline"), PointEntry(bl23, "left", "L4")]
    assert total_insertions(entries) == 4


@pytest.mark.django_db
def test_the_form_catalogue_read_as_tuples_is_the_model_index_in_the_same_order():
    """Drawing the form reads (code, pinyin, meridian) only; checking points reads the models: the
    datalist and the midline codes must be the same either way."""
    lazy, loaded = AcupointIndex.load(), AcupointIndex(Acupoint.objects.all())
    assert "_maps" not in lazy.__dict__
    assert lazy.catalogue == loaded.catalogue
    assert len(lazy.catalogue) == Acupoint.objects.count() >= 300
    assert "_maps" not in lazy.__dict__  # the form's datalist built no model objects
    assert lazy.options_html == loaded.options_html
    assert '<option value="BL23">BL23 Shenshu</option>' in lazy.options_html
    assert selectors.midline_codes(lazy) == selectors.midline_codes(loaded)
    assert set(selectors.midline_codes(lazy)) == {"EX-B8", "EX-B9", "EX-HN1", "EX-HN3"} & {
        code for code, _, _ in lazy.catalogue
    }
    assert lazy.parse("BL23 left").acupoint == loaded.by_code["BL23"]
