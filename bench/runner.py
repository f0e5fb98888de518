"""In-process page benchmark: query counts and server time of each key page against a baseline.

Each page is opened by its persona through Django's test Client (the whole middleware stack,
the view, the template, the database; no network). Per page: warm-up requests, then one request
under CaptureQueriesContext to count queries; then `requests` rounds of timed requests, each
round opening the baseline and every page once.
"""

import gc
import json
import os
import platform
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench import pages as bench_pages
from bench.stats import summarize
from demo import seed as demo
from patients.models import PainAssessment, Patient
from sessions_app.models import AcupunctureSession

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"


def seed(*, patients: int, sessions_per_patient: int, long_history: int) -> dict:
    """Seed the bench database (idempotent: a second run only adds what is missing) and time it."""
    started = time.perf_counter()
    result = demo.seed(patients=patients, sessions_per_patient=sessions_per_patient, long_history=long_history)
    return {
        "patients": patients,
        "sessions_per_patient": sessions_per_patient,
        "long_history": long_history,
        "seconds": round(time.perf_counter() - started, 2),
        "created_patients": result.created_patients,
        "created_sessions": result.sessions,
        "created_assessments": result.assessments,
    }


def run(*, requests: int, warmup: int, overrides: dict[str, str] | None = None) -> dict:
    """Measure the baseline and every page; return the results as a JSON-ready dict.

    The timed requests are interleaved: each round opens the baseline and then every page once, so
    a slow spell on a shared machine lands on all of them alike instead of on whichever page was
    being measured at the time.
    """
    load_before = os.getloadavg()
    with override_settings(ROOT_URLCONF="bench.urls"):
        clients = {}
        typical = Patient.objects.filter(mrn=demo._mrn(1)).values_list("pk", flat=True).first()
        long_pk = Patient.objects.filter(mrn=demo.LONG_HISTORY_MRN).values_list("pk", flat=True).first()
        active = Patient.objects.active().count()
        baseline, get_baseline = _prepare(bench_pages.BASELINE, bench_pages.BASELINE.path, clients, warmup)
        if baseline["status"] != "ok":
            raise RuntimeError(f"The baseline view failed: {baseline['note']}")
        rows, getters = [baseline], [get_baseline]
        for page in bench_pages.PAGES:
            path = (overrides or {}).get(page.key) or _path_for(page, typical, long_pk, active)
            row, get = _prepare(page, path, clients, warmup)
            rows.append(row)
            getters.append(get)
        timed = [(row, get) for row, get in zip(rows, getters, strict=True) if row["status"] == "ok"]
        samples: dict[str, list[float]] = {row["key"]: [] for row, _ in timed}
        cpu: dict[str, list[float]] = {row["key"]: [] for row, _ in timed}
        gc.collect()
        for _ in range(requests):
            for row, get in timed:
                started, started_cpu = time.perf_counter(), time.process_time()
                get()
                samples[row["key"]].append(time.perf_counter() - started)
                cpu[row["key"]].append(time.process_time() - started_cpu)
    for row, _ in timed:
        key = row["key"]
        # Wall time is the measure; this process's CPU time (no database server time on PostgreSQL)
        # helps read a run taken on a busy machine.
        row |= summarize(samples[key]) | {
            "requests": len(samples[key]),
            "cpu_median_ms": summarize(cpu[key])["median_ms"],
        }
    baseline, rows = rows[0], rows[1:]
    for row in rows:
        _judge(row, baseline)
    measured = [row for row in rows if row["status"] == "ok"]
    return {
        "database": _database_info(),
        "environment": _environment() | {"load_average_before": load_before, "load_average_after": os.getloadavg()},
        "data": {
            "patients": Patient.objects.count(),
            "sessions": AcupunctureSession.objects.count(),
            "assessments": PainAssessment.objects.count(),
            "typical_patient": typical,
            "long_history_patient": long_pk,
            "long_history_assessments": PainAssessment.objects.filter(patient_id=long_pk).count() if long_pk else 0,
        },
        "requests_per_page": requests,
        "warmup_per_page": warmup,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "baseline": baseline,
        "pages": rows,
        "missing": [row["key"] for row in rows if row["status"] == "missing"],
        "targets_met": bool(measured) and all(row["pass"] for row in measured),
    }


