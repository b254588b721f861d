"""API: same permissions and access log as the pages; bad input is a 400 naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from hechtwerk.accounts.services import create_api_token
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent
from hechtwerk.method.codes import Dimension

from .factories import PARENT_ITEMS, ChildFactory, answers_with, signalenlijst_version

pytestmark = pytest.mark.django_db

ATT1, _ = PARENT_ITEMS[Dimension.ATTUNEMENT]


def _api(persona) -> Client:
    secret = create_api_token(user=persona.user, membership=persona.membership, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def child(nurse):
    signalenlijst_version()
    return ChildFactory(organisation=nurse.organisation, case_code="API-1")


def _payload(child, **overrides):
    data = {
        "contact_moment": "4w",
        "consult_date": str(child.birth_date + dt.timedelta(days=28)),
        "answers": answers_with(**{ATT1: "nog_niet_positief"}),
    }
    return data | overrides


def test_it_returns_the_derived_advice_for_submitted_answers(nurse, child):
    response = _api(nurse).post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        _payload(child),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["offer_conversation_model"] is True
    searching = [d for d in body["dimensions"] if d["suggested_status"] == "zoekend"]
    assert [d["driving_items"] for d in searching] == [[ATT1]]
    assert AccessEvent.objects.filter(action=AccessAction.CREATE, client_ref="API-1").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"answers": {"bestaat_niet": "positief"}}, "answers"),
        ({"answers": {ATT1: "soms"}}, f"item_{ATT1}"),
        ({"contact_moment": "99j"}, "contact_moment"),
        ({"consult_date": "2000-01-01"}, "consult_date"),
    ],
)
def test_it_names_the_field_of_bad_input(nurse, child, overrides, field):
    response = _api(nurse).post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        _payload(child, **overrides),
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["message"] == body["message"]


def test_it_reads_the_history_and_logs_the_read(nurse, child):
    client = _api(nurse)
    client.post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        _payload(child),
        content_type="application/json",
    )
    response = client.get(f"/api/v1/signalling/children/{child.uuid}/history")
    assert response.status_code == 200
    assert len(response.json()["consults"]) == 1
    assert AccessEvent.objects.filter(action=AccessAction.READ, client_ref="API-1").exists()


def test_it_answers_404_for_another_organisations_child(outsider, child):
    response = _api(outsider).get(f"/api/v1/signalling/children/{child.uuid}/history")
    assert response.status_code == 404


def test_it_refuses_a_team_leader(team_leader, child):
    response = _api(team_leader).get(f"/api/v1/signalling/children/{child.uuid}/history")
    assert response.status_code == 403
