"""Settings for Parcours, driven by environment variables.

Defaults give a working development set-up with nothing to install:
SQLite and the in-process channel layer.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A public fallback key would let anyone forge sessions: refuse to start instead.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set, and DEBUG is off. Set SECRET_KEY to a long random "
            'string (python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DEBUG=true on a development machine (make run does)."
        )
    # Development only: keeps development sessions across restarts.
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Where guests reach this server (the join link and its QR code), e.g.
# http://192.168.1.20:8000; `make workshop` sets it to the address it serves on.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")

# daphne's runserver serves HTTP and WebSocket alike in development. It loads Twisted:
# about 25 MB and 0.2 s more for every process (docs/benchmarks.md, "Idle worker"), which
# uvicorn workers, tests and commands do not need; only `manage.py runserver` loads it.
RUNSERVER = sys.argv[1:2] == ["runserver"]
INSTALLED_APPS = [
    # daphne first, when it is there: its runserver replaces Django's.
    *(["daphne"] if RUNSERVER else []),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "channels",
    "axes",
    "workspaces",
    "personas",
    "maps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A 400-card map page is 1.3 MB of HTML and 30 KB gzipped. Django's gzip adds
    # random padding against BREACH, and CSRF tokens are masked per request.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "journeymap.middleware.FrenchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "journeymap.middleware.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # With DEBUG on, Django's technical 404 page for the team only (needs the user).
    "journeymap.middleware.TeamOnlyDebugPagesMiddleware",
    "workspaces.middleware.CurrentWorkspaceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "journeymap.urls"
WSGI_APPLICATION = "journeymap.wsgi.application"
ASGI_APPLICATION = "journeymap.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspaces.context_processors.membership",
                "workspaces.context_processors.workspace_menu",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", True
):
    # Each request runs in a thread of its own under uvicorn: a connection kept for
    # CONN_MAX_AGE stays with a thread that is gone, until PostgreSQL has no slot
    # left ("too many clients"). psycopg's pool lends each request a connection and
    # takes it back at the end; a process never holds more than DATABASE_POOL_MAX.
    # Django wants CONN_MAX_AGE at 0 with a pool.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2),
        "max_size": env_int("DATABASE_POOL_MAX", 10),
        # A request waits this long for a free connection, then fails (a 500).
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 20),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Writers wait for the lock instead of failing at once...
            "timeout": 20,
            # ...which SQLite can only do if a transaction takes the write lock when it
            # begins: two workshop participants saving at once must queue, not fail.
            "transaction_mode": "IMMEDIATE",
            # Readers (page loads, catch-ups) do not wait for writers.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # A process holds a connection per command in flight: when 500 tabs drop
                # at once, each leaves its groups (redis-py's default pool of 100 ran dry).
                "hosts": [
                    {
                        "address": os.environ["REDIS_URL"],
                        "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "600")),
                        # Longer than channels_redis's 5 s BRPOP: redis-py's default read
                        # timeout is 5 s too, and under load it fired first, failing every
                        # socket of the process at once.
                        "socket_timeout": 15,
                    }
                ],
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "maps:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# WhiteNoise warns about a missing root even when it serves from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "journeymap.storage.StaticStorage"
            if not DEBUG and env_bool("PARCOURS_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve static files from the finders in development and tests: no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Production over HTTPS -------------------------------------------------------
# SECURE_COOKIES=true says the site is served over HTTPS only; the rest follows
# from it unless set on its own. The HSTS preload flag only allows a later,
# manual submission to the browsers' preload list: it submits nothing.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself, or clients could spoof HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
# Scripts and styles come from our own files only (no 'unsafe-inline', no
# 'unsafe-eval'); templates carry no style="" attribute. connect-src 'self'
# also covers the same-origin WebSocket (ws:/wss: of this host, CSP level 3).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Accounts ----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt for a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for
# 15 minutes: a guesser is slowed down, a colleague elsewhere can still log in.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY", False) else None
AXES_VERBOSE = False

# Password-reset emails: at most this many per hour to one email address, and
# requests per hour from one client address (journeymap/account_views.py).
PASSWORD_RESET_EMAILS_PER_HOUR = env_int("PASSWORD_RESET_EMAILS_PER_HOUR", 3)
PASSWORD_RESET_REQUESTS_PER_HOUR = env_int("PASSWORD_RESET_REQUESTS_PER_HOUR", 10)

# Invitations and password resets: printed on the console unless an SMTP server is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Parcours <parcours@localhost>")
# A set-password link stays valid three days: long enough for an invitation.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)

# Text fields are generous but bounded: a runaway paste gets a clear message, not a 500.
PARCOURS_MAX_TEXT = 5000
# How big a map may grow, whatever adds to it (the editor, an import): far above a
# workshop's map, low enough that its page and its PDF stay affordable (maps/limits.py).
PARCOURS_MAX_STAGES = env_int("PARCOURS_MAX_STAGES", 30)
PARCOURS_MAX_LANES = env_int("PARCOURS_MAX_LANES", 20)
PARCOURS_MAX_TOUCHPOINTS = env_int("PARCOURS_MAX_TOUCHPOINTS", 300)
PARCOURS_MAX_CARDS = env_int("PARCOURS_MAX_CARDS", 1500)
PARCOURS_MAX_ACTIONS = env_int("PARCOURS_MAX_ACTIONS", 300)
# A map file to import: read no further than this.
PARCOURS_MAX_IMPORT_MB = env_int("PARCOURS_MAX_IMPORT_MB", 5)
# PDF renders run in a child process, killed past these bounds; at most
# PARCOURS_PDF_CONCURRENCY at once per server process, and one per person.
PARCOURS_PDF_TIMEOUT = env_int("PARCOURS_PDF_TIMEOUT", 60)
PARCOURS_PDF_MEMORY_MB = env_int("PARCOURS_PDF_MEMORY_MB", 1024)
PARCOURS_PDF_CONCURRENCY = env_int("PARCOURS_PDF_CONCURRENCY", 2)
# The render's niceness: 2 cores shared with the server, people's edits go first.
PARCOURS_PDF_NICE = env_int("PARCOURS_PDF_NICE", 10)

# Rendered PDFs, export progress and the one-render-per-person marks: shared by every
# server process through Redis when there is one, so a PDF rendered by one is served by
# all and a progress poll may land on any; in memory otherwise (one process).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# With DEBUG on, Django's traceback page for the team only; guests get the 500 page.
DEFAULT_EXCEPTION_REPORTER = "journeymap.errors.TeamOnlyExceptionReporter"
# Workshops ---------------------------------------------------------------------
# Guests of an ended workshop read the map this many hours more (to look back at what
# they made, or finish reading on the train), then their access stops and their
# password-less accounts are deleted (``prune_guests``).
PARCOURS_GUEST_GRACE_HOURS = env_int("PARCOURS_GUEST_GRACE_HOURS", 24)
PARCOURS_MAX_GUESTS_PER_WORKSHOP = env_int("PARCOURS_MAX_GUESTS_PER_WORKSHOP", 200)
# Rate limits, as (count, seconds). Phones of a room behind one NAT share an address:
# raise the per-address join limit for a big room on a server outside that network.
PARCOURS_JOINS_PER_ADDRESS = (env_int("PARCOURS_JOINS_PER_ADDRESS", 30), 600)
PARCOURS_JOINS_PER_WORKSHOP = (env_int("PARCOURS_JOINS_PER_WORKSHOP", 60), 60)
PARCOURS_WRONG_CODES_PER_ADDRESS = (env_int("PARCOURS_WRONG_CODES_PER_ADDRESS", 10), 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback_for_4xx": {"()": "journeymap.log.NoTracebackForClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_traceback_for_4xx"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own console handler (DEBUG only) printed every line a second time,
        # after the root's: its lines (runserver's requests included) go to the root alone.
        "django": {"handlers": [], "level": "INFO"},
    },
}
