"""Named form controls in the Django admin (WCAG 1.3.1, 4.1.2; axe-core's `label`/`select-name`).

The admin leaves two kinds of controls without a name: the date and time boxes of a date-time field
(its "Date:"/"Time:" words are plain text, and the field's label points at neither box), and every
control of a tabular inline (the column header is not a label). The names reuse the admin's own
labels, so they are translated wherever the admin is.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date-time widget with "Date:" and "Time:" as the labels of their boxes."""

    template_name = "patients/widgets/split_datetime.html"


LABELLED_WIDGETS = {models.DateTimeField: {"widget": LabelledSplitDateTime}}


class AccessibleTabularInline(admin.TabularInline):
    """A tabular inline whose every control is named after its column (the field's label)."""

    formfield_overrides = LABELLED_WIDGETS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.label:
            widget = getattr(formfield.widget, "widget", formfield.widget)  # inside RelatedFieldWidgetWrapper
            if not isinstance(widget, AdminSplitDateTime):  # its two boxes carry their own labels
                widget.attrs.setdefault("aria-label", formfield.label)
        return formfield
