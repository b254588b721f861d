from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "hechtwerk.catalogue"
    label = "catalogue"
    default_auto_field = "django.db.models.BigAutoField"
