"""Text, number and select widgets written in Python, for the rows of repeated forms.

The one rewrite of Django's rendering kept, because docs/performance.md measures it (item 8,
"Session form"): the point rows are most of the session form, the page practitioners use at every
visit. These widgets write the same HTML as Django's `TextInput`, `NumberInput` and `Select`
templates (`django/forms/widgets/input.html`, `attrs.html`, `select.html`, `select_option.html`),
escaped the same way; `tests/sessions_app/test_row_widgets.py` compares them with Django's own.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class _InputMixin:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
        name = conditional_escape(widget["name"])
        html = f'<input type="{widget["type"]}" name="{name}"{shown}{_attrs(widget["attrs"])}>'
        # Safe: every value is escaped above.
        return mark_safe(html)  # noqa: S308  # nosec B308 B703


class RowTextInput(_InputMixin, forms.TextInput):
    pass


class RowNumberInput(_InputMixin, forms.NumberInput):
    pass


class RowSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{conditional_escape(str(option['label']))}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        # Safe: every value is escaped above.
        return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
