from django.apps import AppConfig


class LogbookConfig(AppConfig):
    """The access-log viewer for the log manager; the log itself is core's `AccessEvent`."""

    name = "hechtwerk.logbook"
    label = "logbook"
    default_auto_field = "django.db.models.BigAutoField"
