"""Site-wide views that belong to no app: sign-in, the language menu, the keep-alive and error pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import i18n
from django.views.decorators.http import require_POST

from clinic.forms import SignInForm
from patients.models import Language, UserPreference
from patients.services import preference_set_language


class SignInView(auth_views.LoginView):
    """Django's sign-in, opening in the language the user saved: it becomes the language cookie."""

    authentication_form = SignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        saved = UserPreference.objects.filter(user=form.get_user()).values_list("language", flat=True).first()
        if saved:
            set_language_cookie(response, saved)
        return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie and the redirect), and for a signed-in user the saved choice."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in Language.values:
        preference_set_language(user=request.user, language=language)
    return response


@require_POST
@login_required
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """The idle warning's "Stay signed in": a post moves the session's last-seen stamp (clinic.middleware)."""
    return HttpResponse(status=204)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a clear page, and 413 when the body was too large (Django raises a 400 for it)."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", {"max_body_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}, status=413)
    too_many = isinstance(exception, TooManyFieldsSent | TooManyFilesSent)
    return render(request, "400.html", {"too_many_fields": too_many}, status=400)
