"""Production hardening (T3.1, ASVS 3.4, 13.4): what the site does with production settings.

Settings are decided at import, so these checks run in fresh processes with a production
environment: one `manage.py check --deploy`, and one probe (tests/deploy_probe.py) that makes
the requests and tries the settings that must refuse to start. Everything else asserts on its JSON.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

BASE = Path(__file__).resolve().parent.parent
HSTS_ONE_YEAR = 31_536_000


def production_env(database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "HECHTWERK_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="hechtwerk.example.nl",
        DATABASE_URL=database_url,
        REDIS_URL="redis://127.0.0.1:6379/0",
        HECHTWERK_PROXY_COUNT="1",
        HECHTWERK_MFA_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        HECHTWERK_ACCESS_LOG_KEY=secrets.token_urlsafe(48),
        HECHTWERK_ACCESS_LOG_CHECKPOINT_PATH="/tmp/hechtwerk-checkpoints.log",  # noqa: S108
    )
    return env


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=BASE,
    )


@pytest.fixture(scope="module")
def probe() -> dict:
    env = production_env("sqlite://:memory:")
    env.pop("REDIS_URL")  # the probe is one process; it must not need a running Redis
    result = subprocess.run(
        [sys.executable, str(BASE / "tests" / "deploy_probe.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=BASE,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_passes_the_deployment_checklist_without_warnings():
    result = deploy_check(production_env("postgres://hechtwerk@127.0.0.1:5432/hechtwerk"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "check_id"),
    [
        # T3.4: rate limits (and allauth's) count per process without a shared cache.
        ("REDIS_URL", None, "hechtwerk.deploy.E001"),
        # T3.3: the client's address depends on the proxy count; it must be chosen, not assumed.
        ("HECHTWERK_PROXY_COUNT", None, "hechtwerk.deploy.E002"),
        # Second-factor secrets at rest need their own key from the environment.
        ("HECHTWERK_MFA_ENCRYPTION_KEY", None, "hechtwerk.deploy.E003"),
        ("HECHTWERK_MFA_ENCRYPTION_KEY", "geen-fernet-sleutel", "hechtwerk.E004"),
        ("HECHTWERK_RATE_LIMIT_API", "veel", "hechtwerk.E005"),
    ],
)
def test_it_fails_the_deployment_check_without_a_production_setting(variable, value, check_id):
    env = production_env("postgres://hechtwerk@127.0.0.1:5432/hechtwerk")
    env.pop(variable, None)
    if value is not None:
        env[variable] = value

    result = deploy_check(env)

    assert result.returncode != 0
    assert check_id in result.stdout + result.stderr


def test_it_accepts_proxy_count_zero_for_a_site_reached_directly():
    env = production_env("postgres://hechtwerk@127.0.0.1:5432/hechtwerk")
    env["HECHTWERK_PROXY_COUNT"] = "0"

    result = deploy_check(env)

    assert result.returncode == 0, result.stdout + result.stderr


def test_it_runs_without_debug(probe):
    assert probe["debug"] is False


def test_it_sends_the_security_headers(probe):
    headers = probe["headers"]
    hsts = dict(
        ([*part.split("="), ""])[:2] for part in headers["Strict-Transport-Security"].split("; ")
    )
    assert int(hsts["max-age"]) >= HSTS_ONE_YEAR
    assert "includeSubDomains" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    csp = headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp


def test_it_redirects_plain_http_to_https(probe):
    assert probe["plain_http"] == [301]


def test_it_sets_host_prefixed_secure_cookies(probe):
    cookies = probe["cookies_after_sign_in"]
    assert set(cookies) == {"__Host-sessionid", "__Host-csrftoken"}
    session, csrf = cookies["__Host-sessionid"], cookies["__Host-csrftoken"]
    assert session == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
        "path": "/",
        "domain": "",
    }
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    assert probe["csrf_cookie"]["__Host-csrftoken"]["secure"] is True


def test_it_shows_the_dutch_error_page_without_a_stack_trace(probe):
    crash = probe["crash"]
    assert crash["status"] == 500
    assert "Er ging iets mis" in crash["body"]
    for leak in ("Traceback", "secret-internal-detail", "RuntimeError", "deploy_probe"):
        assert leak not in crash["body"]


def test_it_does_not_serve_repository_files(probe):
    assert probe["git_config"]["status"] == 404
    assert "[core]" not in probe["git_config"]["body"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("demo_without_debug", "HECHTWERK_DEMO_MODE"),
        ("no_secret_key", "DJANGO_SECRET_KEY"),
        ("no_database_url", "DATABASE_URL"),
        ("no_allowed_hosts", "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_it_refuses_to_start_with_unsafe_settings(probe, case, message):
    assert message in probe["refusals"][case]


def test_it_starts_with_complete_production_settings(probe):
    assert probe["refusals"]["production"] == ""
