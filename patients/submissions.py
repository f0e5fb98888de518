"""One form, one record: every create form records once, however often it is posted.

Each rendering of a create form carries a new one-time `submission_token` (a hidden UUID). The
write claims the token inside its own transaction (`submit_once`): the unique token makes a second
post of the same form (a double click, a resent tab, parallel posts) find the first one's record
instead of writing another. Parallel posts are serialised by the token's unique index: the loser's
insert waits for the winner's commit, fails, and nothing of the loser is written.

`@once_per_form(...)` on a create view answers such a repeat by going to the record the first post
created, with "Already saved". It checks before the view runs and, when the view re-renders the
form (a post that lost the race sees the winner's record as a conflict), once more afterwards.

A post without a token (a tab opened before this release, an integration posting the fields) is
still accepted and records as before: the token protects the forms the app renders, and refusing
tokenless posts would lose the data typed into every tab open during an upgrade.
"""

import functools
import uuid
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from patients.models import FormSubmission

HIDDEN_FIELD = "submission_token"
ALREADY_SAVED = _("This form was already saved: it was recorded once, and here is the result.")


class AlreadySubmitted(Exception):
    def __init__(self, submission: FormSubmission):
        self.submission = submission
        super().__init__("This form was already submitted.")


class SubmitOnceMixin(forms.Form):
    """Adds the hidden one-time token: a new UUID at each rendering, the posted one when bound."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def full_clean(self) -> None:
        """The token is not a field of the record: `cleaned_data` keeps only the record's fields
        (views hand it to services as is), the token goes to `self.token`."""
        super().full_clean()
        self.token = self.cleaned_data.pop(HIDDEN_FIELD, None) if hasattr(self, "cleaned_data") else None


def posted_token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(HIDDEN_FIELD, ""))
    except ValueError:
        return None


def earlier_submission(token: uuid.UUID | None, user) -> FormSubmission | None:
    """The committed submission of this token by this user (another user's token is not theirs)."""
    if token is None:
        return None
    return FormSubmission.objects.filter(token=token, user=user).select_related("content_type").first()


@transaction.atomic
def submit_once(*, token: uuid.UUID | None, by, write: Callable[..., models.Model], **kwargs) -> models.Model:
    """Run `write(**kwargs)` once per token, in one transaction with the token's claim.

    Raises `AlreadySubmitted` (and writes nothing) when the token was used already, also when a
    parallel post claimed it first; without a token it simply writes.
    """
    if token is None:
        return write(**kwargs)
    try:
        with transaction.atomic():
            claim = FormSubmission.objects.create(token=token, user=by)
    except IntegrityError:
        raise AlreadySubmitted(FormSubmission.objects.get(token=token)) from None
    created = write(**kwargs)
    claim.content_type = ContentType.objects.get_for_model(created)
    claim.object_id = created.pk
    claim.save(update_fields=["content_type", "object_id"])
    return created


def once_per_form(to: Callable[[HttpRequest, models.Model | None], HttpResponse], message=ALREADY_SAVED):
    """View decorator: a repeated post of one rendered form goes to what the first post created.

    `to(request, created)` is the page to show (created is None when the record no longer exists,
    e.g. a deleted prescription template); `message` says it was already saved.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            token = posted_token(request)
            if done := _already_saved(request, token, to, message):
                return done
            try:
                response = view(request, *args, **kwargs)
            except AlreadySubmitted:
                response = None
            if response is None or response.status_code == 200:
                response = _already_saved(request, token, to, message) or response
            # None: the token is another user's; nothing was written.
            return response or render(request, "400.html", status=400)

        return wrapped

    return decorator


def _already_saved(request: HttpRequest, token, to, message) -> HttpResponse | None:
    submission = earlier_submission(token, request.user)
    if submission is None:
        return None
    messages.info(request, message)
    return to(request, submission.created)


def back_to(viewname: str, *key: str) -> Callable[[HttpRequest, models.Model | None], HttpResponse]:
    """`to` for `once_per_form`: the page `viewname` of the created record's attributes `key`."""

    def target(request: HttpRequest, created: models.Model | None) -> HttpResponse:
        if not key:
            return redirect(viewname)
        if created is None:  # clinical records are never deleted; a template may be
            return redirect("home")
        return redirect(viewname, *(getattr(created, name) for name in key))

    return target
