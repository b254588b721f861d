from django.apps import AppConfig


class SignallingConfig(AppConfig):
    name = "hechtwerk.signalling"
    label = "signalling"
    default_auto_field = "django.db.models.BigAutoField"
