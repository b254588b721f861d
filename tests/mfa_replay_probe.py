"""One worker process of tests/test_mfa_replay.py: signs in with a password and a TOTP code.

Run as `mfa_replay_probe.py setup <secret>` once (migrate, create the user) and then
`mfa_replay_probe.py sign-in <code>` per worker. Every process has its own in-memory cache, like
gunicorn workers without Redis; the clock is frozen so that all of them share one time step.
Prints one JSON object.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(BASE), str(BASE / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import time_machine  # noqa: E402

FROZEN_AT = "2026-03-02T08:00:05+00:00"
EMAIL = "replay@jgz.example"

with time_machine.travel(FROZEN_AT, tick=False):
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from hechtwerk.accounts.constants import Role
    from hechtwerk.accounts.tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    command, argument = sys.argv[1], sys.argv[2]
    if command == "setup":
        call_command("migrate", verbosity=0, stdout=io.StringIO())
        user = UserFactory(email=EMAIL, totp_secret=argument)
        MembershipFactory(user=user, role=Role.YOUTH_NURSE)
        print(json.dumps({"cache": settings.CACHES["default"]["BACKEND"], "pid": os.getpid()}))
    else:
        client = Client()
        client.post(reverse("account_login"), {"login": EMAIL, "password": TEST_PASSWORD})
        response = client.post(reverse("mfa_authenticate"), {"code": argument})
        print(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "status": response.status_code,
                    "signed_in": "_auth_user_id" in client.session,
                }
            )
        )
