"""Re-encrypt every stored second-factor secret under the current MFA encryption key.

Rotation: put the new key first in HECHTWERK_MFA_ENCRYPTION_KEY, the old one in
HECHTWERK_MFA_ENCRYPTION_KEY_FALLBACKS, restart, run this command, then drop the fallback.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from hechtwerk.accounts.mfa import reencrypt_secret

SECRET_FIELDS = {Authenticator.Type.TOTP: ("secret",), Authenticator.Type.RECOVERY_CODES: ("seed",)}


class Command(BaseCommand):
    help = "Re-encrypt TOTP secrets and recovery-code seeds under the first MFA encryption key."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update().filter(
                type__in=SECRET_FIELDS
            ):
                data = dict(authenticator.data)
                for field in SECRET_FIELDS[Authenticator.Type(authenticator.type)]:
                    if isinstance(data.get(field), str):
                        data[field] = reencrypt_secret(data[field])
                if isinstance(data.get("migrated_codes"), list):
                    data["migrated_codes"] = [reencrypt_secret(c) for c in data["migrated_codes"]]
                authenticator.data = data
                authenticator.save(update_fields=["data"])
                count += 1
        self.stdout.write(f"{count} second-factor secrets re-encrypted under the current key.")
