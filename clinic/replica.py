"""Read-only reports from a PostgreSQL streaming replica, when the clinic has one (docs/deploy/).

With DATABASE_REPLICA_URL set, settings add a `replica` database alias and this router. Only the
reads of the views named in REPLICA_READ_VIEWS (the outcomes report: aggregates over every
patient, the heaviest read-only page) go to it; everything else, and every write (the access
log's row included), goes to `default`. The session and the signed-in user are read before the
view, from `default`, so replication lag can never sign anyone out; the role check inside the view
reads the replica (a role withdrawn a second ago may still open the report for that second). A
replica lags by at most a few seconds: a report may miss the last session logged a moment ago,
never a record a clinician is editing, because no form page reads from it.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
REPLICA_READ_VIEWS = frozenset({"outcomes"})  # URL names whose reads may come from the replica

_reading_reports: ContextVar[bool] = ContextVar("clinic_reading_reports", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Reads go to the replica only inside a report view, and only when a replica is configured."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reading_reports.get() and replica_configured():
            return REPLICA
        return None  # Django's default: `default`

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        return True  # the replica is a copy of `default`: objects from either relate

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return db != REPLICA  # a replica follows its primary's schema; never migrated itself


class ReplicaReadsMiddleware:
    """Marks the reads of a report view (GET or HEAD of a REPLICA_READ_VIEWS name) for the router."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_clinic_replica_token", None)
            if token is not None:
                _reading_reports.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        match = request.resolver_match
        if request.method in ("GET", "HEAD") and match is not None and match.url_name in REPLICA_READ_VIEWS:
            request._clinic_replica_token = _reading_reports.set(True)


def reads_reports() -> bool:
    """Whether this request's reads may use the replica (for tests and the bench)."""
    return _reading_reports.get()
