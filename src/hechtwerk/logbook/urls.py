from django.urls import path

from . import views

app_name = "logbook"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("client/", views.client_overview, name="client"),
    path("medewerker/<uuid:user_uuid>/", views.employee_events, name="employee"),
    path("controle/", views.review, name="review"),
]
