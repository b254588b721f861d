"""Included from core/urls.py under `logboek/`, inside the "core" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.event_list, name="logbook"),
    path("client/", views.client_overview, name="logbook_client"),
    path("medewerker/<uuid:user_uuid>/", views.employee_events, name="logbook_employee"),
    path("controle/", views.review, name="logbook_review"),
]
