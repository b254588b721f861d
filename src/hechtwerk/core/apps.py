from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hechtwerk.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Deployment checks: shared cache, proxy count, MFA key (core/checks.py); access-log
        # key, checkpoint store and outcome middleware (core/checks_access.py).
        from . import checks, checks_access  # noqa: F401
        from .dbroles import regrant_after_migrate

        # After every migrate, the database roles' grants are applied again (core/dbroles.py).
        post_migrate.connect(regrant_after_migrate, sender=self)
