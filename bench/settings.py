"""Settings for the benchmark: the app as it runs in production, on the benchmark's own database.

The database is BENCH_DATABASE_URL, or `bench.sqlite3` beside manage.py; its name must contain
"bench" so that a typo can never point the seeder at the development or production database.
"""

import os
import warnings

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from clinic.settings import *  # noqa: F403
from clinic.settings import BASE_DIR, DATABASES, INSTALLED_APPS, env_int, sqlite_tuned

CLINIC_BENCH = True
# The benchmark is an app of its own (its command, views and templates); the product never installs it.
INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.BenchConfig"]
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{BASE_DIR / 'bench.sqlite3'}"

_bench_db = dj_database_url.parse(
    BENCH_DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
)
if "bench" not in str(_bench_db["NAME"]).rsplit("/", 1)[-1]:
    raise ImproperlyConfigured("The benchmark database's name must contain 'bench' (e.g. bench.sqlite3, clinic_bench).")
_app_db = DATABASES.get("default", {})
if (_bench_db["ENGINE"], str(_bench_db["NAME"])) == (_app_db.get("ENGINE"), str(_app_db.get("NAME"))):
    raise ImproperlyConfigured("The benchmark database must not be the app's own database.")
DATABASES = {"default": sqlite_tuned(_bench_db)}

# WhiteNoise warns once per process when collectstatic has not run; the pages measured serve no files.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

# Production behaviour (no debug cursor, no debug pages) but plain HTTP on the loopback address.
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER = None
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
