from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("", views.index, name="index"),
    path("importeren/", views.import_version, name="import_version"),
    path("versies/<uuid:version_uuid>/", views.version_detail, name="version_detail"),
    path("versies/<uuid:version_uuid>/export.json", views.export_json, name="export_json"),
    path(
        "versies/<uuid:version_uuid>/questionnaire.json",
        views.export_fhir_questionnaire,
        name="export_fhir",
    ),
    path("versies/<uuid:version_uuid>/publiceren/", views.publish, name="publish_version"),
    path("versies/<uuid:version_uuid>/intrekken/", views.retire, name="retire_version"),
]
