"""Optimistic concurrency: two people editing the same record never silently overwrite each other.

Every edit form carries the record's `version` as it was when the form was opened. Saving first
bumps the version in the database only if it is still the one the editor saw; if someone else
saved in between, nothing is written and `StaleEdit` tells what the other person changed.

Archived records are read-only (`patients.archive`): an archived patient or session, and every
record that belongs to one, is refused with `RecordArchived`. The one edit allowed on an archived
record is restoring it (saving only `archived_at`, set back to None).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from patients.archive import RecordArchived, WritableRecordAdminForm, archived_parent, is_archived_record

STALE_MESSAGE = _(
    "Someone else saved this record while you were editing it. Nothing of yours was saved: "
    "review their changes below, then apply yours again."
)
STALE_CHANGE = _("%(field)s: now “%(theirs)s” (yours: “%(yours)s”)")
CONFLICT_MESSAGE = _(
    "Someone else saved a conflicting record at the same moment. Nothing of yours was saved: please try again."
)
EMPTY = "—"


class StaleEdit(Exception):
    def __init__(self, current: models.Model, changes: dict[str, tuple[object, object]]):
        self.current = current
        self.changes = changes  # field verbose name -> (their saved value, your value)
        super().__init__("The record was changed by someone else.")


# The former name of the one archived-record error, kept for code written against it.
ArchivedRecord = RecordArchived


def _display(value: object) -> str:
    return EMPTY if value is None or value == "" else str(value)


def stale_messages(stale: StaleEdit) -> list[str]:
    """The refusal, then one line per field the other person changed."""
    lines = [str(STALE_MESSAGE)]
    for label, (theirs, yours) in stale.changes.items():
        lines.append(str(STALE_CHANGE % {"field": label, "theirs": _display(theirs), "yours": _display(yours)}))
    return lines


class VersionedFormMixin(forms.Form):
    """Adds the hidden `version` field; the view hands `cleaned_data["version"]` to the service.

    On `StaleEdit` the view re-renders the form with the editor's values, what the other person
    changed, and the hidden version now the stored one, so saving again applies the editor's values
    on purpose. A record's edit page (patient, session, plan) does it with
    `patients.formtools.rebind_on_current` (the form rebound on the saved record) and shows
    `formtools.stale_rows` as a table; a form bound to no instance (an appointment's reschedule and
    cancel forms) calls `form.refuse_stale(exc)`, which lists the changes as form errors.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.fields["version"].initial = instance.version
        elif instance is not None and not instance.pk:
            self.fields["version"].required = False

    def refuse_stale(self, stale: StaleEdit) -> None:
        for line in stale_messages(stale):
            self.add_error(None, line)
        data = self.data.copy()
        data[self.add_prefix("version")] = str(stale.current.version)
        self.data = data


def _is_restore(instance: models.Model, fields: list[str]) -> bool:
    return set(fields) <= {"archived_at"} and getattr(instance, "archived_at", "missing") is None


def _seen_version(model: type[models.Model], pk: object, version: int) -> models.Model | None:
    """The record as the editor saw it, from its change history (None when there is no history)."""
    history = getattr(model, "history", None)
    if history is None:
        return None
    record = history.filter(**{model._meta.pk.attname: pk, "version": version}).order_by("-history_date").first()
    return record.instance if record is not None else None


def _shown(field: models.Field, instance: models.Model) -> object:
    """A value as people read it: a choice's label, a related record's name."""
    value = field.value_from_object(instance)
    if value is None:
        return None
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.many_to_one:
        return getattr(instance, field.name)
    return value


def _changes(current: models.Model, mine: models.Model, fields: list[str], seen: models.Model | None) -> dict:
    """Fields the other person changed that differ from yours: {verbose name: (theirs, yours)}.

    Without the version the editor saw (no history), every field that differs is listed.
    """
    changed = {}
    for name in fields:
        field = current._meta.get_field(name)
        theirs, yours = field.value_from_object(current), field.value_from_object(mine)
        if theirs == yours or (seen is not None and field.value_from_object(seen) == theirs):
            continue
        changed[str(field.verbose_name)] = (_shown(field, current), _shown(field, mine))
    return changed


@transaction.atomic
def save_versioned(instance: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Save `instance` (already validated) if its stored version is still `expected_version`.

    Raises `RecordArchived` when the stored record is archived (unless this is a restore) and
    `StaleEdit` when someone else saved it since `expected_version`; nothing is written then.
    """
    model = type(instance)
    manager = model._default_manager
    stored = manager.get(pk=instance.pk)
    if archived_parent(stored) or (is_archived_record(stored) and not _is_restore(instance, fields)):
        raise RecordArchived(stored)
    if not bump_version(instance, expected_version=expected_version):
        current = manager.get(pk=instance.pk)
        seen = _seen_version(model, instance.pk, expected_version)
        raise StaleEdit(current, _changes(current, instance, fields, seen))
    save_checked(instance, validated=True)


def bump_version(instance: models.Model, *, expected_version: int | None = None) -> bool:
    """The one way a record's version moves on: +1 in the database, so two writers never reach the
    same number, and the new number set on `instance` for its save. With `expected_version`, only
    from that version (the stale-edit check: False, and nothing written, when someone saved since).
    Every write that changes a versioned record goes through it: `save_versioned`, archive and
    restore, the invitation's link, the admin's change form."""
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if expected_version is not None:
        if not rows.filter(version=expected_version).update(version=models.F("version") + 1):
            return False
        instance.version = expected_version + 1
        return True
    rows.update(version=models.F("version") + 1)
    instance.version = rows.values_list("version", flat=True).get()
    return True


def save_checked(instance: models.Model, *, validated: bool = False) -> None:
    """`full_clean()` then save; a parallel write that got in between answers like `full_clean()`.

    A unique or check constraint that another transaction hit first (two same-day self-reports, a
    second active plan, a duplicate prescription name) makes the insert fail with IntegrityError;
    by then the winner is committed, so validating again raises the very message the form gives
    for that rule, as a ValidationError the view shows next to the form: never a server error.
    """
    if not validated:
        instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        instance.full_clean()
        raise ValidationError(CONFLICT_MESSAGE) from None


class VersionedAdminForm(WritableRecordAdminForm):
    """The admin's change form for a versioned record: refused when someone saved since it was opened.

    `clean()` locks the stored row (until the admin's transaction ends) and compares versions; the
    ModelAdmin then saves through `bump_version`, so the admin's edits also advance the version
    that practitioners' open forms check against.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_version = None
        if self.instance.pk:
            self.fields["seen_version"].required = True
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or cleaned.get("seen_version") is None:
            return cleaned
        model = type(self.instance)
        with transaction.atomic():
            current = model._default_manager.select_for_update().get(pk=self.instance.pk)
        self.stored_version = current.version
        if current.version != cleaned["seen_version"]:
            names = [name for name in self.changed_data if name in {f.name for f in model._meta.concrete_fields}]
            mine = construct_instance(self, model._default_manager.get(pk=current.pk), fields=names)
            seen = _seen_version(model, current.pk, cleaned["seen_version"])
            stale = StaleEdit(current, _changes(current, mine, names, seen))
            data = self.data.copy()
            data[self.add_prefix("seen_version")] = str(current.version)
            self.data = data
            raise forms.ValidationError(stale_messages(stale))
        return cleaned
