from django.conf import settings


def session_timeout(request) -> dict:
    """What the idle warning (clinic/idle.js) needs: the idle limit and how early to warn."""
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warn_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }
