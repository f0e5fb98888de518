"""The client's address, for the sign-in lockout (django-axes) and the access log.

Behind a reverse proxy every request comes from the proxy, so the lockout would lock a username
for everyone and the access log would record the proxy. DJANGO_TRUSTED_PROXY_COUNT says how many
proxies of our own stand in front of the app; the client is the address the outermost of them
saw, read from the right of X-Forwarded-For (entries further left are the client's to forge).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR") or None
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address
