"""Security events as one structured log line each (ASVS 16.3.1).

Sign-in success and failure, lockout, second-factor use, changes to the second factor and
password changes are reported by Django, allauth and django-axes through their signals; the
receivers below turn each into a JSON line on the "hechtwerk.security" logger. A line names the
event, the user (by UUID), the address and the method, never a password, code or secret.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.http import HttpRequest

logger = logging.getLogger("hechtwerk.security")


def _address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    from hechtwerk.core.addresses import client_address

    return client_address(request)


def _login_ref(login: str) -> str:
    """A short one-way reference to a typed login name, so failures can be grouped without
    storing what was typed (that may be a password typed into the wrong field)."""
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:16]


def _user_ref(user: Any) -> str:
    return str(getattr(user, "uuid", "") or "")


def log_event(event: str, *, level: int = logging.INFO, **fields: str | bool | None) -> None:
    """Write one security event; every field must be free of secrets and health data."""
    logger.log(level, event, extra={"event": event, **fields})


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log_event("login.succeeded", user=_user_ref(user), ip=_address(request))


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_event("logout", user=_user_ref(user), ip=_address(request))


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    from .models import User

    login = str(credentials.get("email") or credentials.get("username") or "")
    user = User.objects.filter(email=login.strip().lower()).only("uuid").first() if login else None
    log_event(
        "login.failed",
        level=logging.WARNING,
        user=_user_ref(user),
        login_ref=_login_ref(login) if login else "",
        known_user=user is not None,
        ip=_address(request),
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str, ip_address: str, **kwargs: Any
) -> None:
    from .models import User

    user = User.objects.filter(email=str(username).strip().lower()).only("uuid").first()
    log_event(
        "login.locked_out",
        level=logging.WARNING,
        user=_user_ref(user),
        login_ref=_login_ref(str(username)),
        ip=str(ip_address or _address(request)),
    )


def on_mfa_used(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    authenticator = kwargs.get("authenticator")
    log_event(
        "mfa.succeeded",
        user=_user_ref(user),
        method=str(getattr(authenticator, "type", "")),
        reauthentication=bool(kwargs.get("reauthenticated")),
        ip=_address(request),
    )


def on_mfa_failed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    authenticator = kwargs.get("authenticator")
    log_event(
        "mfa.failed",
        level=logging.WARNING,
        user=_user_ref(user),
        method=str(getattr(authenticator, "type", "") or ""),
        ip=_address(request),
    )


def on_mfa_added(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    authenticator = kwargs.get("authenticator")
    log_event(
        "mfa.activated",
        user=_user_ref(user),
        method=str(getattr(authenticator, "type", "")),
        ip=_address(request),
    )


def on_mfa_removed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    authenticator = kwargs.get("authenticator")
    log_event(
        "mfa.deactivated",
        level=logging.WARNING,
        user=_user_ref(user),
        method=str(getattr(authenticator, "type", "")),
        ip=_address(request),
    )


def on_mfa_reset(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    authenticator = kwargs.get("authenticator")
    log_event(
        "mfa.reset",
        user=_user_ref(user),
        method=str(getattr(authenticator, "type", "")),
        ip=_address(request),
    )


def on_password_changed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log_event("password.changed", user=_user_ref(user), ip=_address(request))


def on_password_reset(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log_event("password.reset", user=_user_ref(user), ip=_address(request))


def connect() -> None:
    """Connect the receivers; called once from AccountsConfig.ready()."""
    from allauth.account import signals as account_signals
    from allauth.mfa import signals as mfa_signals
    from axes.signals import user_locked_out
    from django.contrib.auth import signals as auth_signals

    uid = "hechtwerk.security."
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid=uid + "logged_in")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid=uid + "logged_out")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid=uid + "login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid=uid + "locked_out")
    mfa_signals.authenticator_used.connect(on_mfa_used, dispatch_uid=uid + "mfa_used")
    mfa_signals.authentication_failed.connect(on_mfa_failed, dispatch_uid=uid + "mfa_failed")
    mfa_signals.authenticator_added.connect(on_mfa_added, dispatch_uid=uid + "mfa_added")
    mfa_signals.authenticator_removed.connect(on_mfa_removed, dispatch_uid=uid + "mfa_removed")
    mfa_signals.authenticator_reset.connect(on_mfa_reset, dispatch_uid=uid + "mfa_reset")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid=uid + "pw_changed")
    account_signals.password_set.connect(on_password_changed, dispatch_uid=uid + "pw_set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid=uid + "pw_reset")
