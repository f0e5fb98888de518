"""Site-wide views that belong to no app: the session keep-alive and the error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST


@require_POST
@login_required
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """The idle warning's "Stay signed in": any request renews the session (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse(status=204)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a clear page, and 413 when the body was too large (Django raises a 400 for it)."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", {"max_body_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}, status=413)
    too_many = isinstance(exception, TooManyFieldsSent | TooManyFilesSent)
    return render(request, "400.html", {"too_many_fields": too_many}, status=400)
