"""`{% point_row f details removable %}`: one row of the acupoint table (the session and prescription
forms), drawn in Python.

Why not a template: the session form shows twelve or more rows and their `<template>` copy, and the
row template (four labelled fields, their errors, the Remove tick) was the form's largest part
after crispy's fields (docs/performance.md, round 3). tests/sessions_app/test_point_rows.py checks
the row a user and a screen reader rely on: each field with its label, errors tied to the field,
the Remove tick on saved rows only, hostile input escaped.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _cell(field, label: str, css: str = "") -> SafeString:
    errors = format_html_join(
        "", '<div class="invalid-feedback d-block" id="{}_error">{}</div>', ((field.auto_id, e) for e in field.errors)
    )
    return format_html(
        '\n  <td{}>\n    <label class="visually-hidden" for="{}">{}</label>\n    {}\n    {}\n  </td>',
        format_html(' class="{}"', css) if css else "", field.auto_id, label, field, errors,
    )  # fmt: skip


@register.simple_tag
def point_row(f, details=False, removable=None) -> SafeString:
    entry = getattr(f, "entry", None)
    name = entry.acupoint.pinyin if entry else ""
    code = format_html(
        '\n  <td>\n    <label class="visually-hidden" for="{}">{}</label>\n    {}\n'
        '    <span class="point-name small text-body-secondary" aria-live="polite">{}</span>\n    {}\n  </td>',
        f["code"].auto_id, _("Point"), f["code"], name,
        format_html_join(
            "", '<div class="invalid-feedback d-block" id="{}_error">{}</div>',
            ((f["code"].auto_id, e) for e in f["code"].errors),
        ),
    )  # fmt: skip
    cells = [code, _cell(f["side"], _("Side"))]
    if details:
        cells += [
            _cell(f["depth_mm"], _("Depth (mm)"), "point-detail"),
            _cell(f["level"], _("Vertebral level (Jiaji)"), "point-detail"),
        ]
    if removable:
        remove = ""
        if f.initial.get("code"):
            box = f["remove"]
            remove = format_html(
                '\n    <div class="form-check m-0"><input type="checkbox" class="form-check-input" name="{}" id="{}"{}>'
                '\n    <label class="form-check-label" for="{}">{}<span class="visually-hidden"> {}</span></label>'
                "</div>\n  ",
                box.html_name, box.auto_id, mark_safe(" checked") if box.value() else "", box.auto_id, _("Remove"),  # nosec B308 B703
                f.initial["code"],
            )  # fmt: skip
        cells.append(format_html('\n  <td class="point-remove">{}</td>', remove))
    return format_html('<tr class="point-row">{}\n</tr>\n', mark_safe("".join(cells)))  # noqa: S308 - format_html's parts  # nosec B308 B703
