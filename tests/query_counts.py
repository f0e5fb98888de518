"""Count the SQL queries of one request, to prove a page's count does not grow with its rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> int:
    """The page's queries once the session's last-seen stamp is fresh (clinic/middleware.py writes it
    at most once a minute: the first page after signing in saves the session, later ones do not)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)
