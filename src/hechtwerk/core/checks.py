"""System checks for what production needs beyond Django's own checklist (T3.1, T3.3, T3.4).

`manage.py check --deploy` reports, in production settings:
- a cache that is not shared between worker processes: rate limits (sign-in, pages, API, signed
  links) would count per process, so N workers allow N times the limit;
- a proxy count that was not set explicitly: the client's address for lockout, rate limits and
  the access log depends on it, and a guess is either spoofable or locks everyone out together;
- a missing MFA encryption key: second-factor secrets would be encrypted with a key derived
  from DJANGO_SECRET_KEY instead of one kept and rotated on its own.
Every run (not only --deploy) refuses malformed MFA keys and rate limits.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

# Cache backends that every worker process of one site shares.
SHARED_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "hechtwerk.core.cache.RedisCache",  # the same, one client object per process
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
)


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in SHARED_CACHE_BACKENDS:
        return []
    return [
        Error(
            "The default cache is not shared between worker processes, so rate limits count "
            "per process.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0); see docs/deploy.md.",
            id="hechtwerk.deploy.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_proxy_count(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "HECHTWERK_PROXY_COUNT_SET", False):
        return []
    return [
        Error(
            "HECHTWERK_PROXY_COUNT is not set: the client's address (lockout, rate limits, "
            "access log) depends on how many proxies sit in front of the site.",
            hint="Set HECHTWERK_PROXY_COUNT to the number of reverse proxies, or 0 when "
            "clients reach gunicorn directly; see docs/deploy.md.",
            id="hechtwerk.deploy.E002",
        )
    ]


@register(Tags.security, deploy=True)
def check_mfa_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "MFA_ENCRYPTION_KEY_SET", False):
        return []
    return [
        Error(
            "HECHTWERK_MFA_ENCRYPTION_KEY is not set: TOTP secrets and recovery-code seeds are "
            "encrypted with a key derived from DJANGO_SECRET_KEY.",
            hint="Generate one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`; see docs/deploy.md.",
            id="hechtwerk.deploy.E003",
        )
    ]


@register(Tags.security)
def check_mfa_keys_are_fernet_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from cryptography.fernet import Fernet

    problems: list[CheckMessage] = []
    for position, key in enumerate(settings.MFA_ENCRYPTION_KEYS):
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append(
                Error(
                    f"MFA encryption key number {position + 1} is not a Fernet key.",
                    hint="A Fernet key is 32 random bytes in url-safe base64 (44 characters).",
                    id="hechtwerk.E004",
                )
            )
    return problems


@register(Tags.security)
def check_rate_limits(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from .ratelimit import parse_rate

    problems: list[CheckMessage] = []
    for scope, rate in settings.RATE_LIMITS.items():
        try:
            parse_rate(rate)
        except ValueError:
            problems.append(
                Error(
                    f"Rate limit {scope!r} is {rate!r}.",
                    hint="Write it as <calls>/<period>, e.g. 20/10m, 120/m or 1000/h.",
                    id="hechtwerk.E005",
                )
            )
    return problems
