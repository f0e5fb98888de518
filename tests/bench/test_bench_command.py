import ast
import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from bench import load, runner
from bench.management.commands.bench import Command

PAGE_KEYS = {
    "empty_page",
    "patient_list",
    "patient_list_late",
    "patient_search",
    "patient_detail",
    "progress_json",
    "fhir",
    "session_form",
    "calendar_day",
    "calendar_week",
    "me",
    "me_progress_json",
    "me_fhir",
    "long_detail",
    "long_progress_json",
    "long_fhir",
    "long_report_pdf",
    "admin_patients",
}


@pytest.fixture
def bench_json(db, tmp_path):
    with override_settings(CLINIC_BENCH=True):
        call_command(
            Command(),
            patients=3,
            sessions_per_patient=2,
            long_history=7,
            requests=3,
            warmup=1,
            output_dir=str(tmp_path),
            page=["me_fhir=/no-such-page/"],
            no_setup=True,
        )
    (path,) = tmp_path.glob("*.json")
    return json.loads(path.read_text())


def test_bench_writes_the_table_as_json_with_every_key_page(bench_json):
    assert {"database", "environment", "data", "baseline", "pages", "missing", "targets_met", "seed"} <= set(bench_json)
    assert {row["key"] for row in bench_json["pages"]} == PAGE_KEYS
    assert bench_json["data"]["long_history_assessments"] == 7
    assert bench_json["baseline"]["status"] == "ok"
    assert bench_json["baseline"]["requests"] == 3
    for row in bench_json["pages"]:
        assert row["status"] in {"ok", "missing", "error"}
        assert {"key", "label", "persona", "path", "target", "pass"} <= set(row)


def test_bench_measures_the_pages_that_exist(bench_json):
    listing = next(row for row in bench_json["pages"] if row["key"] == "patient_list")
    assert listing["status"] == "ok"
    assert listing["queries"] >= 1
    assert {"median_ms", "p95_ms", "x_baseline"} <= set(listing)
    assert listing["pass"] in {True, False}


def test_bench_reports_a_page_whose_url_does_not_resolve_as_missing(bench_json):
    row = next(row for row in bench_json["pages"] if row["key"] == "me_fhir")
    assert (row["status"], row["path"], row["pass"]) == ("missing", "/no-such-page/", None)
    assert "me_fhir" in bench_json["missing"]


def test_the_table_shows_a_line_per_page_and_the_verdicts(bench_json):
    text = runner.table(bench_json)
    assert len(text.splitlines()) == 2 + 1 + len(PAGE_KEYS)
    assert "missing" in text


def test_the_baseline_view_is_not_part_of_the_app(admin_client):
    assert admin_client.get("/bench-baseline/").status_code == 404
    assert admin_client.get("/bench-empty-page/").status_code == 404


def test_bench_explain_prints_a_plan_for_each_key_read(db, capsys):
    with override_settings(CLINIC_BENCH=True):
        call_command(Command(), patients=2, sessions_per_patient=2, long_history=4, explain=True, no_setup=True)
    out = capsys.readouterr().out
    assert out.count("-- ") >= 10
    assert "follow-ups due by today" in out


def test_the_rerun_passes_every_option_on():
    options = {
        "patients": 50,
        "sessions_per_patient": 3,
        "long_history": 10,
        "requests": 60,
        "warmup": 5,
        "output_dir": "",
        "concurrency": "1,4",
        "duration": 2,
        "max_requests": 100,
        "workers": 2,
        "load_pages": "",
        "fresh": True,
        "no_proxy": False,
        "explain": False,
        "load": True,
        "page": ["me=/me/"],
    }
    argv = Command._argv(options)
    assert argv[:2] == ["--patients", "50"]
    assert "--output-dir" not in argv
    assert {"--fresh", "--load"} <= set(argv)
    assert argv[-2:] == ["--page", "me=/me/"]


@pytest.mark.parametrize("url", ["sqlite:////tmp/db.sqlite3", "postgres://postgres@127.0.0.1:5432/clinic"])
def test_bench_settings_refuse_a_database_not_named_for_the_bench(monkeypatch, url):
    monkeypatch.setenv("BENCH_DATABASE_URL", url)
    monkeypatch.delitem(sys.modules, "bench.settings", raising=False)
    with pytest.raises(ImproperlyConfigured, match="bench"):
        importlib.import_module("bench.settings")
    monkeypatch.delitem(sys.modules, "bench.settings", raising=False)


def test_the_load_table_has_a_line_per_run():
    results = {
        "pages": [
            {"key": "baseline", "path": "/bench-baseline/", "status": "ok", "runs": [_run(1), _run(4)]},
            {"key": "me", "path": None, "status": "missing", "runs": []},
        ]
    }
    lines = load.table(results).splitlines()
    assert len(lines) == 2 + 3
    assert "missing" in lines[-1]


def test_a_free_port_is_on_the_loopback_address():
    assert 1024 <= load.free_port() <= 65535
    assert load.HOST == "127.0.0.1"


def _run(level):
    return {
        "concurrency": level,
        "requests": 100,
        "requests_per_s": 50.0,
        "p50_ms": 10.0,
        "p95_ms": 20.0,
        "p99_ms": 30.0,
        "errors": 0,
        "non_2xx": 0,
    }


def test_the_product_neither_installs_nor_imports_the_bench():
    """The bench is tooling: the product apps run without it (issue 12, "Tooling lives in the product apps")."""
    product_settings = importlib.import_module("clinic.settings")
    assert not any(app.split(".")[0] == "bench" for app in product_settings.INSTALLED_APPS)
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for app in ("clinic", "patients", "sessions_app"):
        for module in (root / app).rglob("*.py"):
            for node in ast.walk(ast.parse(module.read_text())):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                offenders += [f"{module.relative_to(root)}: {name}" for name in names if name.split(".")[0] == "bench"]
    assert offenders == []


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="nginx missing")
def test_the_load_stack_config_is_valid_nginx_around_the_sample_app_block(tmp_path):
    """bench-load runs the committed sample (docs/deploy/nginx/clinic-app.conf), not a copy of it."""
    text = load.nginx_config(tmp_path, 18099, [18097, 18098])
    assert f"include {load.NGINX_APP_BLOCK};" in text
    assert "server 127.0.0.1:18097;" in text and "server 127.0.0.1:18098;" in text
    (tmp_path / "nginx.conf").write_text(text)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    command = [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)]
    checked = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert checked.returncode == 0, checked.stderr
