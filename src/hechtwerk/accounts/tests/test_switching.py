"""Working in one of several organisations and roles, switched explicitly."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.services import end_membership
from hechtwerk.accounts.tests.factories import MembershipFactory
from hechtwerk.core import navigation
from hechtwerk.core.navigation import NavItem

NURSE_ONLY = "Alleen voor verpleegkundigen"
EVERYONE = "Voor iedereen met een rol"


@pytest.fixture
def two_hats(nurse, foundation):
    """The nurse also takes part in a training of the foundation."""
    second = MembershipFactory(user=nurse.user, organisation=foundation, role=Role.PARTICIPANT)
    return nurse, second


@pytest.fixture
def role_navigation(monkeypatch):
    """A menu whose first entry opens a page for JGZ professionals only (the worklist)."""
    items = (
        NavItem("signalling:worklist", NURSE_ONLY, order=1),
        NavItem("accounts:account", EVERYONE, order=2),
    )
    monkeypatch.setattr(navigation, "all_items", lambda: items)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _switch(client: Client, membership_uuid):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:switch_membership"), {"membership": str(membership_uuid)})


def test_it_shows_a_switcher_only_to_a_user_with_two_memberships(two_hats, trainer):
    nurse, second = two_hats
    page = _client(nurse.user).get(reverse("core:home")).content.decode()

    assert 'id="switch-membership"' in page
    assert str(nurse.membership.uuid) in page
    assert str(second.uuid) in page
    single = _client(trainer.user).get(reverse("core:home")).content.decode()
    assert 'id="switch-membership"' not in single


def test_it_switches_only_on_an_explicit_post(two_hats, role_navigation):
    nurse, second = two_hats
    client = _client(nurse.user)
    before = client.get(reverse("core:home"))
    assert before.context["current_membership"] == nurse.membership

    assert client.get(reverse("accounts:switch_membership")).status_code == 405
    response = _switch(client, second.uuid)

    assert response["Location"] == reverse("core:home")
    after = client.get(reverse("core:home"))
    assert after.context["current_membership"] == second
    assert after.wsgi_request.membership == second


def test_it_makes_role_and_navigation_follow_the_switch(two_hats, role_navigation):
    nurse, second = two_hats
    client = _client(nurse.user)
    page = client.get(reverse("core:home")).content.decode()
    assert NURSE_ONLY in page
    assert EVERYONE in page

    page = client.get(_switch(client, second.uuid)["Location"]).content.decode()

    assert "Je werkt nu als Deelnemer bij Stichting Testleven." in page
    assert EVERYONE in page
    assert NURSE_ONLY not in page
    selected = f'<option value="{second.uuid}" selected>'
    assert selected in page


def test_it_refuses_to_switch_to_someone_elses_membership(two_hats, outsider):
    nurse, _second = two_hats
    client = _client(nurse.user)

    assert _switch(client, outsider.membership.uuid).status_code == 404
    assert _switch(client, uuid.uuid4()).status_code == 404
    assert (
        client.post(reverse("accounts:switch_membership"), {"membership": "x"}).status_code == 404
    )
    assert client.get(reverse("core:home")).context["current_membership"] == nurse.membership


def test_it_refuses_to_switch_to_an_ended_membership(two_hats):
    nurse, second = two_hats
    end_membership(actor=None, membership=second)
    client = _client(nurse.user)

    assert _switch(client, second.uuid).status_code == 404
    assert client.get(reverse("core:home")).context["current_membership"] == nurse.membership


def test_it_falls_back_to_an_active_membership_when_the_chosen_one_ends(two_hats):
    nurse, second = two_hats
    client = _client(nurse.user)
    _switch(client, second.uuid)

    end_membership(actor=None, membership=second)

    assert client.get(reverse("core:home")).context["current_membership"] == nurse.membership
