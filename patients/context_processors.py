from django.conf import settings

from patients.permissions import role_of


def role(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "role": role_of(user) if user is not None else "none",
        "clinic_name": settings.CLINIC_NAME,
    }
