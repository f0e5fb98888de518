"""Session limits the server enforces itself, and no caching of signed-in pages.

The idle limit is SESSION_COOKIE_AGE (DJANGO_SESSION_IDLE_SECONDS). Only a person's activity
renews a session: a page (an HTML response) or a form post (the idle warning's "Stay signed in"
and typing on a page post to the keep-alive). JSON, FHIR, CSV and other downloads never move the
stamp, so a forgotten tab of progress.json cannot keep a session alive while the screen of another
tab says "signed out"; the session ends SESSION_COOKIE_AGE after the last page or post, whatever
was fetched since. Independently, a session ends SESSION_ABSOLUTE_SECONDS after sign-in
(DJANGO_SESSION_MAX_SECONDS, 12 hours by default), however active.

The stamp is a last-seen time written at most once a minute (ACTIVE_STAMP_SECONDS) for page reads
and on every post, and the session (its row and its expiry) is saved only when the stamp or
anything else in it changed, instead of on every request (SESSION_SAVE_EVERY_REQUEST, which cost
an UPDATE on every page: docs/performance.md, round 3). A page read within a minute of the stamp
leaves it, so the idle sign-out can come up to a minute before SESSION_COOKIE_AGE after the very
last page; a post (the idle warning's "Stay signed in") always moves it.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "clinic_signed_in_at"
ACTIVE_AT = "clinic_active_at"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACTIVE_STAMP_SECONDS = 60  # a page read moves the last-seen stamp (and saves the session) at most this often


def session_expired(session, now: float) -> bool:
    active_at, signed_in_at = session.get(ACTIVE_AT), session.get(SIGNED_IN_AT)
    if active_at is not None and now - active_at >= settings.SESSION_COOKIE_AGE:
        return True
    return signed_in_at is not None and now - signed_in_at >= settings.SESSION_ABSOLUTE_SECONDS


def is_activity(request: HttpRequest, response: HttpResponse) -> bool:
    """A person at work: any write, or a page read. Not data fetched by a script or a download."""
    if request.method not in SAFE_METHODS:
        return True
    return response.get("Content-Type", "").startswith("text/html") and not response.has_header("Content-Disposition")


def stamp_is_due(request: HttpRequest, now: float) -> bool:
    """Every write moves the stamp; a page read only once it is a minute old."""
    if request.method not in SAFE_METHODS:
        return True
    return now - request.session.get(ACTIVE_AT, 0) >= ACTIVE_STAMP_SECONDS


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now().timestamp()
        was_signed_in = request.user.is_authenticated
        if was_signed_in and session_expired(request.session, now):
            logout(request)  # the view then sees an anonymous visitor: the sign-in page, never the data
            was_signed_in = False
        response = self.get_response(request)
        if request.user.is_authenticated:
            if not was_signed_in or SIGNED_IN_AT not in request.session:
                request.session[SIGNED_IN_AT] = now
                request.session[ACTIVE_AT] = now
            elif is_activity(request, response) and stamp_is_due(request, now):
                request.session[ACTIVE_AT] = now
        return response


class NoStoreMiddleware:
    """Nothing shown to a signed-in user is kept by the browser or a proxy (the back button after
    signing out, a shared computer): every such response says Cache-Control: no-store."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
