"""Admin list filters typed into a box: a clinic has too many patients and users for a list of links."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class InputFilter(admin.SimpleListFilter):
    template = "admin/input_filter.html"

    def lookups(self, request, model_admin):
        return [("", "")]  # one placeholder: the admin shows a filter only when it has choices

    def choices(self, changelist):
        # The form keeps every other parameter (other filters, search, ordering) as hidden fields.
        kept = [
            (name, value)
            for name, values in changelist.params.items()
            if name != self.parameter_name
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {"selected": self.value() is not None, "kept": kept, "value": self.value() or ""}


class PatientMrnFilter(InputFilter):
    title = _("patient (MRN)")
    parameter_name = "patient_mrn"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        return queryset.filter(patient__mrn__iexact=value) if value else queryset


class UsernameFilter(InputFilter):
    title = _("user (username)")
    parameter_name = "username"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        return queryset.filter(user__username__iexact=value) if value else queryset
