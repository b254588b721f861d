"""Lockout after failed sign-ins on an (email, address) pair (ASVS 6.3.1, 6.1.1)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.tests.factories import TEST_PASSWORD

from .helpers import is_signed_in, post_password

ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


def _fail(email: str, times: int, address: str = ATTACKER) -> None:
    for _ in range(times):
        response = post_password(Client(REMOTE_ADDR=address), email, "dit-is-niet-het-wachtwoord")
        assert response.status_code in (200, 429)


def test_it_accepts_the_right_password_after_four_failures(trainer):
    _fail(trainer.user.email, 4)
    client = Client(REMOTE_ADDR=ATTACKER)

    response = post_password(client, trainer.user.email, TEST_PASSWORD)

    assert response["Location"] == reverse("core:home")
    assert is_signed_in(client)


def test_it_refuses_even_the_right_password_after_five_failures(trainer, frozen):
    _fail(trainer.user.email, 5)
    client = Client(REMOTE_ADDR=ATTACKER)

    response = post_password(client, trainer.user.email, TEST_PASSWORD)

    assert response.status_code == 429
    assert not is_signed_in(client)
    page = response.content.decode()
    assert "Aanmelden is tijdelijk geblokkeerd" in page
    assert 'lang="nl"' in page


def test_it_still_lets_the_same_email_in_from_another_address(nurse, frozen):
    _fail(nurse.user.email, 6)
    client = Client(REMOTE_ADDR=COLLEAGUE)

    response = post_password(client, nurse.user.email, TEST_PASSWORD)

    # Password accepted; the second factor comes next.
    assert response["Location"] == reverse("mfa_authenticate")


def test_it_keeps_the_lockout_until_the_cool_off_has_passed(trainer, frozen):
    _fail(trainer.user.email, 5)
    frozen.shift(15 * 60 - 5)

    response = post_password(Client(REMOTE_ADDR=ATTACKER), trainer.user.email, TEST_PASSWORD)

    assert response.status_code == 429


def test_it_lifts_the_lockout_after_the_fifteen_minute_cool_off(trainer, frozen):
    _fail(trainer.user.email, 5)
    frozen.shift(15 * 60 + 1)
    client = Client(REMOTE_ADDR=ATTACKER)

    response = post_password(client, trainer.user.email, TEST_PASSWORD)

    assert response["Location"] == reverse("core:home")
    assert is_signed_in(client)


def test_it_locks_out_an_email_that_has_no_account_without_telling(db, frozen):
    _fail("niemand@voorbeeld.example", 5)

    response = post_password(Client(REMOTE_ADDR=ATTACKER), "niemand@voorbeeld.example", "x" * 14)

    # The same page as for an existing account: no hint whether the address is known.
    assert response.status_code == 429
