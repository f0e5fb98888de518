"""Every view answers only the methods it serves: a write view refuses GET, and no view takes PUT or DELETE.

Walks the route x persona table of tests/test_permissions.py (which itself fails on a route missing
from it), as a persona the route admits, so the 405 is the view's method guard and not a sign-in or
role refusal answering first. A write (the table's method="post" rows) sent as GET must write
nothing and answer 405, never show a page or run the write.
"""

import pytest

from tests.test_permissions import LOGIN, ROUTES, Redirect, Route

REFUSALS = {LOGIN, 403, 404}
# Django's own auth form views (the sign-in page is a subclass): Django's ProcessFormView answers PUT as
# it answers POST (CSRF-checked like any write), and the reset link's view shows its "invalid link"
# page to any method. Their PUT and DELETE are Django's design, not ours to change.
DJANGO_FORM_VIEWS = {
    "/accounts/login/",
    "/accounts/password_change/",
    "/accounts/password_reset/",
    "/accounts/reset/<uidb64>/<token>/",
}


def admitted_persona(route: Route) -> str | None:
    """A persona the table says gets a page or a redirect from this route (not sign-in, 403 or 404)."""
    for persona in ("practitioner", "admin", "patient_a", "anonymous"):
        expected = route.expected(persona)
        if isinstance(expected, Redirect) or expected not in REFUSALS:
            return persona
    return None


def route_rows() -> list[tuple[str, Route]]:
    rows = []
    for name, entry in sorted(ROUTES.items()):
        route = entry[0] if isinstance(entry, tuple) else entry
        if admitted_persona(route) is not None:
            rows.append((f"/{name}", route))
    return rows


ROWS = [(name, route) for name, route in route_rows() if name not in DJANGO_FORM_VIEWS]


def test_the_walk_covers_every_write_route():
    writes = {
        name for name, entry in ROUTES.items() if (entry[0] if isinstance(entry, tuple) else entry).method == "post"
    }
    assert writes and writes <= {name.lstrip("/") for name, _route in ROWS}


@pytest.mark.django_db
@pytest.mark.parametrize("route", [route for _, route in ROWS], ids=[name for name, _ in ROWS])
def test_a_view_refuses_the_methods_it_does_not_serve(client_for, records, route):
    client = client_for(admitted_persona(route))
    url = route.url.format(**records)
    refused = {"put": client.put(url).status_code, "delete": client.delete(url).status_code}
    if route.method == "post":
        refused["get"] = client.get(url).status_code
    assert refused == dict.fromkeys(refused, 405)
