"""Load mode: the production stack on the loopback address, driven by `wrk` from another process.

wrk -> nginx (Debian's, with the sample site's app block, docs/deploy/nginx/clinic-app.conf) ->
two gunicorn instances (round robin; a session signed in once works on both: sessions live in the
database, nothing in process memory) -> the bench database. nginx connects to the app from
127.0.0.3 (`proxy_bind`), the only trusted proxy, and sets X-Forwarded-For: the access log rows
written during the run must carry the client's address (127.0.0.1), never the proxy's.
`--no-proxy` measures gunicorn directly (one instance), as rounds 1 and 2 did.

Bounded: each run lasts `duration` seconds and stops after `max_requests` responses (the Lua
script stops its thread), wrk gives up on a request after 5 s, and nginx and gunicorn are stopped
at the end. Only 127.0.0.0/8 is ever contacted.
"""

import json
import os
import shutil
import socket

# gunicorn and wrk run from fixed argument lists, never through a shell.
import subprocess  # nosec B404
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone

from bench import runner
from patients.models import AccessLog

LUA_SCRIPT = Path(__file__).with_name("wrk_report.lua")
NGINX_APP_BLOCK = Path(settings.BASE_DIR) / "docs" / "deploy" / "nginx" / "clinic-app.conf"
PROXY_ADDRESS = "127.0.0.3"  # nginx's side of its connections to gunicorn: the one trusted proxy
DEFAULT_PAGES = [
    "baseline",
    "patient_list",
    "patient_detail",
    "session_form",
    "me",
    "calendar_week",
]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def session_cookie(username: str) -> str:
    """A signed-in session for a demo user, stored in the bench database (as a browser would hold)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def targets(keys: list[str]) -> list[dict]:
    """The pages to load, with their paths and personas; pages that do not answer 200 are skipped."""
    results = runner.run(requests=1, warmup=0)
    rows = {row["key"]: row for row in results["pages"]} | {"baseline": results["baseline"] | {"status": "ok"}}
    chosen = []
    for key in keys:
        row = rows.get(key)
        if row is None:
            raise ValueError(f"Unknown page {key!r}; choose from {sorted(rows)}")
        chosen.append({"key": key, "path": row["path"], "persona": row["persona"], "status": row["status"]})
    return chosen


def run(
    *, keys: list[str], concurrency: list[int], duration: int, max_requests: int, workers: int, proxy: bool = True
) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: `apt-get install -y wrk` (make bench-load does it).")
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if proxy and nginx is None:
        raise RuntimeError("nginx is not installed: `apt-get install -y nginx` (make bench-load does it).")
    with override_settings(ROOT_URLCONF="bench.urls"):
        pages = targets(keys)
    cookies = {persona: session_cookie(persona) for persona in {page["persona"] for page in pages}}
    runner.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    # Behind the proxy: two instances sharing the workers (2 x 1 by default); direct: one instance.
    instances = 2 if proxy else 1
    per_instance = max(1, workers // instances)
    app_ports = [free_port() for _ in range(instances)]
    started_at = timezone.now()
    servers, scratch = [], tempfile.TemporaryDirectory(prefix="clinic-bench-nginx-")
    try:
        for number, port in enumerate(app_ports):
            log = runner.RESULTS_DIR / f"gunicorn-{number}.log"
            servers.append(_start_gunicorn(port, per_instance, log, trusted_proxy=PROXY_ADDRESS if proxy else None))
        for port, server in zip(app_ports, servers, strict=True):
            _wait_until_up(port, server)
        port = app_ports[0]
        if proxy:
            port = free_port()
            servers.append(_start_nginx(nginx, Path(scratch.name), port, app_ports))
            _wait_until_up(port, servers[-1])
        for page in pages:
            page["runs"] = []
            if page["status"] != "ok":
                continue
            url = f"http://{HOST}:{port}{page['path']}"
            _wrk(wrk, url, cookies[page["persona"]], 2, 1, max_requests)  # warm-up, not recorded
            for level in concurrency:
                page["runs"].append(_wrk(wrk, url, cookies[page["persona"]], level, duration, max_requests))
    finally:
        for server in reversed(servers):
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        scratch.cleanup()
    return {
        "database": runner._database_info(),
        "environment": runner._environment()
        | {"gunicorn_instances": instances, "gunicorn_workers_each": per_instance, "wrk_threads": 1},
        "stack": "wrk -> nginx -> gunicorn x 2 -> database" if proxy else "wrk -> gunicorn -> database",
        "access_log_addresses": sorted(
            set(AccessLog.objects.filter(at__gte=started_at).values_list("ip_address", flat=True))
        ),
        "duration_s": duration,
        "max_requests": max_requests,
        "concurrency": concurrency,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "pages": pages,
    }


def nginx_config(directory: Path, port: int, app_ports: list[int]) -> str:
    """A whole nginx.conf for the loopback run around the sample site's app block (unchanged)."""
    temp = {name: directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    upstream = "\n".join(f"        server {HOST}:{app_port};" for app_port in app_ports)
    return f"""daemon off;
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    upstream clinic_app {{
{upstream}
        keepalive 16;
    }}
    server {{
        listen {HOST}:{port};
        server_name localhost;
        proxy_bind {PROXY_ADDRESS};
        include {NGINX_APP_BLOCK};
    }}
}}
"""


def _start_nginx(nginx: str, directory: Path, port: int, app_ports: list[int]) -> subprocess.Popen:
    config = directory / "nginx.conf"
    config.write_text(nginx_config(directory, port, app_ports))
    log = (runner.RESULTS_DIR / "nginx.log").open("w")
    return subprocess.Popen([nginx, "-c", str(config), "-p", str(directory)], stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603


def _start_gunicorn(port: int, workers: int, log: Path, *, trusted_proxy: str | None = None) -> subprocess.Popen:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
    if trusted_proxy:
        env |= {"DJANGO_TRUSTED_PROXIES": trusted_proxy, "DJANGO_TRUSTED_PROXY_COUNT": "1"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "clinic.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "30",
        "--no-control-socket",
    ]
    with log.open("w") as handle:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603


def _wait_until_up(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("a server exited; see bench/results/gunicorn-*.log and nginx.log")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/accounts/login/", timeout=2) as response:  # noqa: S310  # nosec B310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing answered on port {port} within 30 s")


def _wrk(wrk: str, url: str, cookie: str, connections: int, duration: int, max_requests: int) -> dict:
    command = [
        wrk,
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        "5s",
        "--header",
        f"Cookie: {cookie}",
        "--script",
        str(LUA_SCRIPT),
        url,
        "--",
        str(max_requests),
    ]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30, check=True)  # noqa: S603  # nosec B603
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    seconds = report["duration_us"] / 1e6
    return {
        "concurrency": connections,
        "requests": report["requests"],
        "requests_per_s": round(report["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(report["p50_us"] / 1000, 2),
        "p95_ms": round(report["p95_us"] / 1000, 2),
        "p99_ms": round(report["p99_us"] / 1000, 2),
        "errors": report["errors"],
        "non_2xx": report["non2xx"],
    }


def table(results: dict) -> str:
    header = ("page", "path", "conc.", "req/s", "p50 ms", "p95 ms", "errors")
    lines = []
    for page in results["pages"]:
        if not page["runs"]:
            lines.append((page["key"], page["path"] or "-", "-", page["status"], "", "", ""))
        for run in page["runs"]:
            errors = str(run["errors"] + run["non_2xx"])
            figures = (f"{run['requests_per_s']:.1f}", f"{run['p50_ms']:.1f}", f"{run['p95_ms']:.1f}", errors)
            lines.append((page["key"], page["path"], str(run["concurrency"]), *figures))
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def render(cells) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([render(header), render(["-" * w for w in widths]), *(render(line) for line in lines)])


def write_json(results: dict, directory: Path = runner.RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = directory / f"load-{results['database']['vendor']}-{stamp}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    return path
