"""API, consults: same permissions, rules and access log as the pages; bad input names the field
as the client sent it; a stale version is 409 with the current version (T1.1, T1.4, T1.16)."""

from __future__ import annotations

import datetime as dt

import pytest

from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent
from hechtwerk.method.codes import Dimension

from .api_client import Api, fields
from .factories import PARENT_ITEMS, ChildFactory, answers_with, signalenlijst_version

pytestmark = pytest.mark.django_db

ATT1, _ = PARENT_ITEMS[Dimension.ATTUNEMENT]


@pytest.fixture
def child(nurse):
    signalenlijst_version()
    return ChildFactory(organisation=nurse.organisation, case_code="API-1")


def _payload(child, days=28, **overrides):
    data = {
        "contact_moment": "4w",
        "consult_date": str(child.birth_date + dt.timedelta(days=days)),
        "answers": answers_with(**{ATT1: "nog_niet_positief"}),
    }
    return data | overrides


def _record(api, child, **overrides):
    return api.post(f"/signalling/children/{child.uuid}/consults", _payload(child, **overrides))


def test_it_returns_the_derived_advice_for_submitted_answers(nurse, child):
    response = _record(Api(nurse), child)
    assert response.status_code == 201
    body = response.json()
    assert body["offer_conversation_model"] is True
    searching = [d for d in body["dimensions"] if d["suggested_status"] == "zoekend"]
    assert [d["driving_items"] for d in searching] == [[ATT1]]
    assert body["answers"][ATT1] == "nog_niet_positief"
    create = AccessEvent.objects.get(action=AccessAction.CREATE, client_ref="API-1")
    assert create.outcome == AccessOutcome.SUCCESS


def test_it_says_whether_a_consult_lies_in_the_first_half_year_and_its_window(nurse, child):
    body = _record(Api(nurse), child).json()
    assert body["age_days"] == 28
    assert body["in_first_half_year"] is True
    assert body["window_contact_moment"] == "4w"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"answers": {"bestaat_niet": "positief"}}, "answers"),
        ({"answers": answers_with(**{ATT1: "soms"})}, f"answers.{ATT1}"),
        ({"contact_moment": "99j"}, "contact_moment"),
        ({"consult_date": "2000-01-01"}, "consult_date"),
        ({"notes": "x" * 20000}, "notes"),
    ],
)
def test_it_names_the_field_of_bad_input(nurse, child, overrides, field):
    response = _record(Api(nurse), child, **overrides)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert fields(response) == [field]
    assert body["errors"][0]["message"] == body["message"]
    # The refused write is in the access log as a failure (T1.16).
    line = AccessEvent.objects.get(action=AccessAction.CREATE, client_ref="API-1")
    assert line.outcome == AccessOutcome.FAILURE


def test_it_refuses_a_date_in_the_future(nurse, child):
    future = dt.date.today() + dt.timedelta(days=3)
    response = _record(Api(nurse), child, consult_date=str(future))
    assert response.status_code == 400
    assert fields(response) == ["consult_date"]


def test_it_refuses_an_unknown_dimension_status_as_a_validation_error(nurse, child):
    api = Api(nurse)
    consult = _record(api, child).json()
    response = api.post(
        f"/signalling/consults/{consult['id']}/dimensions",
        {"version": consult["version"], "dimensions": {"aansluiten": {"status": "misschien"}}},
    )
    assert response.status_code == 422
    assert fields(response) == ["dimensions.aansluiten.status"]


def test_it_reads_a_consult_and_logs_the_read(nurse, child):
    api = Api(nurse)
    consult = _record(api, child).json()
    response = api.get(f"/signalling/consults/{consult['id']}")
    assert response.status_code == 200
    assert response.json()["id"] == consult["id"]
    assert AccessEvent.objects.filter(action=AccessAction.READ, client_ref="API-1").exists()


def test_it_corrects_a_consult_and_answers_409_with_the_current_version_when_stale(nurse, child):
    """T1.16: the stale write changes nothing and is logged as a failure."""
    api = Api(nurse)
    consult = _record(api, child).json()
    path = f"/signalling/consults/{consult['id']}"
    corrected = api.put(
        path, _payload(child, answers={}, version=consult["version"]) | {"answers": answers_with()}
    )
    assert corrected.status_code == 200, corrected.json()
    assert corrected.json()["version"] == consult["version"] + 1
    assert corrected.json()["offer_conversation_model"] is False

    stale = api.put(path, _payload(child, version=consult["version"]))
    assert stale.status_code == 409
    assert stale.json()["current_version"] == consult["version"] + 1
    assert api.get(path).json()["offer_conversation_model"] is False
    outcomes = list(
        AccessEvent.objects.filter(action=AccessAction.UPDATE, client_ref="API-1")
        .order_by("seq")
        .values_list("outcome", flat=True)
    )
    assert outcomes == [AccessOutcome.SUCCESS, AccessOutcome.FAILURE]


