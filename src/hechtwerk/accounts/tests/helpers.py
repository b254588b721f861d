"""Sign-in helpers: real sign-in through allauth's views, TOTP and recovery codes."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.models import User

# A Monday morning, well inside one 30-second TOTP step.
FROZEN_AT = datetime(2026, 3, 2, 8, 0, 5, tzinfo=UTC)


def totp_code(secret: str, *, steps_back: int = 0) -> str:
    counter = int(time.time()) // 30 - steps_back
    return format_hotp_value(hotp_value(secret, counter))


def recovery_codes(user: User) -> list[str]:
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return list(RecoveryCodes(authenticator).get_unused_codes())


def post_password(client: Client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_login"), {"login": email, "password": password})


def post_code(client: Client, code: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("mfa_authenticate"), {"code": code})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
