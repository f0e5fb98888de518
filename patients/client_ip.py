"""The client's address, for the sign-in lockout (django-axes) and the access log.

Behind a reverse proxy every request comes from the proxy, so the lockout would lock a username
for everyone and the access log would record the proxy. DJANGO_TRUSTED_PROXY_COUNT says how many
proxies of our own stand in front of the app, DJANGO_TRUSTED_PROXIES which addresses they connect
from. Walking X-Forwarded-For from the right, each entry is believed only when the hop that added
it is one of those proxies: a client that reaches the app directly, bypassing the proxy, cannot
choose its address with the header (and so escape the lockout or forge the access log), and
entries further left are the client's to forge.
"""

from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.http import HttpRequest


def is_trusted_proxy(address: str | None) -> bool:
    try:
        connected = ip_address(address or "")
    except ValueError:
        return False
    return any(connected in ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    address = request.META.get("REMOTE_ADDR") or None
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for _ in range(settings.TRUSTED_PROXY_COUNT):
        if not forwarded or not is_trusted_proxy(address):
            break
        address = forwarded.pop()
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address
