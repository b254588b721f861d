from django.urls import path

from . import integration_views, mail_views, people_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("organisatie/wissel/", views.switch_membership, name="switch_membership"),
    path("sleutels/nieuw/", views.create_token, name="create_token"),
    path("sleutels/<uuid:token_uuid>/intrekken/", views.revoke_token, name="revoke_token"),
    path("e-mails/", mail_views.mail_log, name="mail_log"),
    # A beheerder's people of the own organisation.
    path("mensen/", people_views.people, name="people"),
    path("mensen/uitnodigen/", people_views.invite, name="invite"),
    path(
        "mensen/uitnodigingen/<uuid:invitation_uuid>/intrekken/",
        people_views.revoke_invitation_view,
        name="revoke_invitation",
    ),
    path("mensen/<uuid:user_uuid>/", people_views.person, name="person"),
    path("mensen/<uuid:user_uuid>/rol/", people_views.grant_role_view, name="grant_role"),
    path(
        "mensen/<uuid:user_uuid>/tweestapsverificatie/",
        people_views.reset_second_factor_view,
        name="reset_second_factor",
    ),
    path(
        "mensen/rollen/<uuid:membership_uuid>/beeindigen/",
        people_views.end_membership_view,
        name="end_membership",
    ),
    path(
        "mensen/rollen/<uuid:membership_uuid>/team/",
        people_views.assign_team_view,
        name="assign_team",
    ),
    path("teams/", people_views.teams, name="teams"),
    path("teams/<uuid:team_uuid>/naam/", people_views.rename_team_view, name="rename_team"),
    # A JGZ beheerder's integration clients (systems calling the API for a professional).
    path("systemen/", integration_views.integrations, name="integrations"),
    path(
        "systemen/<uuid:client_uuid>/intrekken/",
        integration_views.revoke_integration,
        name="revoke_integration",
    ),
    # The invitee's page: public, the signed link is the key.
    path("uitnodiging/<str:token>/", people_views.accept_invitation_view, name="accept_invitation"),
]
