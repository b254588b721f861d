"""One structured security log line per sign-in event (ASVS 16.3.1, 16.4.1)."""

from __future__ import annotations

import json
import logging

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.tests.factories import TEST_PASSWORD
from hechtwerk.core.logging import JsonFormatter

from .helpers import post_code, post_password, totp_code

WRONG_PASSWORD = "dit-is-fout-geheim-99"


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="hechtwerk.security")

    def lines(event: str | None = None) -> list[dict[str, object]]:
        formatter = JsonFormatter()
        found = [
            json.loads(formatter.format(record))
            for record in caplog.records
            if record.name == "hechtwerk.security"
        ]
        return [line for line in found if event is None or line["event"] == event]

    return lines


def _assert_no_secrets(lines, *secrets: str) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps(lines)
    for secret in secrets:
        assert secret not in text


def test_it_logs_a_successful_sign_in_once(nurse, frozen, security_log):
    client = Client(REMOTE_ADDR="192.0.2.10")
    post_password(client, nurse.user.email, TEST_PASSWORD)
    code = totp_code(nurse.user.totp_secret_value)
    post_code(client, code)

    [line] = security_log("login.succeeded")
    assert line["user"] == str(nurse.user.uuid)
    assert line["ip"] == "192.0.2.10"
    assert line["logger"] == "hechtwerk.security"
    [mfa] = security_log("mfa.succeeded")
    assert mfa["method"] == "totp"
    _assert_no_secrets(security_log(), TEST_PASSWORD, code, nurse.user.totp_secret_value)


def test_it_logs_a_failed_sign_in_without_the_password_or_the_email(nurse, security_log):
    post_password(Client(), nurse.user.email, WRONG_PASSWORD)
    post_password(Client(), "onbekend@voorbeeld.example", WRONG_PASSWORD)

    known, unknown = security_log("login.failed")
    assert known["level"] == "WARNING"
    assert known["user"] == str(nurse.user.uuid)
    assert known["known_user"] is True
    assert unknown["known_user"] is False
    assert unknown["user"] == ""
    assert len(str(unknown["login_ref"])) == 16
    assert not security_log("login.succeeded")
    _assert_no_secrets(security_log(), WRONG_PASSWORD, nurse.user.email, "onbekend@")


def test_it_logs_a_lockout(trainer, frozen, security_log):
    for _ in range(5):
        post_password(Client(REMOTE_ADDR="203.0.113.9"), trainer.user.email, WRONG_PASSWORD)

    [line] = security_log("login.locked_out")
    assert line["user"] == str(trainer.user.uuid)
    assert line["ip"] == "203.0.113.9"
    assert len(security_log("login.failed")) == 5


def test_it_logs_a_wrong_second_factor(nurse, frozen, security_log):
    client = Client()
    post_password(client, nurse.user.email, TEST_PASSWORD)
    wrong = "123456" if totp_code(nurse.user.totp_secret_value) != "123456" else "654321"

    post_code(client, wrong)

    [line] = security_log("mfa.failed")
    assert line["user"] == str(nurse.user.uuid)
    _assert_no_secrets(security_log(), wrong)


def test_it_logs_activating_and_deactivating_totp(
    make_persona, jgz, frozen, security_log, django_capture_on_commit_callbacks
):
    persona = make_persona(Role.YOUTH_NURSE, jgz, mfa=False)
    client = Client()
    client.force_login(persona.user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    code = totp_code(secret)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 302
    activated = security_log("mfa.activated")
    assert {line["method"] for line in activated} == {"totp", "recovery_codes"}
    _assert_no_secrets(security_log(), secret, code, TEST_PASSWORD)

    frozen.shift(30)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"), {})

    assert response.status_code == 302
    # Removing TOTP removes the recovery codes too: one line for each.
    deactivated = security_log("mfa.deactivated")
    assert {line["method"] for line in deactivated} == {"totp", "recovery_codes"}
    assert {line["level"] for line in deactivated} == {"WARNING"}


def test_it_logs_a_logout(trainer, security_log):
    client = Client()
    client.force_login(trainer.user)

    client.post(reverse("account_logout"))

    [line] = security_log("logout")
    assert line["user"] == str(trainer.user.uuid)


def test_it_logs_a_password_change(trainer, security_log):
    client = Client()
    client.force_login(trainer.user)
    new_password = "nieuw-en-lang-wachtwoord-58"

    client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new_password, "password2": new_password},
    )

    [line] = security_log("password.changed")
    assert line["user"] == str(trainer.user.uuid)
    _assert_no_secrets(security_log(), TEST_PASSWORD, new_password)


def test_it_writes_an_injected_newline_as_data_on_one_line(caplog):
    from hechtwerk.accounts.security_log import log_event

    caplog.set_level(logging.INFO, logger="hechtwerk.security")
    log_event("login.failed", ip='1.2.3.4\n{"event": "login.succeeded"}')

    [record] = [r for r in caplog.records if r.name == "hechtwerk.security"]
    formatted = JsonFormatter().format(record)
    assert "\n" not in formatted
    assert json.loads(formatted)["event"] == "login.failed"
