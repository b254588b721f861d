from django.urls import include, path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    # The access-log viewer keeps the "core" namespace: core:logbook, core:logbook_review, ...
    path("logboek/", include("hechtwerk.core.logbook.urls")),
]
