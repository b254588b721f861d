"""Personal API tokens: made, listed and revoked on the account page; used on /api/v1/me."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.models import APIToken
from hechtwerk.accounts.services import (
    AccountError,
    add_membership,
    authenticate_api_token,
    create_api_token,
    end_membership,
    revoke_api_token,
)
from hechtwerk.accounts.tests.factories import MembershipFactory
from hechtwerk.core.models import AuditEntry

ME = "/api/v1/me"


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _me(secret: str | None, **headers: str):  # type: ignore[no-untyped-def]
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    return Client().get(ME, headers=headers)


def _new_secret(persona) -> str:  # type: ignore[no-untyped-def]
    return create_api_token(
        user=persona.user, membership=persona.membership, name="Koppeling"
    ).secret


# --- through the account page -------------------------------------------------------------


def test_it_shows_a_new_secret_once_and_stores_only_its_hash(nurse):
    client = _client(nurse.user)

    response = client.post(
        reverse("accounts:create_token"), {"name": "Rapportage", "expires_in_days": "90"}
    )

    assert response.status_code == 200
    secret = re.search(r'value="(hw_[^"]+)"', response.content.decode()).group(1)
    token = APIToken.objects.get(user=nurse.user)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.token_hash}
    assert secret.startswith(token.prefix)
    assert token.membership == nurse.membership
    assert token.expires_at is not None
    assert secret not in client.get(reverse("accounts:account")).content.decode()


def test_it_lists_the_users_own_tokens_on_the_account_page(nurse, doctor):
    create_api_token(user=nurse.user, membership=nurse.membership, name="Eigen koppeling")
    create_api_token(user=doctor.user, membership=doctor.membership, name="Andermans koppeling")

    page = _client(nurse.user).get(reverse("accounts:account")).content.decode()

    assert "Eigen koppeling" in page
    assert "Andermans koppeling" not in page


def test_it_revokes_a_token_from_the_account_page(nurse):
    new = create_api_token(user=nurse.user, membership=nurse.membership, name="Oud systeem")
    client = _client(nurse.user)

    response = client.post(reverse("accounts:revoke_token", kwargs={"token_uuid": new.token.uuid}))

    assert response["Location"] == reverse("accounts:account")
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None
    assert _me(new.secret).status_code == 401
    assert "ingetrokken" in client.get(reverse("accounts:account")).content.decode()


def test_it_refuses_to_revoke_someone_elses_token(nurse, doctor):
    theirs = create_api_token(user=doctor.user, membership=doctor.membership, name="Van Jasper")

    response = _client(nurse.user).post(
        reverse("accounts:revoke_token", kwargs={"token_uuid": theirs.token.uuid})
    )

    assert response.status_code == 404
    theirs.token.refresh_from_db()
    assert theirs.token.revoked_at is None


def test_it_refuses_a_token_without_a_name(nurse):
    client = _client(nurse.user)

    response = client.post(
        reverse("accounts:create_token"), {"name": "   ", "expires_in_days": "90"}, follow=True
    )

    assert not APIToken.objects.exists()
    assert "Controleer de gegevens van de sleutel." in response.content.decode()


def test_it_makes_the_token_for_the_membership_the_user_works_in_now(nurse, foundation):
    second = MembershipFactory(user=nurse.user, organisation=foundation, role=Role.PARTICIPANT)
    client = _client(nurse.user)
    client.post(reverse("accounts:switch_membership"), {"membership": str(second.uuid)})

    client.post(reverse("accounts:create_token"), {"name": "Leerplatform", "expires_in_days": "30"})

    assert APIToken.objects.get().membership == second


# --- the API ------------------------------------------------------------------------------


def test_it_answers_me_with_the_tokens_user_role_and_organisation(nurse):
    response = _me(_new_secret(nurse))

    assert response.status_code == 200
    assert response.json() == {
        "email": nurse.user.email,
        "role": Role.YOUTH_NURSE.value,
        "role_label": "Jeugdverpleegkundige",
        "organisation": {
            "id": str(nurse.organisation.uuid),
            "name": nurse.organisation.name,
            "kind": nurse.organisation.kind,
        },
    }


def test_it_records_when_a_token_was_last_used(nurse):
    secret = _new_secret(nurse)

    _me(secret)

    assert APIToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer ", "Bearer hw_verkeerd", "Bearer niet-eens-een-sleutel", "Token {secret}"],
)
def test_it_refuses_the_api_without_a_valid_token(nurse, authorization):
    secret = _new_secret(nurse)
    headers = (
        {} if authorization is None else {"Authorization": authorization.format(secret=secret)}
    )

    assert Client().get(ME, headers=headers).status_code == 401


def test_it_refuses_the_api_to_a_signed_in_session_without_token(nurse):
    assert _client(nurse.user).get(ME).status_code == 401


def test_it_refuses_a_revoked_token(nurse):
    new = create_api_token(user=nurse.user, membership=nurse.membership, name="Koppeling")
    revoke_api_token(user=nurse.user, token=new.token)

    assert _me(new.secret).status_code == 401


def test_it_refuses_an_expired_token(nurse, frozen):
    new = create_api_token(
        user=nurse.user, membership=nurse.membership, name="Koppeling", expires_in_days=30
    )
    frozen.shift(timedelta(days=30) - timedelta(seconds=1))
    assert _me(new.secret).status_code == 200

    frozen.shift(timedelta(seconds=2))

    assert _me(new.secret).status_code == 401


def test_it_refuses_a_token_whose_membership_has_ended(nurse):
    secret = _new_secret(nurse)

    end_membership(actor=None, membership=nurse.membership)

    assert _me(secret).status_code == 401


def test_it_refuses_a_token_of_a_deactivated_user(nurse):
    secret = _new_secret(nurse)
    nurse.user.is_active = False
    nurse.user.save(update_fields=["is_active"])

    assert _me(secret).status_code == 401


# --- services -----------------------------------------------------------------------------


def test_it_only_makes_a_token_for_ones_own_membership(nurse, doctor):
    with pytest.raises(AccountError, match="eigen, actieve rol"):
        create_api_token(user=nurse.user, membership=doctor.membership, name="Stiekem")

    assert not APIToken.objects.exists()


def test_it_only_makes_a_token_for_an_active_membership(nurse):
    end_membership(actor=None, membership=nurse.membership)

    with pytest.raises(AccountError, match="eigen, actieve rol"):
        create_api_token(user=nurse.user, membership=nurse.membership, name="Te laat")


def test_it_refuses_a_token_with_a_blank_name(nurse):
    with pytest.raises(AccountError, match="naam"):
        create_api_token(user=nurse.user, membership=nurse.membership, name="  ")


def test_it_makes_secrets_with_at_least_256_bits(nurse):
    secrets_made = {_new_secret(nurse) for _ in range(3)}

    assert len(secrets_made) == 3
    for secret in secrets_made:
        assert secret.startswith("hw_")
        assert len(secret) - 3 >= 43  # 32 random bytes, base64url


def test_it_refuses_revoking_a_token_of_someone_else_in_the_service(nurse, doctor):
    theirs = create_api_token(user=doctor.user, membership=doctor.membership, name="Van Jasper")

    with pytest.raises(AccountError):
        revoke_api_token(user=nurse.user, token=theirs.token)


def test_it_audits_creating_and_revoking_a_token(nurse):
    new = create_api_token(user=nurse.user, membership=nurse.membership, name="Koppeling")
    revoke_api_token(user=nurse.user, token=new.token)
    revoke_api_token(user=nurse.user, token=new.token)  # twice: still one revocation

    actions = list(
        AuditEntry.objects.filter(target_id=str(new.token.uuid)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["accounts.token.created", "accounts.token.revoked"]


def test_it_authenticates_only_the_exact_secret(nurse):
    secret = _new_secret(nurse)

    assert authenticate_api_token(secret) is not None
    assert authenticate_api_token(secret[:-1]) is None
    assert authenticate_api_token(secret + "x") is None
    assert authenticate_api_token("") is None


def test_it_keeps_old_tokens_dead_when_an_ended_role_is_given_again(nurse):
    secret = _new_secret(nurse)
    end_membership(actor=None, membership=nurse.membership)

    add_membership(
        actor=None, user=nurse.user, organisation=nurse.organisation, role=Role.YOUTH_NURSE
    )

    assert _me(secret).status_code == 401
    assert APIToken.objects.get().revoked_at is not None


def test_it_refuses_the_token_of_a_user_who_no_longer_has_a_second_factor(nurse):
    from allauth.mfa.models import Authenticator

    secret = _new_secret(nurse)
    Authenticator.objects.filter(user=nurse.user).delete()

    assert _me(secret).status_code == 401


def test_it_accepts_the_token_of_a_role_without_two_factors(trainer):
    assert _me(_new_secret(trainer)).json()["role"] == Role.TRAINER.value
