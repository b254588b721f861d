from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hechtwerk.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The one use of signals in this project: reacting to events of Django, allauth and
        # django-axes (sign-in, second factor, lockout, password) with a security log line.
        from . import mfa, security_log

        security_log.connect()
        # A TOTP code is used once across worker processes: recorded in the database (T3.4).
        mfa.install()
