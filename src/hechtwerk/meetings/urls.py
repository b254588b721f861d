from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("cijfers/", views.coalition_figures, name="figures"),
    path("cijfers/download/", views.coalition_figures_export, name="figures_export"),
    path("<uuid:meeting_uuid>/", views.planner, name="planner"),
    path("<uuid:meeting_uuid>/bouwsteen/", views.add_block, name="add_block"),
    path("<uuid:meeting_uuid>/definitief/", views.finalise, name="finalise"),
    path("<uuid:meeting_uuid>/uitnodigen/", views.invite, name="invite"),
    path("<uuid:meeting_uuid>/groepjes/", views.form_groups, name="form_groups"),
    path("<uuid:meeting_uuid>/gegevens/", views.details, name="details"),
    path("<uuid:meeting_uuid>/taken/", views.add_task, name="add_task"),
    path("<uuid:meeting_uuid>/benodigdheden/", views.add_checklist_item, name="add_checklist"),
    path("<uuid:meeting_uuid>/grenzen/", views.set_bound, name="set_bound"),
    path("<uuid:meeting_uuid>/indeling/", views.groups, name="groups"),
    path(
        "<uuid:meeting_uuid>/indeling/<str:kind>/ronde-<int:round_number>/",
        views.arrange_round,
        name="arrange_round",
    ),
    path("<uuid:meeting_uuid>/casuskaarten/", views.add_case_card, name="add_case_card"),
    path("<uuid:meeting_uuid>/draaiboek.pdf", views.pack, name="pack"),
    path("<uuid:meeting_uuid>/na-afloop/", views.after, name="after"),
    path("<uuid:meeting_uuid>/aanwezigheid/", views.attendance, name="attendance"),
    path("<uuid:meeting_uuid>/verslag/", views.save_report, name="save_report"),
    path("<uuid:meeting_uuid>/afspraken/", views.add_agreement, name="add_agreement"),
    path("<uuid:meeting_uuid>/samenwerking/", views.add_link, name="add_link"),
    path("<uuid:meeting_uuid>/verslag/versturen/", views.send_report, name="send_report"),
    path("onderdeel/<uuid:item_uuid>/verplaatsen/", views.move_block, name="move_block"),
    path("onderdeel/<uuid:item_uuid>/plaats/", views.move_block_to, name="move_block_to"),
    path("onderdeel/<uuid:item_uuid>/duur/", views.set_minutes, name="set_minutes"),
    path("onderdeel/<uuid:item_uuid>/verwijderen/", views.remove_block, name="remove_block"),
    path("taak/<uuid:task_uuid>/klaar/", views.task_done, name="task_done"),
    path(
        "benodigdheid/<uuid:checklist_uuid>/geregeld/",
        views.checklist_arranged,
        name="checklist_arranged",
    ),
    path("groepje/<uuid:group_uuid>/verplaatsen/", views.move_member, name="move_member"),
    path("groepje/<uuid:group_uuid>/casuskaart/", views.assign_card, name="assign_card"),
    path("groepje/<uuid:group_uuid>/werkblad/", views.group_sheet, name="group_sheet"),
    path("afspraak/<uuid:agreement_uuid>/klaar/", views.agreement_done, name="agreement_done"),
    path("samenwerking/<uuid:link_uuid>/weghalen/", views.remove_link, name="remove_link"),
    path("<uuid:meeting_uuid>/antwoord/<str:token>/", views.answer, name="answer"),
    path(
        "<uuid:meeting_uuid>/antwoord/<str:token>/agenda.ics",
        views.answer_calendar,
        name="answer_calendar",
    ),
    path("<uuid:meeting_uuid>/verslag/<str:token>/", views.report_read, name="report_read"),
]
