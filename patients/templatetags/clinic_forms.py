"""Form presentation tags for the clinic's templates."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def autofocus(form: forms.BaseForm, name: str = "") -> str:
    """Give one field of `form` the `autofocus` attribute: the keyboard starts where the work does.

    The first field with an error when the form comes back with errors (so the correction starts
    there), else the field named (the form's primary field), else the first visible one. Writes
    nothing: put it before the form is drawn (`{% autofocus form "pre_nrs" %}`).
    """
    fields = [field for field in form.visible_fields() if not field.field.disabled]
    chosen = next((field for field in fields if field.errors), None)
    chosen = chosen or next((field for field in fields if field.name == name), None)
    chosen = chosen or next(iter(fields), None)
    if chosen is not None:
        chosen.field.widget.attrs["autofocus"] = True
    return ""


# The field shapes `bootstrap_field` draws itself; any other goes to crispy-forms.
_OWN_WIDGETS = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.DateInput, forms.DateTimeInput,
                forms.TimeInput, forms.Textarea, forms.Select)  # fmt: skip
_CRISPY_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput,
                   forms.MultiWidget, forms.SelectMultiple, forms.PasswordInput, forms.HiddenInput)  # fmt: skip


@register.filter
def bootstrap_field(field: forms.BoundField) -> str:
    """`{{ form.field|bootstrap_field }}`: crispy-forms' Bootstrap 5 field (`|as_crispy_field`) for a
    text, number, date, select or textarea field, drawn in Python.

    Why a rewrite: crispy's field template (a few dozen conditions and four includes a field) was
    about a quarter of the session form's time, the form practitioners fill at every visit
    (docs/performance.md, round 3). The markup is crispy's, element for element and attribute for
    attribute (tests/test_bootstrap_field.py compares the two for every field of the session form,
    blank and with errors); only the whitespace between tags differs. Any other field (a checkbox, a
    radio list, a file, a form with a crispy helper) is crispy's own.
    """
    widget = field.field.widget
    if (
        not isinstance(widget, _OWN_WIDGETS)
        or isinstance(widget, _CRISPY_WIDGETS)
        or field.is_hidden
        or field.use_fieldset
        or getattr(field.form, "helper", None) is not None
    ):
        return as_crispy_field(field)
    _add_classes(widget, "form-select" if isinstance(widget, forms.Select) else "form-control", field.errors)
    required = field.field.required
    auto_id = field.auto_id
    parts = [format_html('<div id="div_{}" class="mb-3{}">', auto_id, f" {field.css_classes()}".rstrip())]
    if field.label:
        label_for = format_html(' for="{}"', field.id_for_label) if field.id_for_label else ""
        parts.append(
            format_html(
                '<label{} class="form-label{}">{}{}</label>',
                label_for,
                " requiredField" if required else "",
                field.label,
                mark_safe('<span class="asteriskField">*</span>') if required else "",  # nosec B308 B703
            )
        )
    parts.append(str(field))
    if field.errors:
        errors = format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((number, auto_id, error) for number, error in enumerate(field.errors, start=1)),
        )
        parts.append(format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.errors.field_id, errors))
    if field.help_text:
        help_id = format_html(' id="{}_helptext"', auto_id) if auto_id else ""
        parts.append(format_html('<div{} class="form-text">{}</div>', help_id, mark_safe(field.help_text)))  # noqa: S308 - crispy shows help text |safe  # nosec B308 B703
    parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is format_html's or the widget's  # nosec B308 B703


def _add_classes(widget: forms.Widget, base: str, errors) -> None:
    """What crispy's `{% crispy_field %}` does to the widget: its class name, then Bootstrap's."""
    class_name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    css = (css if class_name in css else f"{css} {class_name}") if css else class_name
    for name in (base, "is-invalid") if errors else (base,):
        if name not in css.split():
            css += f" {name}"
    widget.attrs["class"] = css
