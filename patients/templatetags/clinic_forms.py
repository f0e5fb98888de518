"""Form presentation tags for the clinic's templates."""

from django import forms, template

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
