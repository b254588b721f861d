"""Helpers for the access-log viewer tests: an MFA-verified session and planted log lines."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client, RequestFactory

from hechtwerk.core.access import log_access
from hechtwerk.core.constants import AccessAction

# allauth keeps the user id next to the records; without it the records are ignored.
AUTHENTICATION_USER_SESSION_KEY = "account_authentication_methods_user"


def verified_client(persona: Any) -> Client:
    """Signed in with password and TOTP, as allauth records it in the session."""
    client = Client()
    client.force_login(persona.user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": persona.user.email},
        {"method": "mfa", "at": now, "type": "totp", "id": 1},
    ]
    session[AUTHENTICATION_USER_SESSION_KEY] = str(persona.user.pk)
    session.save()
    return client


def plant(
    persona: Any,
    *,
    client_ref: str,
    client_organisation: Any = None,
    at: dt.datetime | None = None,
    action: AccessAction = AccessAction.READ,
    **kwargs: Any,
):
    """One access-log line written as `persona` would have caused it."""
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.20")
    request.user = persona.user
    request.membership = persona.membership
    org = client_organisation or persona.organisation
    return log_access(
        request,
        action=action,
        data_category=kwargs.pop("data_category", "signalenlijst"),
        client_ref=client_ref,
        client_organisation_id=org.uuid,
        occurred_at=at,
        **kwargs,
    )
