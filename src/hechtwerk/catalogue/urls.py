from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue_list, name="list"),
    path("passend/", views.match, name="match"),
    path("aanbod/", views.offer, name="offer"),
    path("beheer/", views.manage, name="manage"),
    path("beheer/nieuw/", views.create, name="create"),
    path("beheer/koppelregels/", views.rules, name="rules"),
    path("beheer/koppelregels/nieuw/", views.rule_edit, name="rule_create"),
    path("beheer/themas/nieuw/", views.theme_create, name="theme_create"),
    path("beheer/koppelregels/<uuid:rule_uuid>/", views.rule_edit, name="rule_edit"),
    path("beheer/<uuid:intervention_uuid>/", views.edit, name="edit"),
    path(
        "beheer/<uuid:intervention_uuid>/andere-waarde/",
        views.add_alternative,
        name="add_alternative",
    ),
    path(
        "beheer/andere-waarde/<uuid:alternative_uuid>/verwijderen/",
        views.remove_alternative,
        name="remove_alternative",
    ),
    path("beheer/<uuid:intervention_uuid>/geschiedenis/", views.history, name="history"),
    path("<uuid:intervention_uuid>/", views.detail, name="detail"),
]
