"""Access by (organisation kind, role): the capability table and the one check for pages and API
(T5.1, ASVS 8.2.1). The full table of URL names and API operations is in the permission matrix."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from ninja import NinjaAPI, Router
from ninja.testing import TestClient

from config.api import refuse_undeclared
from hechtwerk.accounts.capabilities import CAPABILITIES, Capability, can, holders_of
from hechtwerk.accounts.constants import ROLES_BY_KIND, OrganisationKind, Role
from hechtwerk.accounts.permissions import TokenAuth, api_member
from hechtwerk.accounts.services import create_api_token
from hechtwerk.core.errors import install_error_handlers
from hechtwerk.instruments.constants import VersionStatus
from hechtwerk.instruments.tests.factories import version_with_items

pytestmark = pytest.mark.django_db


def _api(persona) -> Client:
    secret = create_api_token(user=persona.user, membership=persona.membership, name="t").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_it_names_only_roles_that_exist_in_that_kind_of_organisation():
    assert all(role in ROLES_BY_KIND[kind] for kind, role in CAPABILITIES)


def test_it_gives_the_national_catalogue_and_instruments_to_the_platform_beheerder_only():
    platform_beheerder = {(OrganisationKind.PLATFORM, Role.ADMINISTRATOR)}
    assert holders_of(Capability.MANAGE_NATIONAL_CATALOGUE) == platform_beheerder
    assert holders_of(Capability.MANAGE_INSTRUMENTS) == platform_beheerder


def test_it_gives_each_kind_of_beheerder_their_own_organisation_only():
    assert holders_of(Capability.MANAGE_OWN_COURSES) == {
        (OrganisationKind.TRAINING_PROVIDER, Role.ADMINISTRATOR)
    }
    assert holders_of(Capability.MANAGE_OWN_OFFER) == {(OrganisationKind.JGZ, Role.ADMINISTRATOR)}
    assert holders_of(Capability.MANAGE_OWN_STAFF) == {
        (kind, Role.ADMINISTRATOR)
        for kind in (
            OrganisationKind.PLATFORM,
            OrganisationKind.TRAINING_PROVIDER,
            OrganisationKind.JGZ,
        )
    }


def test_it_lets_the_same_role_do_different_things_in_different_organisations(
    administrator, provider_administrator, jgz_administrator
):
    assert can(administrator.membership, Capability.MANAGE_INSTRUMENTS)
    assert not can(provider_administrator.membership, Capability.MANAGE_INSTRUMENTS)
    assert not can(jgz_administrator.membership, Capability.MANAGE_INSTRUMENTS)
    assert can(jgz_administrator.membership, Capability.MANAGE_OWN_OFFER)
    assert not can(jgz_administrator.membership, Capability.RECORD_SIGNALLING)
    assert not can(None, Capability.READ_ACCESS_LOG)


def test_it_refuses_a_provider_beheerder_the_instruments_on_pages_and_api(
    client_for, provider_administrator, administrator
):
    version = version_with_items()
    pages = client_for(provider_administrator)
    assert pages.get(reverse("instruments:index")).status_code == 403
    assert pages.post(reverse("instruments:retire_version", args=[version.uuid])).status_code == 403
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    url = f"/api/v1/instruments/versions/{version.uuid}/questionnaire"
    refused = _api(provider_administrator).get(url)
    assert refused.status_code == 403
    assert "item" not in refused.content.decode()
    assert client_for(administrator).get(reverse("instruments:index")).status_code == 200
    assert _api(administrator).get(url).status_code == 200


@pytest.mark.parametrize("persona", ["team_leader", "trainer", "organiser", "log_manager"])
def test_it_refuses_the_item_texts_to_a_token_without_a_jgz_professional_role(persona, request):
    """The items are licensed material: a valid token alone does not open them."""
    version = version_with_items()
    holder = request.getfixturevalue(persona)
    url = f"/api/v1/instruments/versions/{version.uuid}/questionnaire"
    response = _api(holder).get(url)
    assert response.status_code == 403
    assert "linkId" not in response.content.decode()
    # Without a token at all it is 401, as for every endpoint but the root.
    assert Client().get(url).status_code == 401


def test_it_gives_the_item_texts_to_a_jgz_nurse(nurse):
    version = version_with_items()
    response = _api(nurse).get(f"/api/v1/instruments/versions/{version.uuid}/questionnaire")
    assert response.status_code == 200
    assert response.json()["resourceType"] == "Questionnaire"


def test_it_refuses_before_reading_the_body_so_a_refused_caller_sees_no_validation(trainer):
    response = _api(trainer).post(
        "/api/v1/signalling/children/import", "{not json", content_type="application/json"
    )
    assert response.status_code == 403


def test_it_refuses_an_api_endpoint_that_declares_no_access(nurse):
    api = NinjaAPI(auth=TokenAuth(), urls_namespace="undeclared-test")
    api.add_decorator(refuse_undeclared, mode="operation")
    install_error_handlers(api)
    router = Router()

    @router.get("/declared")
    @api_member
    def declared(request):
        return {"ok": True}

    @router.get("/forgotten")
    def forgotten(request):
        return {"ok": True}

    api.add_router("/", router)
    secret = create_api_token(user=nurse.user, membership=nurse.membership, name="t").secret
    client = TestClient(api)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/declared", headers=headers).status_code == 200
    assert client.get("/forgotten", headers=headers).status_code == 403
    assert client.get("/declared").status_code == 401
