"""Settings for Hechtwerk, read from the environment.

Development defaults are safe: without DJANGO_DEBUG=1 the site runs as production and refuses to
start when a secret, host or database is missing. Every variable is documented in .env.example.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
SRC_DIR = BASE_DIR / "src"
if str(SRC_DIR) not in sys.path:
    sys.path.insert(0, str(SRC_DIR))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# Demo mode lets demo accounts skip two-factor set-up; it must never run in production.
DEMO_MODE = env_bool("HECHTWERK_DEMO_MODE")
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured(
        "HECHTWERK_DEMO_MODE is only allowed with DJANGO_DEBUG=1: demo mode must not run in production."
    )

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

SITE_URL = os.environ.get("HECHTWERK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "hechtwerk.core",
    "hechtwerk.accounts",
    "hechtwerk.logbook",
    "hechtwerk.instruments",
    "hechtwerk.signalling",
    "hechtwerk.catalogue",
    "hechtwerk.training",
    "hechtwerk.billing",
    "hechtwerk.licensing",
    "hechtwerk.materials",
    "hechtwerk.meetings",
]

MIDDLEWARE = [
    # First: answers an anonymous GET of the public catalogue list with the stored complete
    # response (the same headers as the stack below gives), and hands everything else on.
    "hechtwerk.catalogue.middleware.PublicCatalogueCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: oversized API bodies 413, unsafe JSON 400 (T5.8).
    "hechtwerk.core.inputs.UnsafeInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hechtwerk.core.middleware.LanguageMiddleware",
    # Below the language, so that its API error bodies are in the user's language.
    "hechtwerk.core.errors.ApiErrorMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hechtwerk.accounts.middleware.SessionLifetimeMiddleware",
    "hechtwerk.accounts.middleware.CurrentMembershipMiddleware",
    "hechtwerk.accounts.middleware.RequireMFAMiddleware",
    "hechtwerk.core.middleware.AccessPolicyMiddleware",
    "hechtwerk.core.middleware.NoStoreForClientDataMiddleware",
    # Logs each write attempt on client data with the outcome it really had (T1.16).
    "hechtwerk.core.access.AccessWriteOutcomeMiddleware",
    # Axes goes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "hechtwerk.core.context_processors.site",
                "hechtwerk.accounts.context_processors.membership",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured("DATABASE_URL must be set when DJANGO_DEBUG is off.")
    DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"


def database_settings(url: str, conn_max_age: str | None) -> dict[str, Any]:
    """One DATABASES entry. Connections persist only when HECHTWERK_DB_CONN_MAX_AGE is set.

    runserver opens a thread, and so a connection, per request: with a fixed CONN_MAX_AGE those
    stay open until they age out and PostgreSQL's max_connections runs out. gunicorn's fixed
    worker count bounds them, so production sets the variable there (docs/deploy.md). Reused
    connections are health-checked first, so a restarted database costs no failed request.
    """
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=int(conn_max_age or "0"), conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL and a busy timeout keep the embedded database usable with a few concurrent users.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL: parameters bound by the server, and a statement run twice on a connection
        # is prepared there (planned once; about half of PostgreSQL's work per consult, issue 13).
        # HECHTWERK_DB_PREPARED_STATEMENTS=0 turns preparing off, for a pooler in transaction
        # mode that cannot keep a connection's prepared statements.
        prepared = os.environ.get("HECHTWERK_DB_PREPARED_STATEMENTS", "1") != "0"
        config["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 2 if prepared else None,
        }
    return config


DATABASES: dict[str, Any] = {
    "default": database_settings(DATABASE_URL, os.environ.get("HECHTWERK_DB_CONN_MAX_AGE"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, Any] = {
    "default": (
        # Django's Redis cache, keeping one client object per process (core/cache.py).
        {"BACKEND": "hechtwerk.core.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hechtwerk.accounts.validators.ContextWordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
# After sign-in, the first page whose capability the membership holds; else LOGIN_REDIRECT_URL.
# (Config names the pages, so accounts needs no import of the apps above it.)
LOGIN_REDIRECT_BY_CAPABILITY = [("record_signalling", "signalling:worklist")]
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: sign-in by email, no public sign-up (accounts are created by a beheerder).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_ADAPTER = "hechtwerk.accounts.adapter.AccountAdapter"
# A second layer behind axes. The per-email limit stays above axes' (email, address) limit, so
# one address is stopped by axes (Dutch 429 page) and only an attack from several addresses at
# once slows the account down for everyone (ASVS 6.1.1: no cheap malicious lockout).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,20/15m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hechtwerk"
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "hechtwerk.accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "activate_totp": "hechtwerk.accounts.mfa_forms.ActivateAuthenticatorForm",
    "authenticate": "hechtwerk.accounts.mfa_forms.SignInCodeForm",
    "reauthenticate": "hechtwerk.accounts.mfa_forms.ConfirmCodeForm",
}
# TOTP secrets and recovery-code seeds are stored encrypted (Fernet) with a key from the
# environment, so a database dump alone does not hand them over. The first key encrypts; the
# fallbacks still decrypt during a rotation (`manage.py rotate_mfa_key` re-encrypts). Without a
# key (development, tests) one is derived from DJANGO_SECRET_KEY; check --deploy reports that.
MFA_ENCRYPTION_KEY_SET = bool(os.environ.get("HECHTWERK_MFA_ENCRYPTION_KEY", "").strip())
MFA_ENCRYPTION_KEYS = env_list("HECHTWERK_MFA_ENCRYPTION_KEY") + env_list(
    "HECHTWERK_MFA_ENCRYPTION_KEY_FALLBACKS"
)
if not MFA_ENCRYPTION_KEYS:
    MFA_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(b"hechtwerk.mfa-encryption:" + SECRET_KEY.encode()).digest()
        ).decode()
    ]

# django-axes: lock the (email, address) pair, so an attacker elsewhere cannot lock a user out.
AXES_FAILURE_LIMIT = int(os.environ.get("HECHTWERK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "hechtwerk.accounts.security.axes_username"
AXES_LOCKOUT_CALLABLE = "hechtwerk.accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = True

# The client's address (T3.3): the number of reverse proxies in front of the site, each of which
# appends to X-Forwarded-For. Lockout, sign-in rate limits, page and API rate limits and the
# access log all take the address from hechtwerk.core.addresses.client_address. Production must
# set it explicitly ("0" when nothing sits in front); check --deploy reports it missing.
HECHTWERK_PROXY_COUNT_SET = "HECHTWERK_PROXY_COUNT" in os.environ
HECHTWERK_PROXY_COUNT = int(os.environ.get("HECHTWERK_PROXY_COUNT", "0") or "0")
AXES_CLIENT_IP_CALLABLE = "hechtwerk.core.addresses.client_address"

# Rate limits per user (pages) and per token (API), "<calls>/<period>" (ASVS 2.4.1). Counted in
# the default cache, which must be shared between processes in production (REDIS_URL).
RATE_LIMITS = {
    "export": os.environ.get("HECHTWERK_RATE_LIMIT_EXPORT", "20/10m"),
    "search": os.environ.get("HECHTWERK_RATE_LIMIT_SEARCH", "120/m"),
    "api": os.environ.get("HECHTWERK_RATE_LIMIT_API", "300/m"),
    # One integration client (a JGZ-dossier) calls for every professional of its organisation.
    "api_client": os.environ.get("HECHTWERK_RATE_LIMIT_API_CLIENT", "1200/m"),
}

# Request bodies read into memory (API JSON, form fields; uploaded files are not counted): 5 MB,
# the documented limit of a FHIR history Bundle (signalling.services.history_import
# MAX_BUNDLE_BYTES), so the largest allowed Bundle fits and a larger API body answers 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Sessions: 30 minutes idle, 12 hours at most (NIST 800-63B AAL2, ASVS 7.3).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
# Interface strings are written in Dutch (the primary language); locale/en holds English.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# Small-number suppression of every figure (hechtwerk.core.figures, T4.7): counts of 1 up to this
# number minus one are withheld, and so is anything that would give them away.
FIGURES_SUPPRESSION_THRESHOLD = 5

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("HECHTWERK_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("HECHTWERK_MEDIA_ROOT", BASE_DIR / "media"))
# The closed material library keeps its files outside the web root; they are served only
# through the library's access check (materials.views.download), never as static files.
MATERIALS_ROOT = Path(os.environ.get("HECHTWERK_MATERIALS_ROOT", BASE_DIR / "var" / "materials"))
MATERIALS_MAX_UPLOAD_BYTES = int(
    os.environ.get("HECHTWERK_MATERIALS_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))
)
# Who may open the library besides its beheerder: every check must allow. Licensing and materials
# share a layer and may not import each other, so the project wires them here (like
# AUTHENTICATION_BACKENDS); materials.hooks loads each path with import_string.
MATERIALS_LIBRARY_ACCESS_CHECKS = ["hechtwerk.licensing.checks.library_access"]

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=not DEBUG)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Hechtwerk <noreply@hechtwerk.nl>")
SECURITY_CONTACT = os.environ.get("HECHTWERK_SECURITY_CONTACT", "mailto:security@hechtwerk.nl")

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "HECHTWERK_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# Security headers and cookies. Production serves only HTTPS; cookies carry the __Host- prefix.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("HECHTWERK_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
    if HECHTWERK_PROXY_COUNT:
        # Trust X-Forwarded-Proto only when the site is known to sit behind a proxy (T3.3).
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Strict Content Security Policy: only our own scripts and styles, no inline code.
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Structured logs, without health data: log lines carry ids and categories only (T1.12).
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "hechtwerk.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HECHTWERK_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO (also when imported): not worth a line.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Retention (years): access logs at least 5 (NEN 7513); client records per organisation.
ACCESS_LOG_RETENTION_YEARS = int(os.environ.get("HECHTWERK_ACCESS_LOG_RETENTION_YEARS", "5"))
ACCESS_LOG_MAX_RETENTION_YEARS = int(
    os.environ.get("HECHTWERK_ACCESS_LOG_MAX_RETENTION_YEARS", "20")
)
# Access-log integrity (T1.14, T1.15): each line's hash is an HMAC keyed with a secret kept out of
# the database; old keys stay listed for verification after a rotation. Development gets a fixed,
# public key; production refuses to write the log without one (check --deploy reports it).
ACCESS_LOG_KEY = os.environ.get("HECHTWERK_ACCESS_LOG_KEY", "") or (
    "hechtwerk-development-access-log-key-not-secret" if DEBUG else ""
)
ACCESS_LOG_KEY_FALLBACKS = env_list("HECHTWERK_ACCESS_LOG_KEY_FALLBACKS")
# Append-only file outside the database that holds signed checkpoints of the chain's head.
ACCESS_LOG_CHECKPOINT_PATH = os.environ.get("HECHTWERK_ACCESS_LOG_CHECKPOINT_PATH", "") or (
    str(BASE_DIR / "var" / "access-log-checkpoints.jsonl") if DEBUG else ""
)
# The purge of old access-log lines runs with its own database role (docs/deploy.md §5).
if os.environ.get("HECHTWERK_PURGE_DATABASE_URL"):
    DATABASES["purge"] = dj_database_url.parse(os.environ["HECHTWERK_PURGE_DATABASE_URL"])
# Database roles the grants of `manage.py setup_database_roles` are for (PostgreSQL only).
DATABASE_APP_ROLE = os.environ.get("HECHTWERK_DATABASE_APP_ROLE", "")
DATABASE_PURGE_ROLE = os.environ.get("HECHTWERK_DATABASE_PURGE_ROLE", "")

NINJA_PAGINATION_PER_PAGE = 50
FORM_RENDERER = "hechtwerk.core.forms.FormRenderer"
