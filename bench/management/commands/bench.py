"""`manage.py bench`: seed a separate database at scale and measure the key pages (see README).

The command belongs to the `bench` app, which only `bench.settings` installs (`make bench` sets
DJANGO_SETTINGS_MODULE=bench.settings): every read and write goes to the bench database
(bench.sqlite3, or BENCH_DATABASE_URL), never to the development one. With --database-url (or
called under other settings) it re-runs itself under `bench.settings` with that database.
"""

import argparse
import os

# The command re-runs itself from a fixed argument list, never through a shell.
import subprocess  # nosec B404
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import explain, load, runner


class Command(BaseCommand):
    help = "Benchmark the key pages against a baseline view on a separate, seeded database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url", default="", help="The bench database (default: BENCH_DATABASE_URL, else bench.sqlite3)."
        )
        parser.add_argument("--patients", type=int, default=10_000)
        parser.add_argument("--sessions-per-patient", type=int, default=20)
        parser.add_argument("--long-history", type=int, default=1000, help="Scores of the long-history patient.")
        parser.add_argument("--requests", type=int, default=60, help="Timed requests per page (50 or more).")
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--fresh", action="store_true", help="Drop and recreate the bench database first.")
        parser.add_argument(
            "--page", action="append", default=[], metavar="KEY=PATH", help="Measure KEY at PATH instead."
        )
        parser.add_argument("--output-dir", default="", help="Where the JSON goes (default bench/results/).")
        parser.add_argument("--explain", action="store_true", help="Print the key reads' query plans instead.")
        parser.add_argument("--load", action="store_true", help="Load mode: gunicorn driven by wrk.")
        parser.add_argument("--concurrency", default="1,4,16", help="Load mode: wrk connections, comma-separated.")
        parser.add_argument("--duration", type=int, default=5, help="Load mode: seconds per run.")
        parser.add_argument("--max-requests", type=int, default=20_000, help="Load mode: cap per run.")
        parser.add_argument("--workers", type=int, default=2, help="Load mode: gunicorn workers in all.")
        parser.add_argument(
            "--no-proxy", action="store_true", help="Load mode: gunicorn directly, without nginx in front."
        )
        parser.add_argument("--load-pages", default="", help="Load mode: page keys, comma-separated.")
        # Tests run the command inside their own test database: no create/drop, no migrate.
        parser.add_argument("--no-setup", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        wanted = options["database_url"]
        other_database = wanted and wanted != getattr(settings, "BENCH_DATABASE_URL", "")
        if not getattr(settings, "CLINIC_BENCH", False) or other_database:
            return self._rerun_under_bench_settings(options)
        if options["patients"] < 1 or options["requests"] < 1:
            raise CommandError("--patients and --requests must be at least 1.")
        if not options["no_setup"]:
            self._prepare_database(fresh=options["fresh"])
            call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(f"Bench database: {connection.vendor} {connection.settings_dict['NAME']}")
        seeded = runner.seed(
            patients=options["patients"],
            sessions_per_patient=options["sessions_per_patient"],
            long_history=options["long_history"],
        )
        self.stdout.write(
            f"Seeded {seeded['created_patients']} patients, {seeded['created_sessions']} sessions, "
            f"{seeded['created_assessments']} pain scores in {seeded['seconds']} s "
            f"(scale {options['patients']} x {options['sessions_per_patient']}, "
            f"long history {options['long_history']})."
        )
        output_dir = Path(options["output_dir"]) if options["output_dir"] else runner.RESULTS_DIR
        if options["explain"]:
            self.stdout.write(explain.plans())
        elif options["load"]:
            self._load(options, output_dir)
        else:
            self._pages(options, seeded, output_dir)

    def _pages(self, options, seeded, output_dir):
        if options["requests"] < 50:
            self.stderr.write(f"Note: {options['requests']} timed requests per page; the targets assume 50 or more.")
        overrides = dict(item.split("=", 1) for item in options["page"])
        results = runner.run(requests=options["requests"], warmup=options["warmup"], overrides=overrides)
        results["seed"] = seeded
        self.stdout.write(runner.table(results))
        path = runner.write_json(results, output_dir)
        load_average, cpus = results["environment"]["load_average_before"][0], os.cpu_count() or 1
        if load_average > 0.75 * cpus:
            self.stderr.write(
                f"Note: the machine was busy (load average {load_average:.1f} on {cpus} cores): waiting for a CPU "
                "inflates every time alike and squeezes the ratios. Compare the cpu ms column, or rerun when quiet."
            )
        verdict = "all measured pages meet their targets" if results["targets_met"] else "some targets missed"
        missing = f"; missing in this checkout: {', '.join(results['missing'])}" if results["missing"] else ""
        self.stdout.write(f"\n{verdict}{missing}.\nWrote {path}")

    def _load(self, options, output_dir):
        keys = [key for key in options["load_pages"].split(",") if key] or load.DEFAULT_PAGES
        results = load.run(
            keys=keys,
            concurrency=[int(level) for level in options["concurrency"].split(",")],
            duration=options["duration"],
            max_requests=options["max_requests"],
            workers=options["workers"],
            proxy=not options["no_proxy"],
        )
        self.stdout.write(f"Stack: {results['stack']}; access log saw {results['access_log_addresses']}")
        self.stdout.write(load.table(results))
        self.stdout.write(f"\nWrote {load.write_json(results, output_dir)}")

    def _prepare_database(self, *, fresh: bool) -> None:
        """Create the bench database if it does not exist; with --fresh, start from an empty one."""
        name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            if fresh:
                connection.close()
                # The write-ahead log and its index too: a stale log must never meet a new file.
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{name}{suffix}").unlink(missing_ok=True)
            return
        if connection.vendor != "postgresql":
            return
        connection.close()
        quoted = connection.ops.quote_name(name)
        with connection._nodb_cursor() as cursor:
            if fresh:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE DATABASE {quoted}")

    def _rerun_under_bench_settings(self, options) -> None:
        env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
        if options["database_url"]:
            env["BENCH_DATABASE_URL"] = options["database_url"]
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench", *self._argv(options)]
        finished = subprocess.run(command, env=env, check=False)  # noqa: S603  # nosec B603
        if finished.returncode:
            raise CommandError(f"The benchmark failed (exit {finished.returncode}).")

    @staticmethod
    def _argv(options) -> list[str]:
        argv = []
        for name in (
            "patients",
            "sessions_per_patient",
            "long_history",
            "requests",
            "warmup",
            "output_dir",
            "concurrency",
            "duration",
            "max_requests",
            "workers",
            "load_pages",
        ):
            if options[name] != "":
                argv += [f"--{name.replace('_', '-')}", str(options[name])]
        for flag in ("fresh", "explain", "load", "no_proxy"):
            if options[flag]:
                argv.append(f"--{flag.replace('_', '-')}")
        for item in options["page"]:
            argv += ["--page", item]
        return argv
