"""The Django admin at /beheer/: staff with two factors only."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.models import User


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_it_lets_a_staff_beheerder_with_totp_into_the_admin(administrator):
    response = _client(administrator.user).get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Hechtwerk beheer" in response.content.decode()


def test_it_keeps_a_non_staff_user_out_of_the_admin(nurse):
    response = _client(nurse.user).get(reverse("admin:index"), follow=True)

    # The admin sends a non-staff user to its sign-in, which refuses a signed-in non-staff user.
    assert response.status_code == 403
    assert "Hechtwerk beheer" not in response.content.decode()


def test_it_sends_an_anonymous_visitor_to_the_allauth_sign_in(db):
    response = Client().get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_it_never_shows_the_token_hash_or_allows_adding_tokens(administrator):
    administrator.user.is_superuser = True
    administrator.user.save(update_fields=["is_superuser"])
    client = _client(administrator.user)

    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    page = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert "token_hash" not in page


def test_it_lets_a_superuser_add_a_user_with_a_role_through_the_admin(administrator, jgz):
    administrator.user.is_superuser = True
    administrator.user.save(update_fields=["is_superuser"])
    client = _client(administrator.user)
    password = "een-lang-beginwachtwoord-12"

    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "nieuwe.collega@voorbeeld.example",
            "usable_password": "true",
            "password1": password,
            "password2": password,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-organisation": str(jgz.pk),
            "memberships-0-role": Role.YOUTH_DOCTOR.value,
            "memberships-0-is_active": "on",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.collega@voorbeeld.example")
    assert user.check_password(password)
    assert user.memberships.get().role == Role.YOUTH_DOCTOR
    change = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert change.status_code == 200
    password_page = client.get(reverse("admin:auth_user_password_change", args=[user.pk]))
    assert password_page.status_code == 200


def test_it_keeps_a_staff_user_without_permissions_out_of_user_management(administrator):
    response = _client(administrator.user).get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 403
