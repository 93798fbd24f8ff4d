"""Spiral's settings: read from the environment, with embedded defaults.

Unset `DATABASE_URL` means a SQLite file; unset `REDIS_URL` means the in-memory
channel layer. Both together make `make run` work on a bare machine; production
sets them to PostgreSQL and Redis and runs several ASGI workers.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SPIRAL_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    """Read a whole-number environment variable."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def envlist(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    value = os.environ.get(name, "").strip()
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = envbool("DEBUG", True)
# The embedded default key only ever serves a development machine: with DEBUG
# off, a missing SECRET_KEY is a configuration error rather than a silent risk.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("SECRET_KEY_FILE"):
    # `make run` keeps a key of its own in a file it writes once (var/secret-key.txt).
    try:
        SECRET_KEY = Path(os.environ["SECRET_KEY_FILE"]).read_text().strip()
    except OSError as problem:
        raise RuntimeError(f"SECRET_KEY_FILE cannot be read: {problem}") from problem
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-spiral-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "classroom",
    "game",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise: its file responses reach ASGI servers as async iterators.
    "config.static_files.AsyncFileResponses",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

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
            ],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, else a SQLite file under var/.
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        # A `SELECT 1` before each handler's first query, to replace a connection
        # the database dropped; set DB_CONN_HEALTH_CHECKS=0 to skip it.
        conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer proceed together; the timeout makes a
    # second writer wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so a server process started by a browser test sees it;
    # one per test run, so two runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}

# Channel layer: Redis when REDIS_URL is set, else in-memory (one process only).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CHANNEL_LAYER_KIND = os.environ.get("CHANNEL_LAYER", "pubsub").strip().lower()
if REDIS_URL:
    # redis-py 8 pools raise once full instead of waiting: give them room.
    _redis_host = {"address": REDIS_URL, "max_connections": envint("REDIS_MAX_CONNECTIONS", 1000)}
    if CHANNEL_LAYER_KIND == "core":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [_redis_host],
                    "capacity": envint("CHANNEL_CAPACITY", 1000),
                    "expiry": envint("CHANNEL_EXPIRY", 30),
                },
            }
        }
    else:
        # Pub/sub has no per-channel capacity to overflow and measured faster here.
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [_redis_host]},
            }
        }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": envint("CHANNEL_CAPACITY", 1000), "expiry": 30},
        }
    }

# Where a turn that every seat has moved in is resolved: "thread", on a thread of
# the server process that took the last move; or "process", in resolver processes
# (`manage.py runworker spiral-resolve`) reached through Redis, so the referee and
# the seats' renders run beside the servers' sockets instead of sharing their
# interpreter. A server hands a turn over, and resolves it itself if it is still
# open RESOLVER_PATIENCE_SECONDS later (no resolver running, Redis hiccup).
TURN_RESOLVER = os.environ.get("TURN_RESOLVER", "").strip().lower() or "thread"
if TURN_RESOLVER not in ("thread", "process"):
    raise ImproperlyConfigured(
        f"TURN_RESOLVER must be 'thread' or 'process', not {TURN_RESOLVER!r}"
    )
if TURN_RESOLVER == "process" and not REDIS_URL:
    raise ImproperlyConfigured(
        "TURN_RESOLVER=process needs REDIS_URL: the in-memory channel layer "
        "cannot reach another process"
    )
RESOLVER_PATIENCE_SECONDS = envint("RESOLVER_PATIENCE_SECONDS", 10)

# Per-message deflate on the websockets (`manage.py serve`). Off by default: a
# seat's full state is only 12-20 KB of HTML a turn, while each compressing socket
# keeps a zlib state of its own (about 60 KB more memory a student, measured).
WEBSOCKET_COMPRESSION = envbool("WEBSOCKET_COMPRESSION", False)

# Cache: join rate limits and one-time form nonces. With REDIS_URL every server
# process shares one cache on the same Redis; otherwise each keeps its own.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "spiral",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Failed join attempts (wrong code, bad form) an address may make per minute.
JOIN_FAILURES_PER_MINUTE = envint("JOIN_FAILURES_PER_MINUTE", 10)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
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
# Serve from the app folders directly while developing, so `make run` needs no
# collectstatic for a change to show.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security: strict when DEBUG is off (`manage.py check --deploy` stays quiet).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_HTTPS_PROXY", not DEBUG) else None
)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A school term: students keep their seat across days without logging in again.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 24 * 120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Django's default console handler would print every 4xx a second time, beside
        # the root's line: its records go to the root handler alone.
        "django": {"handlers": [], "propagate": True},
        # WeasyPrint announces each step of every PDF render: keep its warnings only.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
