from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<uuid:meeting_uuid>/", views.planner, name="planner"),
    path("<uuid:meeting_uuid>/bouwsteen/", views.add_block, name="add_block"),
    path("<uuid:meeting_uuid>/definitief/", views.finalise, name="finalise"),
    path("<uuid:meeting_uuid>/uitnodigen/", views.invite, name="invite"),
    path("<uuid:meeting_uuid>/groepjes/", views.form_groups, name="form_groups"),
    path("onderdeel/<uuid:item_uuid>/verplaatsen/", views.move_block, name="move_block"),
    path("onderdeel/<uuid:item_uuid>/duur/", views.set_minutes, name="set_minutes"),
    path("onderdeel/<uuid:item_uuid>/verwijderen/", views.remove_block, name="remove_block"),
    path("<uuid:meeting_uuid>/antwoord/<str:token>/", views.answer, name="answer"),
    path(
        "<uuid:meeting_uuid>/antwoord/<str:token>/agenda.ics",
        views.answer_calendar,
        name="answer_calendar",
    ),
]
