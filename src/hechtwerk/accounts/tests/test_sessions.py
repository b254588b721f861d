"""Session lifetime and ending sessions (ASVS 7.2.4, 7.3.1, 7.3.2, 7.4.1, 7.4.2, 7.4.3)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.services import end_membership
from hechtwerk.accounts.tests.factories import TEST_PASSWORD

from .helpers import is_signed_in

pytestmark = pytest.mark.urls("hechtwerk.accounts.tests.member_urls")

LOGIN = reverse("account_login")


def _lands_on_login(client: Client) -> bool:
    response = client.get(reverse("accounts:account"))
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def _signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:account")).status_code == 200
    return client


def test_it_uses_the_nist_aal2_session_limits():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ABSOLUTE_LIFETIME == 12 * 60 * 60
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_it_refuses_the_old_session_cookie_after_logout(nurse):
    client = _signed_in(nurse.user)
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie

    assert _lands_on_login(replay)


def test_it_ends_other_sessions_when_the_user_is_deactivated(nurse):
    other_device = _signed_in(nurse.user)

    nurse.user.is_active = False
    nurse.user.save(update_fields=["is_active"])

    assert _lands_on_login(other_device)


def test_it_ends_other_sessions_when_the_password_changes(trainer):
    here = _signed_in(trainer.user)
    other_device = _signed_in(trainer.user)
    new_password = "een-ander-lang-wachtwoord-31"

    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    trainer.user.refresh_from_db()
    assert trainer.user.check_password(new_password)
    assert _lands_on_login(other_device)
    # The session that changed the password stays signed in.
    assert here.get(reverse("accounts:account")).status_code == 200


def test_it_stops_an_ended_membership_on_the_next_request(nurse):
    client = _signed_in(nurse.user)
    assert client.get(reverse("test_clinical_page")).status_code == 200
    assert client.get(reverse("test_member_page")).status_code == 200
    assert "Jeugdverpleegkundige" in client.get(reverse("core:home")).content.decode()

    end_membership(actor=None, membership=nurse.membership)

    assert client.get(reverse("test_clinical_page")).status_code == 403
    assert client.get(reverse("test_member_page")).status_code == 403
    page = client.get(reverse("core:home")).content.decode()
    assert "Jeugdverpleegkundige" not in page


def test_it_stops_a_membership_whose_end_date_has_passed(nurse, frozen):
    from datetime import timedelta

    from django.utils import timezone

    nurse.membership.ends_on = timezone.localdate()
    nurse.membership.save(update_fields=["ends_on"])
    client = _signed_in(nurse.user)
    assert client.get(reverse("test_clinical_page")).status_code == 200

    frozen.shift(timedelta(days=1))
    client.force_login(nurse.user)  # a fresh session: only the end date has changed

    assert client.get(reverse("test_clinical_page")).status_code == 403


def test_it_keeps_an_active_user_signed_in_within_the_idle_limit(trainer, frozen):
    client = _signed_in(trainer.user)
    for _ in range(3):
        frozen.shift(29 * 60)
        assert client.get(reverse("accounts:account")).status_code == 200


def test_it_signs_out_after_thirty_one_idle_minutes(trainer, frozen):
    client = _signed_in(trainer.user)

    frozen.shift(31 * 60)

    assert _lands_on_login(client)
    assert not is_signed_in(client)


def test_it_signs_out_twelve_hours_after_sign_in_however_active(trainer, frozen, caplog):
    client = _signed_in(trainer.user)
    for _ in range(28):  # every 25 minutes, never idle: 11 h 40 min
        frozen.shift(25 * 60)
        assert client.get(reverse("accounts:account")).status_code == 200
    frozen.shift(19 * 60)  # 11 h 59 min
    assert client.get(reverse("accounts:account")).status_code == 200

    frozen.shift(2 * 60)  # 12 h 1 min

    assert _lands_on_login(client)
    assert not is_signed_in(client)
    expired = [r for r in caplog.records if getattr(r, "event", "") == "session.expired"]
    assert [r.user for r in expired] == [str(trainer.user.uuid)]
