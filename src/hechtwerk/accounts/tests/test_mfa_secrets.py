"""Second-factor secrets at rest are encrypted with a key from the environment (ASVS 11.4, 6.5).

A database dump alone must not hand over TOTP secrets or recovery-code seeds.
"""

from __future__ import annotations

import importlib
import io

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.mfa import SecretDecryptionError
from hechtwerk.accounts.tests.factories import TEST_PASSWORD

from .helpers import is_signed_in, post_code, post_password, recovery_codes, totp_code

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
migration = importlib.import_module(
    "hechtwerk.accounts.migrations.0002_used_totp_steps_and_encrypted_mfa_secrets"
)


def _stored(user, kind: str) -> dict:  # type: ignore[no-untyped-def]
    return dict(Authenticator.objects.get(user=user, type=kind).data)


def test_it_stores_the_totp_secret_and_recovery_seed_encrypted(nurse):
    totp = _stored(nurse.user, Authenticator.Type.TOTP)
    codes = _stored(nurse.user, Authenticator.Type.RECOVERY_CODES)

    assert nurse.user.totp_secret_value not in str(totp)
    assert totp["secret"].startswith("gAAAAA")
    assert codes["seed"].startswith("gAAAAA")


def test_it_still_signs_in_with_totp_and_a_recovery_code(nurse, frozen):
    client = Client()
    post_password(client, nurse.user.email, TEST_PASSWORD)
    assert post_code(client, totp_code(nurse.user.totp_secret_value))["Location"] == reverse(
        "signalling:worklist"
    )

    other = Client()
    post_password(other, nurse.user.email, TEST_PASSWORD)
    post_code(other, recovery_codes(nurse.user)[0])

    assert is_signed_in(client)
    assert is_signed_in(other)


def test_it_signs_in_during_and_after_a_key_rotation(make_persona, jgz, frozen):
    with override_settings(MFA_ENCRYPTION_KEYS=[OLD_KEY]):
        persona = make_persona(Role.YOUTH_NURSE, jgz, email="roos@jgz.example")
    secret = persona.user.totp_secret_value

    with override_settings(MFA_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        client = Client()
        post_password(client, persona.user.email, TEST_PASSWORD)
        assert post_code(client, totp_code(secret)).status_code == 302
        call_command("rotate_mfa_key", stdout=io.StringIO())

    frozen.shift(30)
    with override_settings(MFA_ENCRYPTION_KEYS=[NEW_KEY]):
        client = Client()
        post_password(client, persona.user.email, TEST_PASSWORD)
        response = post_code(client, totp_code(secret))

    assert response["Location"] == reverse("signalling:worklist")


def test_it_refuses_to_read_a_secret_without_its_key(nurse):
    with (
        override_settings(MFA_ENCRYPTION_KEYS=[NEW_KEY]),
        pytest.raises(SecretDecryptionError, match="HECHTWERK_MFA_ENCRYPTION_KEY"),
    ):
        recovery_codes(nurse.user)


def test_it_encrypts_secrets_stored_in_the_clear_before_this_release(nurse, frozen):
    totp = Authenticator.objects.get(user=nurse.user, type=Authenticator.Type.TOTP)
    Authenticator.objects.filter(pk=totp.pk).update(data={"secret": nurse.user.totp_secret_value})

    migration.encrypt_existing(apps, None)

    assert _stored(nurse.user, Authenticator.Type.TOTP)["secret"].startswith("gAAAAA")
    client = Client()
    post_password(client, nurse.user.email, TEST_PASSWORD)
    assert post_code(client, totp_code(nurse.user.totp_secret_value)).status_code == 302
