from django.apps import AppConfig


class LicensingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hechtwerk.licensing"
    label = "licensing"
    verbose_name = "Licenties"

    def ready(self) -> None:
        from . import checks

        checks.register()
