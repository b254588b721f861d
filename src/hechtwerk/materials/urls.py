from django.urls import path

from . import views

app_name = "materials"

urlpatterns = [
    path("", views.library, name="library"),
    path("versie/<uuid:version_uuid>/download/", views.download, name="download"),
    path("versie/<uuid:version_uuid>/bevestigen/", views.confirm, name="confirm"),
    path("mijn-trainingen/", views.my_editions, name="my_editions"),
    path(
        "mijn-trainingen/<uuid:edition_uuid>/<uuid:material_uuid>/",
        views.edition_use,
        name="edition_use",
    ),
    path("beheer/", views.manage, name="manage"),
    path("beheer/<uuid:material_uuid>/", views.material_detail, name="material"),
    path("beheer/<uuid:material_uuid>/versie/", views.publish, name="publish"),
]
