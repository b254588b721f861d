from django.urls import path

from . import measurement_views, views

app_name = "training"

urlpatterns = [
    path("", views.course_list, name="courses"),
    path("certificaat-controleren/", views.verify, name="verify"),
    path("mijn/", views.my_courses, name="my_courses"),
    path("mijn/agenda/", views.my_feed, name="my_feed"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
    path(
        "mijn/certificaat/<uuid:certificate_uuid>/",
        views.certificate_download,
        name="certificate_download",
    ),
    path("mijn/<uuid:enrolment_uuid>/aannemen/", views.accept_view, name="accept_offer"),
    path("mijn/<uuid:enrolment_uuid>/afmelden/", views.withdraw_view, name="withdraw"),
    path("uitvoering/<uuid:edition_uuid>/inschrijven/", views.enrol_view, name="enrol"),
    path(
        "uitvoering/<uuid:edition_uuid>/agenda.ics",
        views.edition_calendar,
        name="edition_calendar",
    ),
    path(
        "mijn/<uuid:enrolment_uuid>/meting/<str:moment>/",
        measurement_views.measurement,
        name="measurement",
    ),
    path(
        "mijn-plaats/<str:token>/meting/<str:moment>/",
        measurement_views.place_measurement,
        name="place_measurement",
    ),
    path(
        "lesgeven/uitvoering/<uuid:edition_uuid>/metingen/",
        measurement_views.edition_summary,
        name="edition_summary",
    ),
    path(
        "beheer/cursus/<uuid:course_uuid>/cijfers/",
        measurement_views.course_figures,
        name="course_figures",
    ),
    path(
        "beheer/cursus/<uuid:course_uuid>/cijfers.<str:fmt>",
        measurement_views.course_figures_export,
        name="course_figures_export",
    ),
    path("aanmelden/<str:token>/", views.parent_enrol, name="parent_enrol"),
    path("mijn-plaats/<str:token>/", views.place, name="place"),
    path("mijn-plaats/<str:token>/agenda.ics", views.place_calendar, name="place_calendar"),
    path("lesgeven/", views.teaching, name="teaching"),
    path(
        "lesgeven/uitvoering/<uuid:edition_uuid>/ouderlink/",
        views.parent_link,
        name="parent_link",
    ),
    path("lesgeven/uitvoering/<uuid:edition_uuid>/intake/", views.intake, name="intake"),
    path(
        "lesgeven/uitvoering/<uuid:edition_uuid>/supportgroep/",
        views.support_group,
        name="support_group",
    ),
    path("lesgeven/intake/<uuid:enrolment_uuid>/", views.intake_decide, name="intake_decide"),
    path(
        "lesgeven/bijeenkomst/<uuid:session_uuid>/",
        views.session_attendance,
        name="session_attendance",
    ),
    path(
        "lesgeven/bijeenkomst/<uuid:session_uuid>/<uuid:enrolment_uuid>/",
        views.attendance_toggle,
        name="attendance_toggle",
    ),
    path(
        "lesgeven/bijeenkomst/<uuid:session_uuid>/afdrukken/",
        views.attendance_print,
        name="attendance_print",
    ),
    path("beheer/", views.manage, name="manage"),
    path(
        "beheer/uitvoering/<uuid:edition_uuid>/register/<str:register>.<str:fmt>",
        views.register_export,
        name="register_export",
    ),
    path("beheer/cursus/nieuw/", views.course_new, name="course_new"),
    path("beheer/cursus/<uuid:course_uuid>/", views.course_edit, name="course_edit"),
    path(
        "beheer/cursus/<uuid:course_uuid>/uitvoering-plannen/",
        views.edition_new,
        name="edition_new",
    ),
    path("beheer/uitvoering/<uuid:edition_uuid>/", views.edition_manage, name="edition_manage"),
    path(
        "beheer/uitvoering/<uuid:edition_uuid>/wijzigen/",
        views.edition_edit,
        name="edition_edit",
    ),
    path(
        "beheer/uitvoering/<uuid:edition_uuid>/annuleren/",
        views.edition_cancel,
        name="edition_cancel",
    ),
    path(
        "beheer/certificaat/<uuid:certificate_uuid>/intrekken/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("<uuid:course_uuid>/", views.course_detail, name="course"),
]
