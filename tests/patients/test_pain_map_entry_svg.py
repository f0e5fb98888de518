"""The empty map to tap (the pain map entry) is drawn once per language in Python: it must be the
markup the template loop drew, in every language, and its region names must be escaped."""

import pytest
from django.template import engines
from django.utils import translation

from patients import pain_map
from patients.region_panel import PainMap, entry_shapes

# The loop templates/patients/includes/pain_map_entry.html had before it took `entry_shapes`.
TEMPLATE_LOOP = (
    '{% for shape in entry_map.shapes %}<rect class="pm-region pm-none" data-region="{{ shape.region }}"'
    ' data-side="{{ shape.side }}" x="{{ shape.x }}" y="{{ shape.y }}" width="{{ shape.width }}"'
    ' height="{{ shape.height }}" rx="2"><title>{{ shape.title }}</title></rect>\n      {% endfor %}'
)


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_the_entry_map_is_the_template_loops_markup(language):
    with translation.override(language):
        drawn = engines["django"].from_string(TEMPLATE_LOOP).render({"entry_map": PainMap(None, [])})
        assert str(entry_shapes(language)) == drawn
    assert drawn.count("<rect") == len(PainMap(None, []).shapes) > 20


def test_each_language_gets_its_own_names():
    with translation.override("de"):
        german = str(entry_shapes("de"))
    with translation.override("en"):
        english = str(entry_shapes("en"))
    assert german != english


def test_region_names_are_escaped(monkeypatch):
    entry_shapes.cache_clear()
    monkeypatch.setattr(pain_map.Shape, "title", property(lambda shape: '<script>"x"</script>'))
    try:
        html = str(entry_shapes("xx"))
    finally:
        entry_shapes.cache_clear()
    assert "<script>" not in html
    assert "&lt;script&gt;&quot;x&quot;&lt;/script&gt;" in html
