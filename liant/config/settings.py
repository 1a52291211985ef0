"""Settings for the embedded default (SQLite + in-memory layer) and, through
environment variables, for the scale-out configuration (PostgreSQL + Redis).

Production hardening lives in ``liant.config.production``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LIANT_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def embedded_secret_key() -> str:
    """A random key kept under var/, so sessions survive restarts of the embedded default."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("LIANT_SECRET_KEY") or embedded_secret_key()
DEBUG = env_bool("LIANT_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("LIANT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("LIANT_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "csp",
    "liant.core",
    "liant.accounts",
    "liant.orgs",
    "liant.missions",
    "liant.diagnostic",
    "liant.workshops",
    "liant.practices",
    "liant.live",
    "liant.commitments",
    "liant.consultations",
    "liant.charters",
    "liant.steering",
    "django_tasks",
    "django_tasks_db",
    "liant.reports",
    "ninja",  # the API docs page uses its local Swagger UI files (no CDN)
    "liant.api",
    "liant.transfer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "liant.core.middleware.WorkspaceMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "liant.config.urls"
ASGI_APPLICATION = "liant.config.asgi.application"
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
                "liant.core.context_processors.workspace",
            ],
        },
    },
]

# --- Database: SQLite in WAL mode under var/ by default, anything dj-database-url reads otherwise.
DATABASE_URL = os.environ.get("LIANT_DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "liant.sqlite3",
            # Keep the connection: opening one (and setting WAL) costs ~15 ms, more than a
            # live board's command itself, and the websocket consumers do it for each one.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # WAL lets readers run while one writer writes; IMMEDIATE avoids
                # "database is locked" upgrades from read to write transactions.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels and cache: Redis when configured, in-process otherwise.
REDIS_URL = os.environ.get("LIANT_REDIS_URL", "")
# Messages a connection may have waiting before the layer drops new ones (default 100): a
# board of 1,000 people under a burst of cards needs more room; a consumer that still misses
# an event fills the gap from the database.
CHANNEL_CAPACITY = 2000
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py's default read timeout (5 s) equals the layer's blocking pop (5 s): an
            # idle receive then fails with a read timeout. Give the read more time than the pop.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "capacity": CHANNEL_CAPACITY,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("LIANT_CACHE_PREFIX", "liant"),
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "liant.live.layers.ThrottledInMemoryChannelLayer",
            "CONFIG": {"capacity": CHANNEL_CAPACITY},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks (documents): the database backend, run by `liant db_worker` (`make run`
# starts one); LIANT_TASKS_BACKEND=immediate runs them in the request (the tests do).
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }.get(os.environ.get("LIANT_TASKS_BACKEND", ""), "django_tasks_db.DatabaseBackend")
    }
}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
RATELIMIT_ENABLE = env_bool("LIANT_RATELIMIT", True)
RATELIMIT_VIEW = "liant.core.views.rate_limited"
# Login attempts allowed per IP and per account, per window.
LOGIN_RATE = os.environ.get("LIANT_LOGIN_RATE", "10/m")
# REST API requests allowed per token (per address without a valid token).
LIANT_API_RATE = os.environ.get("LIANT_API_RATE", "120/m")

# --- E-mail: printed on the console unless SMTP is configured.
EMAIL_HOST = os.environ.get("LIANT_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("LIANT_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("LIANT_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("LIANT_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("LIANT_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("LIANT_DEFAULT_FROM_EMAIL", "Liant <noreply@liant.local>")

# --- Internationalisation: French first, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG

# --- Uploads: imports are small tabular files.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security headers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIANT_LOG_LEVEL", "WARNING")},
}
