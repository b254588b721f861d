import django.db.models.deletion
from django.db import migrations, models

# Fields of allauth's Authenticator.data that hold a secret, by authenticator type.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}


def _fernet():  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet, MultiFernet
    from django.conf import settings

    return MultiFernet([Fernet(key.encode()) for key in settings.MFA_ENCRYPTION_KEYS])


def _is_encrypted(fernet, value: str) -> bool:  # type: ignore[no-untyped-def]
    from cryptography.fernet import InvalidToken

    try:
        fernet.decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def encrypt_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Secrets stored in the clear before encryption at rest get encrypted in place."""
    authenticator_model = apps.get_model("mfa", "Authenticator")
    fernet = _fernet()
    for authenticator in authenticator_model.objects.filter(type__in=SECRET_FIELDS):
        data = dict(authenticator.data)
        changed = False
        for field in SECRET_FIELDS[authenticator.type]:
            value = data.get(field)
            if isinstance(value, str) and not _is_encrypted(fernet, value):
                data[field] = fernet.encrypt(value.encode()).decode()
                changed = True
        codes = data.get("migrated_codes")
        if isinstance(codes, list):
            data["migrated_codes"] = [
                code if _is_encrypted(fernet, code) else fernet.encrypt(code.encode()).decode()
                for code in codes
            ]
            changed = True
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def decrypt_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    authenticator_model = apps.get_model("mfa", "Authenticator")
    fernet = _fernet()
    for authenticator in authenticator_model.objects.filter(type__in=SECRET_FIELDS):
        data = dict(authenticator.data)
        for field in SECRET_FIELDS[authenticator.type]:
            value = data.get(field)
            if isinstance(value, str) and _is_encrypted(fernet, value):
                data[field] = fernet.decrypt(value.encode()).decode()
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [
                fernet.decrypt(c.encode()).decode() if _is_encrypted(fernet, c) else c
                for c in data["migrated_codes"]
            ]
        authenticator.data = data
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.CreateModel(
            name="UsedTOTPStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("step", models.BigIntegerField(verbose_name="tijdstap")),
                ("used_at", models.DateTimeField(auto_now_add=True, verbose_name="gebruikt op")),
                (
                    "authenticator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="mfa.authenticator",
                    ),
                ),
            ],
            options={
                "verbose_name": "gebruikte TOTP-code",
                "verbose_name_plural": "gebruikte TOTP-codes",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("authenticator", "step"), name="accounts_totp_step_used_once"
                    )
                ],
            },
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