def test_it_confirms_and_overrides_dimensions_with_a_reason(nurse, child):
    api = Api(nurse)
    consult = _record(api, child).json()
    path = f"/signalling/consults/{consult['id']}/dimensions"
    no_reason = api.post(
        path, {"version": consult["version"], "dimensions": {"aansluiten": {"status": "positief"}}}
    )
    assert no_reason.status_code == 400
    assert fields(no_reason) == ["dimensions.aansluiten.reason"]
    done = api.post(
        path,
        {
            "version": consult["version"],
            "dimensions": {
                "aansluiten": {"status": "positief", "reason": "Bij doorvragen gezien."}
            },
        },
    )
    assert done.status_code == 200
    row = next(d for d in done.json()["dimensions"] if d["dimension"] == "aansluiten")
    assert (row["suggested_status"], row["confirmed_status"]) == ("zoekend", "positief")
    assert row["override_reason"] == "Bij doorvragen gezien."
    stale = api.post(
        path, {"version": consult["version"], "dimensions": {"balans": {"status": "positief"}}}
    )
    assert stale.status_code == 409


def test_it_records_the_conversation_model(nurse, child):
    api = Api(nurse)
    consult = _record(api, child).json()
    path = f"/signalling/consults/{consult['id']}/conversation-model"
    missing_date = api.post(path, {"version": consult["version"], "status": "gevoerd"})
    assert missing_date.status_code == 400
    assert fields(missing_date) == ["held_on"]
    held = api.post(
        path, {"version": consult["version"], "status": "gevoerd", "in_same_consult": True}
    )
    assert held.status_code == 200
    assert held.json()["conversation_model"] == "gevoerd"
    assert held.json()["conversation_held_on"] == consult["consult_date"]


def test_it_answers_404_for_another_organisations_consult_and_logs_the_denial(
    nurse, outsider, child
):
    consult = _record(Api(nurse), child).json()
    response = Api(outsider).get(f"/signalling/consults/{consult['id']}")
    assert response.status_code == 404
    assert response.json()["errors"] == []
    denied = AccessEvent.objects.get(outcome=AccessOutcome.FAILURE, action=AccessAction.READ)
    assert denied.client_ref == "API-1"


def test_it_answers_404_for_another_organisations_child(outsider, child):
    response = Api(outsider).get(f"/signalling/children/{child.uuid}/history")
    assert response.status_code == 404
    assert AccessEvent.objects.filter(
        outcome=AccessOutcome.FAILURE, client_ref="API-1", user_id=outsider.user.pk
    ).exists()


def test_it_refuses_a_team_leader(team_leader, child):
    assert Api(team_leader).get(f"/signalling/children/{child.uuid}/history").status_code == 403


def test_it_stores_dimensions_and_conversation_model_together_or_neither(nurse, child):
    """Issue 12's one form below the advice, through the API: an error in one part keeps the
    other from being stored, so nothing is half saved."""
    api = Api(nurse)
    consult = _record(api, child).json()
    path = f"/signalling/consults/{consult['id']}/review"
    decisions = {"aansluiten": {"status": "positief", "reason": "Bij doorvragen gezien."}}
    refused = api.post(
        path,
        {
            "version": consult["version"],
            "dimensions": decisions,
            "conversation": {"status": "gevoerd"},
        },
    )
    assert refused.status_code == 400
    unchanged = api.get(f"/signalling/consults/{consult['id']}").json()
    row = next(d for d in unchanged["dimensions"] if d["dimension"] == "aansluiten")
    assert row["confirmed_status"] is None
    assert unchanged["version"] == consult["version"]
    done = api.post(
        path,
        {
            "version": consult["version"],
            "dimensions": decisions,
            "conversation": {"status": "gevoerd", "in_same_consult": True},
        },
    )
    assert done.status_code == 200
    row = next(d for d in done.json()["dimensions"] if d["dimension"] == "aansluiten")
    assert row["confirmed_status"] == "positief"
    assert done.json()["conversation_model"] == "gevoerd"
    stale = api.post(
        path, {"version": consult["version"], "conversation": {"status": "aangeboden"}}
    )
    assert stale.status_code == 409
