"""System checks for the access log's integrity in production (T1.14, T1.15, T1.16).

`manage.py check --deploy` fails without an access-log key (or with the public development key,
or a short one) and without a checkpoint store outside the database. Every run checks that the
middleware that writes the outcome of client-data writes is installed: without it a write
attempt would not be logged at all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

DEVELOPMENT_KEY = "hechtwerk-development-access-log-key-not-secret"
MIN_KEY_LENGTH = 32
OUTCOME_MIDDLEWARE = "hechtwerk.core.access.AccessWriteOutcomeMiddleware"


@register(Tags.security, deploy=True)
def check_access_log_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    key = settings.ACCESS_LOG_KEY
    if key and key != DEVELOPMENT_KEY and len(key) >= MIN_KEY_LENGTH:
        return []
    problem = (
        "HECHTWERK_ACCESS_LOG_KEY is not set"
        if not key
        else "HECHTWERK_ACCESS_LOG_KEY is the public development key"
        if key == DEVELOPMENT_KEY
        else f"HECHTWERK_ACCESS_LOG_KEY is shorter than {MIN_KEY_LENGTH} characters"
    )
    return [
        Error(
            f"{problem}: the access log's hash chain must be keyed with a secret kept out of "
            "the database, or whoever can write the database can re-hash altered lines.",
            hint="python -c 'import secrets; print(secrets.token_urlsafe(48))'; see "
            "docs/deploy.md, 'The access log'.",
            id="hechtwerk.deploy.E101",
        )
    ]


@register(Tags.security, deploy=True)
def check_access_log_checkpoints(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.ACCESS_LOG_CHECKPOINT_PATH:
        return []
    return [
        Error(
            "HECHTWERK_ACCESS_LOG_CHECKPOINT_PATH is not set: without checkpoints of the access "
            "log's head outside the database, a deleted suffix of the log goes unnoticed.",
            hint="An append-only file outside the database's reach, written by "
            "checkpoint_access_log every few minutes; see docs/deploy.md.",
            id="hechtwerk.deploy.E102",
        )
    ]


@register(Tags.security)
def check_access_outcome_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if OUTCOME_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        Error(
            f"{OUTCOME_MIDDLEWARE} is not in MIDDLEWARE: write attempts on client data would "
            "not reach the access log.",
            id="hechtwerk.E103",
        )
    ]
