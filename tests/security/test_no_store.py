"""Nothing shown to a signed-in user is stored by a browser or proxy: every page and export says no-store.

The admin's pages already do (Django's admin_view wraps each in never_cache)."""

import pytest

from tests.conftest import PERSONAS
from tests.test_permissions import expected_for, fetch, table_rows

SIGNED_IN = [persona for persona in PERSONAS if persona != "anonymous"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_page_and_export_a_signed_in_user_opens_says_no_store(client_for, records, persona):
    client, missing = client_for(persona), []
    for name, route in table_rows():
        if route.method != "get" or expected_for(route, persona, records) != 200:
            continue
        response = fetch(client, route, route.url.format(**records), records)
        if "no-store" not in response.get("Cache-Control", ""):
            missing.append(name)
    assert not missing, f"without Cache-Control: no-store as {persona}: {missing}"
