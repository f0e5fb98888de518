"""Undo of a one-click change: the one mechanism behind every "Undo" button.

A one-click change (a follow-up marked completed, missed or cancelled; an appointment marked
arrived, no-show or completed; a session or a patient archived; a prescription retired) takes no
confirmation. Instead its success message carries an Undo button:

    before = undo.snapshot(followup, ["status"])
    services.followup_set_status(...)               # the change, as before
    undo.offer(request, followup, before, _("Follow-up marked as completed."))

`offer` stores an `UndoTicket` (who, which record, the fields' values before the change, the
record's version right after it) and adds the message with the ticket's token in its
`extra_tags`; `templates/includes/messages.html` draws the button: a POST form with CSRF to
`/undo/<token>/`. The undo (`undo_apply`) puts those fields back through `save_versioned`, so it
is refused exactly as a stale edit or a write to an archived record is; both the change and its
undo are rows in the record's history, with who and when (the undo's row says "Undo").

It is refused, writing nothing, when:
- the ticket is someone else's (404: the view looks it up by token and user);
- it was used already: one ticket, one undo, however often it is posted (double click, two tabs);
- the record changed since (its version moved on: someone else acted on it);
- the record, its patient or its session is archived (except the undo of an archive: a restore);
- it is too late: `UNDO_WINDOW` after the change. Ten minutes: long enough to notice a wrong click
  on the page where it was made, short enough that nobody reverses a status that a colleague,
  a reminder or a report may already have relied on. Later, the record is corrected as usual.
"""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.concurrency import save_versioned
from patients.models import UndoTicket

UNDO_WINDOW = timedelta(minutes=10)
TAG_PREFIX = "undo:"
CHANGE_REASON = "Undo"

ALREADY_UNDONE = _("This change was already undone.")
TOO_LATE = _("Too late to undo (more than %(minutes)d minutes ago): correct the record instead.")
UNDONE = _("Undone: the record is back as it was. Both changes are kept in its history.")


class UndoRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def snapshot(record: models.Model, fields: list[str]) -> dict[str, object]:
    """The values of `fields` now, before the change the caller is about to make."""
    return {name: record._meta.get_field(name).value_from_object(record) for name in fields}


def offer(request: HttpRequest, record: models.Model, before: dict[str, object], message) -> UndoTicket:
    """After a one-click change: a ticket to reverse it, and the success message with the button."""
    ticket = UndoTicket.objects.create(
        token=uuid.uuid4(),
        user=request.user,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        before=before,
        version_after=record.version,
    )
    messages.success(request, message, extra_tags=f"{TAG_PREFIX}{ticket.token}")
    return ticket


def token_of(message) -> str | None:
    """The ticket token a message carries, for the template's Undo button (None for other messages)."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith(TAG_PREFIX):
            return tag.removeprefix(TAG_PREFIX)
    return None


@transaction.atomic
def undo_apply(*, ticket: UndoTicket) -> models.Model:
    """Reverse the ticket's change. Raises UndoRefused, StaleEdit or a ValidationError (RecordArchived
    among them, or a rule of the record's own, e.g. an appointment that would now overlap another);
    in every case nothing is written and the ticket stays as it was."""
    now = timezone.now()
    if ticket.undone_at is not None:
        raise UndoRefused(ALREADY_UNDONE)
    if now - ticket.created_at > UNDO_WINDOW:
        raise UndoRefused(TOO_LATE % {"minutes": UNDO_WINDOW.seconds // 60})
    if not UndoTicket.objects.filter(pk=ticket.pk, undone_at__isnull=True).update(undone_at=now):
        raise UndoRefused(ALREADY_UNDONE)  # a parallel post of the same button got there first
    model = ticket.content_type.model_class()
    record = model._default_manager.get(pk=ticket.object_id)
    for name, value in ticket.before.items():
        field = model._meta.get_field(name)
        setattr(record, field.attname, field.to_python(value))
    record._change_reason = CHANGE_REASON
    record.full_clean()
    save_versioned(record, expected_version=ticket.version_after, fields=list(ticket.before))
    return record
