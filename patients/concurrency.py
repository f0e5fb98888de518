"""Optimistic concurrency: two people editing the same record never silently overwrite each other.

Every edit form carries the record's `version` as it was when the form was opened. Saving first
bumps the version in the database only if it is still the one the editor saw; if someone else
saved in between, nothing is written and `StaleEdit` tells what the other person changed.
"""

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    def __init__(self, current: models.Model, changes: dict[str, tuple[object, object]]):
        self.current = current
        self.changes = changes  # field verbose name -> (their saved value, your value)
        super().__init__("The record was changed by someone else.")


class VersionedFormMixin(forms.Form):
    """Adds the hidden `version` field; the view hands `cleaned_data["version"]` to the service."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.fields["version"].initial = instance.version
        elif instance is not None and not instance.pk:
            self.fields["version"].required = False


def _changes(current: models.Model, mine: models.Model, fields: list[str]) -> dict:
    changed = {}
    for name in fields:
        field = current._meta.get_field(name)
        theirs, yours = field.value_from_object(current), field.value_from_object(mine)
        if theirs != yours:
            changed[str(field.verbose_name)] = (theirs, yours)
    return changed


@transaction.atomic
def save_versioned(instance: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Save `instance` (already validated) if its stored version is still `expected_version`."""
    model = type(instance)
    claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(version=models.F("version") + 1)
    if not claimed:
        current = model.objects.get(pk=instance.pk)
        raise StaleEdit(current, _changes(current, instance, fields))
    instance.version = expected_version + 1
    instance.save()


STALE_MESSAGE = _(
    "Someone else saved this record while you were editing it. Nothing of yours was saved: "
    "review their changes below, then apply yours again."
)
