from django.urls import path

from . import views

app_name = "signalling"

urlpatterns = [
    path("", views.child_list, name="child_list"),
    path("werklijst/", views.worklist_view, name="worklist"),
    path("cijfers/", views.figures, name="figures"),
    path("cijfers/download/", views.figures_export, name="figures_export"),
    path("export.csv", views.organisation_csv, name="organisation_csv"),
    path("kinderen/nieuw/", views.child_create, name="child_create"),
    path("kinderen/importeren/", views.child_import, name="child_import"),
    path("kinderen/<uuid:child_uuid>/", views.child_detail, name="child_detail"),
    path("kinderen/<uuid:child_uuid>/datums/", views.child_dates, name="child_dates"),
    path("kinderen/<uuid:child_uuid>/fhir/", views.child_fhir, name="child_fhir"),
    path(
        "kinderen/<uuid:child_uuid>/consulten/nieuw/",
        views.consult_create,
        name="consult_create",
    ),
    path(
        "kinderen/<uuid:child_uuid>/informatiekaart/",
        views.informatiekaart_create,
        name="informatiekaart_create",
    ),
    path(
        "kinderen/<uuid:child_uuid>/verwijzingen/nieuw/",
        views.referral_create,
        name="referral_create",
    ),
    path(
        "kinderen/<uuid:child_uuid>/samenstarten/",
        views.samenstarten_create,
        name="samenstarten_create",
    ),
    path(
        "kinderen/<uuid:child_uuid>/kwetsbaarheid/",
        views.vulnerability_create,
        name="vulnerability_create",
    ),
    path(
        "kinderen/<uuid:child_uuid>/contactmomenten/<slug:moment_code>/niet-gehouden/",
        views.moment_not_held,
        name="moment_not_held",
    ),
    path("consulten/advies/", views.consult_advice, name="consult_advice"),
    path("samenstarten/voorstel/", views.samenstarten_advice, name="samenstarten_advice"),
    path("kwetsbaarheid/voorstel/", views.vulnerability_advice, name="vulnerability_advice"),
    path("consulten/<uuid:consult_uuid>/", views.consult_detail, name="consult_detail"),
    path("consulten/<uuid:consult_uuid>/wijzigen/", views.consult_edit, name="consult_edit"),
    path(
        "consulten/<uuid:consult_uuid>/dimensies/",
        views.consult_dimensions,
        name="consult_dimensions",
    ),
    path(
        "consulten/<uuid:consult_uuid>/eengespreksmodel/",
        views.consult_conversation,
        name="consult_conversation",
    ),
    path("consulten/<uuid:consult_uuid>/fhir/", views.consult_fhir, name="consult_fhir"),
    path(
        "verwijzingen/<uuid:referral_uuid>/vervolg/",
        views.referral_follow_up,
        name="referral_follow_up",
    ),
    path("<slug:kind>/<uuid:record_uuid>/onjuist/", views.mark_in_error, name="mark_in_error"),
]
