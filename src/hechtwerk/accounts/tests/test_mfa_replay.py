"""A TOTP code is accepted once, whichever worker process receives it (T3.4, ASVS 6.5.1).

Two OS processes share one database file and nothing else: each has its own in-memory cache,
as gunicorn workers without a shared cache do. The first sign-in with a code succeeds; the same
code sent to the second process is refused.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value

BASE = Path(__file__).resolve().parents[4]
PROBE = BASE / "tests" / "mfa_replay_probe.py"
FROZEN_STEP = 1772438405 // 30  # 2026-03-02 08:00:05 UTC, as in the probe


def _run(env: dict[str, str], *args: str) -> dict:
    result = subprocess.run(  # noqa: S603 - our own probe script
        [sys.executable, str(PROBE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=BASE,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def worker_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HECHTWERK_"))}
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="config.settings_test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    )
    env.pop("REDIS_URL", None)
    return env


def test_it_refuses_a_totp_code_replayed_to_another_worker_process(worker_env):
    secret = generate_totp_secret()
    code = format_hotp_value(hotp_value(secret, FROZEN_STEP))
    setup = _run(worker_env, "setup", secret)
    assert setup["cache"].endswith("LocMemCache")  # nothing shared but the database

    first = _run(worker_env, "sign-in", code)
    second = _run(worker_env, "sign-in", code)

    assert first["pid"] != second["pid"]
    assert (first["status"], first["signed_in"]) == (302, True)
    assert (second["status"], second["signed_in"]) == (200, False)