def _path_for(page: bench_pages.Page, typical: int | None, long_pk: int | None, active: int) -> str | None:
    if not page.path:
        return bench_pages.session_form_path(typical)
    return bench_pages.fill(page.path, pk=typical, long_pk=long_pk, patients=active)


def _client(clients: dict[str, Client], persona: str) -> Client:
    if persona not in clients:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=persona))
        clients[persona] = client
    return clients[persona]


def _prepare(page, path: str | None, clients, warmup: int) -> tuple[dict, Callable | None]:
    """Resolve, warm up and count one page's queries; the row says whether it can be timed."""
    row = {"key": page.key, "label": page.label, "persona": page.persona, "path": path, "target": _target(page)}
    if path is None or not bench_pages.resolves(path):
        return row | {"status": "missing", "note": "URL does not resolve in this checkout"}, None
    get = _getter(_client(clients, page.persona), path)
    for _ in range(warmup):
        get()
    with CaptureQueriesContext(connection) as captured:
        response = get()
    row |= {"http_status": response.status_code, "queries": len(captured.captured_queries)}
    if response.status_code != 200:
        return row | {"status": "error", "note": f"HTTP {response.status_code}"}, None
    return row | {"status": "ok"}, get


def _getter(client: Client, path: str) -> Callable:
    def get():
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    return get


def _target(page: bench_pages.Page) -> str:
    parts = []
    if page.max_multiple:
        parts.append(f"<= {page.max_multiple:g}x")
    if page.max_seconds:
        parts.append(f"p95 < {page.max_seconds * 1000:g} ms")
    parts.append(f"<= {bench_pages.MAX_QUERIES} q")
    return ", ".join(parts)


def _judge(row: dict, baseline: dict) -> None:
    if row["status"] != "ok":
        row["pass"] = None
        return
    row["x_baseline"] = round(row["median_ms"] / baseline["median_ms"], 2)
    page = next(page for page in bench_pages.PAGES if page.key == row["key"])
    failures = []
    if row["queries"] > bench_pages.MAX_QUERIES:
        failures.append(f"{row['queries']} queries")
    if page.max_multiple and row["x_baseline"] > page.max_multiple:
        failures.append(f"{row['x_baseline']}x baseline")
    if page.max_seconds and row["p95_ms"] >= page.max_seconds * 1000:
        failures.append(f"p95 {row['p95_ms']} ms")
    row["pass"] = not failures
    if failures:
        row["note"] = "missed: " + ", ".join(failures)


def _database_info() -> dict:
    if connection.vendor == "postgresql":
        major, rest = divmod(connection.pg_version, 10000)
        version = f"{major}.{rest}"
    elif connection.vendor == "sqlite":
        version = sqlite3.sqlite_version
    else:
        version = ""
    return {"vendor": connection.vendor, "version": version, "name": str(connection.settings_dict["NAME"])}


def _environment() -> dict:
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "conn_max_age": connection.settings_dict.get("CONN_MAX_AGE"),
        "debug": settings.DEBUG,
    }


def table(results: dict) -> str:
    """The results as a fixed-width text table, one page a line."""
    base = results["baseline"]
    header = ("page", "persona", "q", "median ms", "p95 ms", "cpu ms", "x base", "target", "result")
    lines = [
        (
            base["label"],
            base["persona"],
            str(base["queries"]),
            f"{base['median_ms']:.2f}",
            f"{base['p95_ms']:.2f}",
            f"{base['cpu_median_ms']:.2f}",
            "1.00",
            "",
            "",
        )
    ]
    for row in results["pages"]:
        if row["status"] == "ok":
            verdict = "pass" if row["pass"] else "FAIL " + row["note"].removeprefix("missed: ")
            figures = (
                str(row["queries"]),
                f"{row['median_ms']:.2f}",
                f"{row['p95_ms']:.2f}",
                f"{row['cpu_median_ms']:.2f}",
                f"{row['x_baseline']:.2f}",
            )
        else:
            verdict = "missing" if row["status"] == "missing" else f"error ({row['note']})"
            figures = (str(row.get("queries", "-")), "-", "-", "-", "-")
        lines.append((row["label"], row["persona"], *figures, row["target"], verdict))
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def render(cells) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([render(header), render(["-" * w for w in widths]), *(render(line) for line in lines)])


def write_json(results: dict, directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = directory / f"{results['database']['vendor']}-{stamp}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    return path
