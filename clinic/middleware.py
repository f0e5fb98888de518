"""Session limits the server enforces itself, and no caching of signed-in pages.

The idle limit is SESSION_COOKIE_AGE (DJANGO_SESSION_IDLE_SECONDS). Django renews a session on
every request (SESSION_SAVE_EVERY_REQUEST), a JSON poll or a download included, so a forgotten tab
of progress.json would keep a session alive while the screen of another tab says "signed out".
Here only a person's activity renews it: a page (an HTML response) or a form post (the idle
warning's "Stay signed in" and typing on a page post to the keep-alive). JSON, FHIR, CSV and other
downloads never move the stamp, so the session ends SESSION_COOKIE_AGE after the last page or post,
whatever was fetched since. Independently, a session ends SESSION_ABSOLUTE_SECONDS after sign-in
(DJANGO_SESSION_MAX_SECONDS, 12 hours by default), however active.
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
            elif is_activity(request, response):
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
