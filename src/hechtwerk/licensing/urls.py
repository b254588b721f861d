from django.urls import path

from . import views

app_name = "licensing"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("aanvragen/", views.start, name="start"),
    path("opzeggen/", views.cancel, name="cancel"),
    path("verslag/<uuid:edition_uuid>/", views.submit_report, name="submit_report"),
    path("register/vermelding/", views.listing, name="listing"),
    path("register/", views.register, name="register"),
    path("overzicht/", views.compliance, name="compliance"),
    path("overzicht/export.<str:fmt>", views.compliance_export, name="compliance_export"),
]
