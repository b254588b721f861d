"""Password rules and storage (ASVS 6.2.1, 6.2.4, 6.2.9, 6.2.11, 6.2.12, 11.4.2)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from config import settings as production_settings
from hechtwerk.accounts.models import User


def _refused(password: str, user: User | None = None) -> bool:
    try:
        validate_password(password, user)
    except ValidationError:
        return True
    return False


@override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS)
def test_it_stores_a_new_password_as_argon2id(db):
    user = User.objects.create_user("nieuw@voorbeeld.example", "een-lang-nieuw-wachtwoord")

    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("een-lang-nieuw-wachtwoord")


def test_it_lists_argon2_first_in_production():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("password", ["kort", "elf-tekens!", "a" * 7 + "Bc1!"])
def test_it_refuses_passwords_shorter_than_twelve(password):
    assert len(password) < 12
    assert _refused(password)


@pytest.mark.parametrize("length", [12, 64, 128])
def test_it_accepts_long_passwords_without_composition_rules(length):
    password = ("paardenbloem zonnig " * 10)[:length]

    assert not _refused(password)


@pytest.mark.parametrize("password", ["password123", "Welkom01!", "qwertyuiop123"])
def test_it_refuses_common_passwords(password):
    assert _refused(password)


@pytest.mark.parametrize(
    "password",
    ["Hechting-is-belangrijk", "mijn-JGZ-wachtwoord", "ggd-amsterdam-2026", "hechtwerk-rocks-42"],
)
def test_it_refuses_words_from_the_platform_context(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)

    assert "mag het woord" in " ".join(error.value.messages)


def test_it_refuses_the_name_of_the_users_own_organisation(nurse):
    # The persona's organisation is "JGZ Hollands Testland".
    assert _refused("testland-voor-altijd-7", nurse.user)
    assert not _refused("testland-voor-altijd-7", None)


def test_it_refuses_a_password_that_is_the_users_email(db):
    user = User(email="marieke.jansen@voorbeeld.example")

    assert _refused("marieke.jansen@voorbeeld.example", user)
