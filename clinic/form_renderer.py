"""The form renderer (`FORM_RENDERER`): Django's own, drawing its plain widget templates in Python.

Why a rewrite of a Django internal: a form field's widget is drawn by Django's template engine, one
`{% include %}` per `<option>` and per attribute loop. Measured with cProfile on the bench database
(docs/performance.md, "Round 3"), drawing widgets was about two thirds of the patient portal's time
(the pain map's six region rows, each a `<select>` of every region) and half of the session form's.
This renderer writes the same markup for the templates listed in `_DRAWERS` with string building and
the same escaping and localisation the templates apply (`render_value_in_context`, the
`stringformat` filter's safe-string rule); any other template (form layouts, error lists, labels, a
widget of a third-party app, an option template of our own) is rendered by Django's templates as
before. tests/test_form_renderer.py draws every widget of every form of the app both ways and
requires the same bytes, so a Django upgrade that changes a template fails the suite instead of
changing a page.
"""

from collections.abc import Callable
from html import escape as html_escape

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"


def _text(value) -> str:
    """`{{ value }}` in a template: local time, localised numbers and dates, escaped."""
    if type(value) is not str:  # a plain string (most labels and names) needs neither
        value = localize(template_localtime(value))
        value = value if isinstance(value, str) else str(value)
        if isinstance(value, SafeData):
            return value
    return html_escape(value)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: `%s` of the raw value, escaped unless it was a safe string."""
    if type(value) is str:
        return html_escape(value)
    if isinstance(value, tuple):
        value = str(value)
    try:
        formatted = "%s" % value  # noqa: UP031 - exactly the filter's own formatting
    except (ValueError, TypeError):
        formatted = ""
    return formatted if isinstance(value, SafeData) else html_escape(formatted)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


# Each drawer returns what its template file renders, the file's closing newline included (an
# `{% include %}` keeps it; only the renderer's top level strips), so nested options come out alike.


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>\n'


def _input_option(widget: dict) -> str:
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    widget_id = widget["attrs"].get("id")
    label_for = f' for="{_text(widget_id)}"' if widget_id else ""
    return f"<label{label_for}>{_input(widget)} {_text(widget['label'])}</label>\n"


def _select_option(widget: dict) -> str:
    return f'<option value="{_formatted(widget["value"])}"{_attrs(widget["attrs"])}>{_text(widget["label"])}</option>\n'


def _select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(f"\n  {_option(option)}" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _multiple_input(widget: dict) -> str:
    widget_id, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    shown_id = f' id="{_text(widget_id)}"' if widget_id else ""
    shown_class = f' class="{_text(css)}"' if css else ""
    parts = [f"<div{shown_id}{shown_class}>"]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        parts.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = widget["value"]
    shown = _text(value) if value else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{shown}</textarea>\n'


def _included(draw: Callable[[dict], str]) -> Callable[[dict], str]:
    """A template that only includes another (text.html: `{% include "…/input.html" %}` and its newline)."""
    return lambda widget: draw(widget) + "\n"


_DRAWERS: dict[str, Callable[[dict], str]] = {
    f"{WIDGETS}input.html": _input,
    **{
        f"{WIDGETS}{name}.html": _included(_input)
        for name in (
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "tel",
            "search",
            "color",
            "checkbox",
            "file",
        )
    },  # fmt: skip
    f"{WIDGETS}input_option.html": _input_option,
    f"{WIDGETS}radio_option.html": _included(_input_option),
    f"{WIDGETS}checkbox_option.html": _included(_input_option),
    f"{WIDGETS}select_option.html": _select_option,
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}multiple_input.html": _multiple_input,
    f"{WIDGETS}radio.html": _included(_multiple_input),
    f"{WIDGETS}checkbox_select.html": _included(_multiple_input),
    f"{WIDGETS}textarea.html": _textarea,
}

_fallback = DjangoTemplates()


def _option(option: dict) -> str:
    draw = _DRAWERS.get(option["template_name"])
    if draw:
        return draw(option)
    # Not stripped, as an {% include %} of it would not be.
    return _fallback.get_template(option["template_name"]).render({"widget": option})


class ClinicFormRenderer(DjangoTemplates):
    """Django's default renderer, with its plain widget templates drawn in Python (see the module)."""

    def render(self, template_name: str, context: dict, request=None) -> SafeString:
        draw = _DRAWERS.get(template_name)
        if draw is None or "widget" not in context:
            return super().render(template_name, context, request=request)
        return mark_safe(draw(context["widget"]).strip())  # noqa: S308 - every value is escaped above, as the template does  # nosec B308 B703
