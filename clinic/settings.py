"""Settings for the clinic app.

Every knob comes from the environment (see `.env.example`). With nothing set the app runs as a
development server on SQLite; production sets DJANGO_SECRET_KEY, DJANGO_DEBUG=0,
DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def env_networks(name: str, default: str) -> list[str]:
    """Addresses or networks (10.0.0.0/8); a typo stops the start instead of failing each request."""
    values = env_list(name, default)
    for value in values:
        try:
            ip_network(value, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {value!r} is not an address or a network.") from error
    return values


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def env_opening_hours(name: str, default: str) -> dict[int, tuple[str, str]]:
    """`mon=08:00-18:00,sat=09:00-13:00`: weekday (0 = Monday) -> (opens, closes) as HH:MM; a day
    not listed is closed. A typo stops the start instead of showing a wrong calendar."""
    hours = {}
    for item in env_list(name, default):
        day, _, span = item.partition("=")
        opens, _, closes = span.partition("-")
        if day.strip().lower() not in WEEKDAYS or not all(
            len(t) == 5 and t[2] == ":" and t[:2].isdigit() and t[3:].isdigit() for t in (opens, closes)
        ):
            raise ImproperlyConfigured(f"{name}: {item!r} is not like mon=08:00-18:00.")
        if not ("00:00" <= opens < closes <= "23:59") or int(opens[3:]) > 59 or int(closes[3:]) > 59:
            raise ImproperlyConfigured(f"{name}: {item!r} must open before it closes, within one day.")
        hours[WEEKDAYS.index(day.strip().lower())] = (opens, closes)
    return hours


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "clinic.apps.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "patients",
    "sessions_app",
    "interop",
]
# Demo data tooling (`seed_demo`, the `demo` app). Installed unless CLINIC_DEMO=0, so that the
# contract's `seed_demo` (which refuses without DEBUG unless --force) is always there to answer; the
# product apps never import it, and a clinic's server may leave it out (CLINIC_DEMO=0).
if env_bool("CLINIC_DEMO", True):
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the language cookie, else Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clinic.middleware.SessionLimitsMiddleware",
    "clinic.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "clinic.replica.ReplicaReadsMiddleware",  # report views read from the replica, when there is one
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "patients.context_processors.role",
                "clinic.context_processors.session_timeout",
            ],
        },
    },
]

# In production a worker keeps its database connection for a minute (no connect per request: about
# 1 ms on PostgreSQL over loopback, more over a network or TLS) and checks it before reusing it after
# a request, so a restarted database server costs one reconnect, not an error page.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# A PostgreSQL streaming replica for read-only reports (docs/deploy/README.md, clinic/replica.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    ) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["clinic.replica.ReplicaRouter"]


def sqlite_tuned(database: dict) -> dict:
    """SQLite for a clinic's concurrent writers.

    Write-ahead log: readers do not wait for a writer, and a commit (every signed-in request saves
    its session) costs one fsync of the log instead of the rollback journal's several (measured:
    docs/performance.md). Full synchronous mode stays: no commit can be lost.

    `transaction_mode` IMMEDIATE: a transaction takes the write lock when it begins, not at its
    first write. With the default (DEFERRED) two transactions that both read, then write, deadlock
    and SQLite fails one at once with "database is locked" (a server error), whatever the timeout;
    with IMMEDIATE the second simply waits for the first. `timeout`: how long (seconds) a writer
    waits for the lock before giving up (DATABASE_SQLITE_TIMEOUT, default 20).
    """
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = "PRAGMA journal_mode=WAL;"
        options["transaction_mode"] = "IMMEDIATE"
        options["timeout"] = env_int("DATABASE_SQLITE_TIMEOUT", 20)
    return database


DATABASES["default"] = sqlite_tuned(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "clinic.auth_backends.ClinicAdminBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in hardening, for 30 minutes: a username at one address after 5 failures, a username from
# any address after 10, an address whatever the username after 20 (password spraying). The
# limits per combination are clinic/lockout.py's; the first combination is the one a success clears.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOCKOUT_LIMITS = {
    ("username", "ip_address"): AXES_FAILURE_LIMIT,
    ("username",): env_int("AXES_USERNAME_FAILURE_LIMIT", 10),
    ("ip_address",): env_int("AXES_ADDRESS_FAILURE_LIMIT", 20),
}
AXES_LOCKOUT_PARAMETERS = [list(combination) for combination in LOCKOUT_LIMITS]
AXES_HANDLER = "clinic.lockout.ClinicLockoutHandler"
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "patients.client_ip.client_ip"
# Reverse proxies of our own in front of the app (0: clients connect directly), and the addresses
# or networks they connect from: X-Forwarded-For is believed only from these. See patients/client_ip.py.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")

# Sessions end after 15 idle minutes, 12 hours after sign-in however active, and when the browser
# closes. The server enforces both limits itself (clinic/middleware.py): only pages and posts count
# as activity, never JSON or downloads.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_SECONDS", 15 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("DJANGO_SESSION_MAX_SECONDS", 12 * 60 * 60)
# Saved when it changes only: clinic.middleware moves its last-seen stamp at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_WARNING_SECONDS = 120  # the page warns this long before the idle sign-out

# English, Dutch and German (CONTRACT.md "Reports and languages"). A signed-in user's saved choice
# (patients.UserPreference) is set as the language cookie at sign-in; otherwise Accept-Language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
# One date and time format per language, used by templates, forms, the admin and the charts.
FORMAT_MODULE_PATH = ["clinic.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's form renderer with its plain widget templates drawn in Python (clinic/form_renderer.py).
FORM_RENDERER = "clinic.form_renderer.ClinicFormRenderer"

# Refuse oversized bodies: no form in the app needs more than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_BODY_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "clinic@localhost")
CLINIC_NAME = os.environ.get("CLINIC_NAME", "Spine Acupuncture Clinic")
# The root of the clinic's own FHIR identifier and code systems (MRN, licence, local codes) and of the
# exported bundles' fullUrls: fixed here, never built from a request's Host header, so that an MRN keeps
# one system whichever name the clinic is reached by. `.invalid` marks an unconfigured development copy.
CLINIC_FHIR_BASE_URL = os.environ.get("CLINIC_FHIR_BASE_URL", "https://clinic.invalid/fhir/")
if not CLINIC_FHIR_BASE_URL.endswith("/"):
    raise ImproperlyConfigured("CLINIC_FHIR_BASE_URL must end with a slash.")

# The clinic's opening hours (the calendar's free slots, follow-up suggestions, the booking check)
# and the length of one free slot; read through sessions_app/opening_hours.py only.
CLINIC_OPENING_HOURS = env_opening_hours(
    "CLINIC_OPENING_HOURS", "mon=08:00-18:00,tue=08:00-18:00,wed=08:00-18:00,thu=08:00-18:00,fri=08:00-18:00"
)
CLINIC_SLOT_MINUTES = env_int("CLINIC_SLOT_MINUTES", 30)
if not 5 <= CLINIC_SLOT_MINUTES <= 180:
    raise ImproperlyConfigured("CLINIC_SLOT_MINUTES must be between 5 and 180.")

# Transport security: on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4): everything from our own origin, no inline script or style
# anywhere (JS and CSS live in static files), no framing, no plugins. Bootstrap's icons are data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint (the PDF reports) logs each rendering step at INFO, its own stylesheets at import
    # included; only its warnings (a refused or missing file) are worth reading.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}
