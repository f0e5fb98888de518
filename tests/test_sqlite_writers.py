"""SQLite, the embedded default a small clinic runs, lets parallel writers wait for each other.

Eight threads each run the shape of every write in the app (read, then write, in one transaction)
against a database file configured by the settings' own `sqlite_tuned`.
"""

import threading
import time
import uuid

import pytest
from django.db import OperationalError, connections, transaction

from clinic.settings import sqlite_tuned

WRITERS = 8


def _race(path, *, transaction_mode_off: bool = False) -> tuple[int, list[str]]:
    database = sqlite_tuned({"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)})
    if transaction_mode_off:
        database["OPTIONS"].pop("transaction_mode")
    alias = f"writers_{uuid.uuid4().hex}"
    connections.settings[alias] = connections.configure_settings({"default": dict(database), alias: database})[alias]
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, n INTEGER)")
        start, errors = threading.Barrier(WRITERS), []

        def write(number: int) -> None:
            try:
                start.wait()
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM visit")
                    time.sleep(0.05)
                    cursor.execute("INSERT INTO visit (n) VALUES (%s)", [number])
            except OperationalError as error:
                errors.append(str(error))
            finally:
                connections[alias].close()

        threads = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM visit")
            return cursor.fetchone()[0], errors
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def test_parallel_writers_wait_for_each_other_instead_of_failing(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        written, errors = _race(tmp_path / "clinic.sqlite3")
    assert errors == []
    assert written == WRITERS


def test_without_immediate_transactions_the_same_race_fails_with_database_is_locked(tmp_path, django_db_blocker):
    """Why `transaction_mode` is IMMEDIATE: a timeout alone does not help two deferred transactions."""
    with django_db_blocker.unblock():
        written, errors = _race(tmp_path / "clinic.sqlite3", transaction_mode_off=True)
    assert errors and all("locked" in error for error in errors)
    assert written == WRITERS - len(errors)


def test_the_settings_configure_sqlite_for_concurrent_writers():
    options = sqlite_tuned({"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.parametrize("engine", ["django.db.backends.postgresql"])
def test_other_databases_are_left_alone(engine):
    assert "OPTIONS" not in sqlite_tuned({"ENGINE": engine, "NAME": "clinic"})
