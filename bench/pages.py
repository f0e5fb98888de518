"""The pages the benchmark measures, the persona that opens each, and the targets they must meet.

Paths use `{pk}` (a typical demo patient: DEMO000001, linked to the `patient` sign-in),
`{long_pk}` (the patient with years of weekly sessions) and `{last_page}` (the patient list's last
full page). A page whose URL does not resolve in this checkout is reported as missing, not measured.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from bench.urls import BASELINE_PATH, EMPTY_PAGE_PATH
from patients import views

MAX_QUERIES = 15
# Median within this many times the baseline's median (issue 16, "Targets").
LIST_MULTIPLE = 4.0  # patient list, any page; search
RECORD_MULTIPLE = 5.0  # patient record; /me/; the calendar's day and week
LONG_RECORD_MULTIPLE = 8.0  # the record of the 1,000-score patient
SESSION_FORM_MULTIPLE = 6.0
EXPORT_MULTIPLE = 4.0  # FHIR export
JSON_MULTIPLE = 3.0  # progress.json
LONG_JSON_MULTIPLE = 5.0  # progress.json of the 1,000-score patient
LONG_FHIR_SECONDS = 0.5  # FHIR export of that patient: 95th percentile under half a second
LONG_REPORT_SECONDS = 2.0  # PDF progress report of that patient (issue 15): under two seconds


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    persona: str  # a demo sign-in: practitioner, patient or admin
    path: str = ""  # empty: found by URL name (SESSION_FORM_NAMES)
    max_multiple: float | None = RECORD_MULTIPLE
    max_seconds: float | None = None


BASELINE = Page("baseline", "Baseline (1 query, 1-line template)", "practitioner", BASELINE_PATH, None)

PAGES = [
    # For reading the table: what any staff page costs before its own content (no target).
    Page("empty_page", "Empty staff page (base.html)", "practitioner", EMPTY_PAGE_PATH, None),
    Page("patient_list", "Patient list, page 1", "practitioner", "/patients/", LIST_MULTIPLE),
    Page("patient_list_late", "Patient list, late page", "practitioner", "/patients/?page={last_page}", LIST_MULTIPLE),
    Page("patient_search", "Patient list, search", "practitioner", "/patients/?q=Chen", LIST_MULTIPLE),
    Page("patient_detail", "Patient detail", "practitioner", "/patients/{pk}/", RECORD_MULTIPLE),
    Page("progress_json", "progress.json", "practitioner", "/patients/{pk}/progress.json", JSON_MULTIPLE),
    Page("fhir", "FHIR export", "practitioner", "/patients/{pk}/fhir/", EXPORT_MULTIPLE),
    Page("session_form", "Session form", "practitioner", "", SESSION_FORM_MULTIPLE),
    # A weekday (today, or the next one): a working day of the busy practitioner, not an empty weekend.
    Page("calendar_day", "Calendar, a working day", "practitioner", "/calendar/?date={weekday}", RECORD_MULTIPLE),
    Page("calendar_week", "Calendar, a week", "practitioner", "/calendar/?view=week&date={weekday}", RECORD_MULTIPLE),
    Page("me", "Patient portal /me/", "patient", "/me/", RECORD_MULTIPLE),
    Page("me_progress_json", "/me/progress.json", "patient", "/me/progress.json", JSON_MULTIPLE),
    Page("me_fhir", "/me/fhir/", "patient", "/me/fhir/", EXPORT_MULTIPLE),
    Page("long_detail", "Detail, 1,000 scores", "practitioner", "/patients/{long_pk}/", LONG_RECORD_MULTIPLE),
    Page(
        "long_progress_json",
        "progress.json, 1,000 scores",
        "practitioner",
        "/patients/{long_pk}/progress.json",
        LONG_JSON_MULTIPLE,
    ),
    Page(
        "long_fhir",
        "FHIR export, 1,000 scores",
        "practitioner",
        "/patients/{long_pk}/fhir/",
        None,
        LONG_FHIR_SECONDS,
    ),
    Page(
        "long_report_pdf",
        "PDF report, 1,000 scores",
        "practitioner",
        "/patients/{long_pk}/report.pdf",
        None,
        LONG_REPORT_SECONDS,
    ),
    Page("admin_patients", "Admin: patients changelist", "admin", "/admin/patients/patient/", None),
]


# The session form's URL is not in the public contract: the first of these names that reverses wins,
# then any URL name that looks like "create/new/log/add a session".
SESSION_FORM_NAMES = [
    "sessions_app:session_create",
    "sessions_app:session_log",
    "sessions_app:session_new",
    "sessions_app:session_add",
    "patients:session_create",
    "patients:session_log",
]
SESSION_FORM_NAME_RE = re.compile(r"(session.*(create|new|log|add))|((create|new|log|add).*session)")


def page_size() -> int:
    return getattr(views, "PAGE_SIZE", 25)


def fill(path: str, *, pk: int | None, long_pk: int | None, patients: int) -> str | None:
    """The concrete path, or None when it needs a patient the database does not have."""
    if ("{pk}" in path and pk is None) or ("{long_pk}" in path and long_pk is None):
        return None
    last_page = max(1, patients // page_size())  # the last full page: a late page with a page's rows
    return path.format(pk=pk, long_pk=long_pk, last_page=last_page, weekday=working_day().isoformat())


def working_day(today: date | None = None) -> date:
    """Today if it is a weekday, else the next Monday (the demo appointments are on weekdays)."""
    day = today or timezone.localdate()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def resolves(path: str) -> bool:
    try:
        resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    return True


def session_form_path(pk: int | None) -> str | None:
    candidates = SESSION_FORM_NAMES + [name for name in _url_names() if SESSION_FORM_NAME_RE.search(name)]
    for name in candidates:
        for kwargs in ({"patient_pk": pk}, {"pk": pk}, {"patient_id": pk}, {}):
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return None


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                names += _url_names(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(prefix + entry.name)
    return names
