"""Second factors at rest and in use: encrypted secrets, and each TOTP code accepted once.

Secrets: allauth stores the TOTP secret and the recovery-code seed through its MFA adapter's
`encrypt`/`decrypt` hooks; `MFAAdapter` (adapter.py) sends them here, where they are encrypted
with Fernet (AES-CBC + HMAC) under `settings.MFA_ENCRYPTION_KEYS`: the first key encrypts, all
keys decrypt, so a key can be rotated (`manage.py rotate_mfa_key`).

Used codes: allauth remembers a used TOTP code in the cache, which is per process unless the
cache is shared, so another worker accepted the same code again (T3.4, ASVS 6.5.1). `install()`
replaces that record by a row per (authenticator, time step) in the database, behind a unique
constraint: whichever process claims the step first wins, every other is refused.
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import IntegrityError, transaction

# A step is kept a while after its use, so a code (valid for one 30-second step, or a few with
# allauth's tolerance) can never be claimed twice; older rows are pruned on the next sign-in.
KEEP_USED_STEPS = 20


class SecretDecryptionError(Exception):
    """A stored second-factor secret does not decrypt with any configured key."""


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.MFA_ENCRYPTION_KEYS))


def encrypt_secret(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt_secret(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        # Never fall back to reading the value as plain text: whoever can write the database
        # could then plant a secret of their own.
        raise SecretDecryptionError(
            "A second-factor secret does not decrypt: check HECHTWERK_MFA_ENCRYPTION_KEY and its "
            "fallbacks."
        ) from exc


def reencrypt_secret(token: str) -> str:
    """The same secret, encrypted under the current first key (rotation)."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretDecryptionError("A second-factor secret does not decrypt.") from exc


def claim_totp_step(authenticator_id: int, step: int) -> bool:
    """Record that `step` was used for this authenticator; False if it (or a later one) was."""
    from .models import UsedTOTPStep

    used = UsedTOTPStep.objects.filter(authenticator_id=authenticator_id)
    if used.filter(step__gte=step).exists():
        return False
    try:
        with transaction.atomic():
            UsedTOTPStep.objects.create(authenticator_id=authenticator_id, step=step)
    except IntegrityError:
        return False
    used.filter(step__lt=step - KEEP_USED_STEPS).delete()
    return True


def _mark_code_used(self: object, code: str) -> bool:
    """Replacement for allauth's TOTP._mark_code_used: the database, not the cache, decides."""
    from allauth.core.internal.cryptokit import compare_user_code
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from allauth.mfa.utils import decrypt

    instance = self.instance  # type: ignore[attr-defined]
    secret = decrypt(instance.data["secret"])
    for step in yield_hotp_counters_from_time():
        if compare_user_code(actual=code, expected=format_hotp_value(hotp_value(secret, step))):
            return claim_totp_step(instance.pk, step)
    return False


def install() -> None:
    """Route allauth's used-code record to the database (called from AccountsConfig.ready)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP._mark_code_used = _mark_code_used  # type: ignore[method-assign]
