from django.urls import path

from . import mail_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("organisatie/wissel/", views.switch_membership, name="switch_membership"),
    path("sleutels/nieuw/", views.create_token, name="create_token"),
    path("sleutels/<uuid:token_uuid>/intrekken/", views.revoke_token, name="revoke_token"),
    path("e-mails/", mail_views.mail_log, name="mail_log"),
]
