"""Integration clients: a JGZ beheerder registers a system; it calls the API with its own key
for a named professional of the organisation, within its scopes (trust.md §1, NEN 7512
system-to-system authentication; NEN 7513 the responsible user and the system in the log, T1.1)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from hechtwerk.accounts.capabilities import Scope
from hechtwerk.accounts.models import IntegrationClient
from hechtwerk.accounts.services import (
    AccountError,
    register_integration_client,
    revoke_integration_client,
)
from hechtwerk.core.access import verify_chain
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent, AuditEntry
from hechtwerk.signalling.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

HEADER = "X-Hechtwerk-On-Behalf-Of"
TODAY = dt.date.today()


def _register(admin, *scopes: str) -> str:  # type: ignore[no-untyped-def]
    return register_integration_client(
        actor=admin.user,
        organisation=admin.organisation,
        name="JGZ-dossier",
        scopes=scopes or [Scope.READ_SIGNALLING, Scope.WRITE_SIGNALLING],
    ).secret


def _system(secret: str, on_behalf_of: str | None) -> Client:
    headers = {"Authorization": f"Bearer {secret}"}
    if on_behalf_of is not None:
        headers[HEADER] = on_behalf_of
    return Client(headers=headers)


def _new_child(client: Client, code: str = "DOSSIER-1"):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/signalling/children",
        {"case_code": code, "birth_date": str(TODAY - dt.timedelta(days=20))},
        content_type="application/json",
    )


# --- the beheerder's pages ----------------------------------------------------------------------


def test_it_registers_a_system_on_the_page_and_shows_its_key_once(client_for, jgz_administrator):
    client = client_for(jgz_administrator)
    response = client.post(
        reverse("accounts:integrations"),
        {"name": "Ons JGZ-dossier", "scopes": [Scope.READ_SIGNALLING], "expires_in_days": "90"},
    )
    assert response.status_code == 200
    secret = re.search(r'value="(hws_[^"]+)"', response.content.decode()).group(1)
    stored = IntegrationClient.objects.get()
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.scopes == [Scope.READ_SIGNALLING]
    assert stored.organisation == jgz_administrator.organisation
    listing = client.get(reverse("accounts:integrations")).content.decode()
    assert "Ons JGZ-dossier" in listing
    assert secret not in listing
    assert AuditEntry.objects.filter(action="accounts.integration_client.registered").exists()


def test_it_keeps_the_form_when_no_scope_was_chosen(client_for, jgz_administrator):
    response = client_for(jgz_administrator).post(
        reverse("accounts:integrations"), {"name": "Zonder rechten", "expires_in_days": "30"}
    )
    assert response.status_code == 400
    assert 'value="Zonder rechten"' in response.content.decode()
    assert not IntegrationClient.objects.exists()


def test_it_revokes_a_system_from_the_page_and_its_next_call_is_401(
    client_for, jgz_administrator, nurse
):
    secret = _register(jgz_administrator)
    stored = IntegrationClient.objects.get()
    response = client_for(jgz_administrator).post(
        reverse("accounts:revoke_integration", args=[stored.uuid])
    )
    assert response.status_code == 302
    assert _system(secret, nurse.user.email).get("/api/v1/me").status_code == 401


def test_it_refuses_another_organisations_system_as_unknown(
    client_for, jgz_administrator, make_persona, other_jgz
):
    other_admin = make_persona("beheerder", other_jgz, email="beheer@elders.example")
    _register(other_admin)
    theirs = IntegrationClient.objects.get()
    response = client_for(jgz_administrator).post(
        reverse("accounts:revoke_integration", args=[theirs.uuid])
    )
    assert response.status_code == 404
    with pytest.raises(AccountError):
        revoke_integration_client(actor=jgz_administrator.user, client=theirs)
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_it_lets_only_a_jgz_organisation_register_systems(provider_administrator):
    with pytest.raises(AccountError):
        _register(provider_administrator)


# --- calling the API ----------------------------------------------------------------------------


def test_it_acts_for_the_named_professional_and_logs_both(jgz_administrator, nurse):
    secret = _register(jgz_administrator)
    response = _new_child(_system(secret, nurse.user.email))
    assert response.status_code == 201, response.json()
    line = AccessEvent.objects.get(action=AccessAction.CREATE)
    system = IntegrationClient.objects.get()
    # The professional is the (responsible) user; the system stands beside them in the line.
    assert line.user_id == line.responsible_user_id == nurse.user.pk
    assert line.role == nurse.membership.role
    assert line.detail["via_system"] == str(system.uuid)
    assert list(verify_chain()) == []


def test_it_accepts_the_professional_by_user_uuid(jgz_administrator, nurse):
    secret = _register(jgz_administrator)
    response = _system(secret, str(nurse.user.uuid)).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == nurse.user.email


@pytest.mark.parametrize("named", [None, "", "niemand@jgz.example"])
def test_it_refuses_a_call_without_a_known_professional(jgz_administrator, nurse, named):
    secret = _register(jgz_administrator)
    response = _new_child(_system(secret, named))
    assert response.status_code == 403
    body = response.json()
    assert body["status"] == 403
    assert body["errors"][0]["field"] == HEADER
    assert not AccessEvent.objects.filter(action=AccessAction.CREATE).exists()


def test_it_refuses_a_professional_of_another_organisation(jgz_administrator, outsider):
    secret = _register(jgz_administrator)
    ChildFactory(organisation=outsider.organisation, case_code="ELDERS-1")
    response = _system(secret, outsider.user.email).get(
        "/api/v1/signalling/children", {"q": "ELDERS"}
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == HEADER


def test_it_refuses_what_the_scopes_do_not_cover(jgz_administrator, nurse):
    secret = _register(jgz_administrator, Scope.READ_SIGNALLING)
    system = _system(secret, nurse.user.email)
    refused = _new_child(system)
    assert refused.status_code == 403
    assert "geen recht" in refused.json()["message"]
    assert system.get("/api/v1/signalling/children", {"q": "X"}).status_code == 200


def test_it_never_gives_more_than_the_professionals_role(jgz_administrator, team_leader):
    secret = _register(jgz_administrator)
    # A team leader sees no children, whatever the system's scopes say.
    assert _new_child(_system(secret, team_leader.user.email)).status_code == 403


@override_settings(RATE_LIMITS={"api": "300/m", "api_client": "2/m", "export": "20/10m"})
def test_it_limits_the_calls_per_system_with_retry_after(jgz_administrator, nurse, doctor):
    secret = _register(jgz_administrator)
    assert _system(secret, nurse.user.email).get("/api/v1/me").status_code == 200
    assert _system(secret, doctor.user.email).get("/api/v1/me").status_code == 200
    # The limit is the system's, whichever professional it names.
    limited = _system(secret, nurse.user.email).get("/api/v1/me")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert limited.json()["status"] == 429
