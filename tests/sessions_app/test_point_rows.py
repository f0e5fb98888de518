"""The acupoint table's rows, drawn in Python (`{% point_row %}`, sessions_app/templatetags/point_rows.py):
the same elements, attributes and text as the row template they replace, for a blank row, a saved
row (with its Remove tick), a row sent back with errors, with and without the detail columns; and
hostile input escaped."""

import pytest
from django.template import engines

from sessions_app.forms import point_formset
from sessions_app.point_entry import AcupointIndex
from sessions_app.templatetags.point_rows import point_row
from tests.html_tree import tree

# templates/sessions_app/includes/point_row.html as it was before the rows were drawn in Python.
ROW_TEMPLATE = """{% load i18n %}<tr class="point-row">
  <td>
    <label class="visually-hidden" for="{{ f.code.auto_id }}">{% translate "Point" %}</label>
    {{ f.code }}
    <span class="point-name small text-body-secondary" aria-live="polite">{% if f.entry %}{{ f.entry.acupoint.pinyin }}{% endif %}</span>
    {% for error in f.code.errors %}<div class="invalid-feedback d-block" id="{{ f.code.auto_id }}_error">{{ error }}</div>{% endfor %}
  </td>
  <td>
    <label class="visually-hidden" for="{{ f.side.auto_id }}">{% translate "Side" %}</label>
    {{ f.side }}
    {% for error in f.side.errors %}<div class="invalid-feedback d-block" id="{{ f.side.auto_id }}_error">{{ error }}</div>{% endfor %}
  </td>
  {% if details %}
  <td class="point-detail">
    <label class="visually-hidden" for="{{ f.depth_mm.auto_id }}">{% translate "Depth (mm)" %}</label>
    {{ f.depth_mm }}
    {% for error in f.depth_mm.errors %}<div class="invalid-feedback d-block" id="{{ f.depth_mm.auto_id }}_error">{{ error }}</div>{% endfor %}
  </td>
  <td class="point-detail">
    <label class="visually-hidden" for="{{ f.level.auto_id }}">{% translate "Vertebral level (Jiaji)" %}</label>
    {{ f.level }}
    {% for error in f.level.errors %}<div class="invalid-feedback d-block" id="{{ f.level.auto_id }}_error">{{ error }}</div>{% endfor %}
  </td>
  {% endif %}
  {% if removable %}<td class="point-remove">{% if f.initial.code %}
    <div class="form-check m-0"><input type="checkbox" class="form-check-input" name="{{ f.remove.html_name }}" id="{{ f.remove.auto_id }}"{% if f.remove.value %} checked{% endif %}>
    <label class="form-check-label" for="{{ f.remove.auto_id }}">{% translate "Remove" %}<span class="visually-hidden"> {{ f.initial.code }}</span></label></div>
  {% endif %}</td>{% endif %}
</tr>
"""  # noqa: E501


def _formsets(index):
    saved = [{"code": "BL23", "side": "bilateral", "depth_mm": 25}, {"code": "GV4", "side": "midline"}]
    rows = {
        "points-TOTAL_FORMS": "3", "points-INITIAL_FORMS": "2",
        "points-MIN_NUM_FORMS": "0", "points-MAX_NUM_FORMS": "1000",
        "points-0-code": "BL23", "points-0-side": "left", "points-0-depth_mm": "500", "points-0-remove": "on",
        "points-1-code": '<script>"x"</script>', "points-1-side": "sideways",
        "points-2-code": "EX-B2", "points-2-level": "Z9",
    }  # fmt: skip
    bound = point_formset(data=rows, initial=saved, index=index)
    bound.is_valid()
    return [point_formset(index=index), point_formset(initial=saved, index=index), bound]


@pytest.mark.django_db
@pytest.mark.parametrize("details", [True, False])
@pytest.mark.parametrize("removable", [True, None])
def test_each_row_is_the_templates_row(details, removable):
    index = AcupointIndex.load()
    template = engines["django"].from_string(ROW_TEMPLATE)
    rows = 0
    for formset in _formsets(index):
        prefix = formset.prefix
        for f in [*formset, formset.empty_form]:
            theirs = template.render({"f": f, "details": details, "removable": removable})
            ours = point_row(f, details, removable)
            assert tree(ours) == tree(theirs), f"{prefix}\nours:   {ours}\ntheirs: {theirs}"
            rows += 1
    assert rows > 20


@pytest.mark.django_db
def test_a_hostile_code_is_escaped_and_errors_are_tied_to_their_field():
    bound = _formsets(AcupointIndex.load())[2]
    html = str(point_row(bound[1], True, True))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    side = bound[1]["side"]
    assert f'id="{side.auto_id}_error"' in html
    assert 'name="points-0-remove"' in str(point_row(bound[0], True, True))
