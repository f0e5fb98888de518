import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sessions_app.models import Acupoint

WHO_COUNTS = {"LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67, "KI": 27, "PC": 9,
              "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("meridian", "count"), WHO_COUNTS.items())
def test_the_catalogue_holds_every_who_point_of_each_meridian(meridian, count):
    codes = set(Acupoint.objects.filter(meridian=meridian).values_list("code", flat=True))
    assert codes == {f"{meridian}{n}" for n in range(1, count + 1)}


@pytest.mark.django_db
def test_the_catalogue_holds_361_standard_points_and_the_back_extra_points():
    assert Acupoint.objects.exclude(meridian="EX").count() == 361
    extras = dict(Acupoint.objects.filter(meridian="EX").values_list("code", "pinyin"))
    assert extras["EX-B2"] == "Jiaji"
    assert extras["EX-B7"] == "Yaoyan"
    assert extras["EX-B8"] == "Shiqizhui"


@pytest.mark.django_db
def test_well_known_back_points_have_their_names():
    names = dict(Acupoint.objects.filter(code__in=["BL23", "BL40", "GV4", "GB30"]).values_list("code", "pinyin"))
    assert names == {"BL23": "Shenshu", "BL40": "Weizhong", "GV4": "Mingmen", "GB30": "Huantiao"}


@pytest.mark.django_db
def test_a_duplicate_code_is_refused_at_both_levels():
    duplicate = Acupoint(code="BL23", pinyin="Shenshu", meridian="BL")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "code" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["BL-23", "bl23", "BL023", "XX1"])
def test_a_code_not_in_who_form_is_refused_at_both_levels(code):
    point = Acupoint(code=code, pinyin="Test", meridian="BL")
    with pytest.raises(ValidationError):
        point.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        point.save()


@pytest.mark.django_db
def test_midline_points_allow_only_midline():
    assert Acupoint.objects.get(code="GV4").allowed_sides() == ["midline"]
    assert Acupoint.objects.get(code="EX-B8").allowed_sides() == ["midline"]
    assert Acupoint.objects.get(code="BL23").allowed_sides() == ["left", "right", "bilateral"]
