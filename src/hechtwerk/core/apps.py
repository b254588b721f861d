from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hechtwerk.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deployment checks: shared cache, proxy count, MFA key (core/checks.py).
        from . import checks  # noqa: F401

        # Access-log key, checkpoint store and outcome middleware (core/checks_access.py).
        from . import checks_access  # noqa: F401
