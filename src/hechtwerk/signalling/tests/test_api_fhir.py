"""API, FHIR (T6.14): a consult as QuestionnaireResponse, served and accepted as
application/fhir+json with the same advice as the JSON endpoint; the history as Bundle and its
import through the API (validated whole before anything is written)."""

from __future__ import annotations

import datetime as dt

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from hechtwerk.method.codes import Dimension
from hechtwerk.signalling.models import Child

from .api_client import Api, fields
from .factories import PARENT_ITEMS, ChildFactory, answers_with, signalenlijst_version

pytestmark = pytest.mark.django_db

FHIR = "application/fhir+json"
ATT1, _ = PARENT_ITEMS[Dimension.ATTUNEMENT]


@pytest.fixture
def children(nurse):
    signalenlijst_version()
    first = ChildFactory(organisation=nurse.organisation, case_code="FHIR-1")
    second = ChildFactory(
        organisation=nurse.organisation, case_code="FHIR-2", birth_date=first.birth_date
    )
    return first, second


def _strip(body):
    return {k: v for k, v in body.items() if k not in ("id", "child", "version")}


def test_it_gives_the_same_advice_for_a_questionnaire_response_as_for_json(nurse, children):
    first, second = children
    api = Api(nurse)
    as_json = api.post(
        f"/signalling/children/{first.uuid}/consults",
        {
            "contact_moment": "4w",
            "consult_date": str(first.birth_date + dt.timedelta(days=28)),
            "answers": answers_with(**{ATT1: "nog_niet_positief"}),
            "notes": "Rustig consult.",
        },
    ).json()
    exported = api.get(f"/signalling/consults/{as_json['id']}/fhir")
    assert exported["Content-Type"] == FHIR
    response = QuestionnaireResponse.model_validate(exported.json())
    assert "|" in str(response.questionnaire)
    resource = exported.json()
    resource["subject"]["identifier"]["value"] = "FHIR-2"
    as_fhir = api.post(f"/signalling/children/{second.uuid}/consults/fhir", resource, FHIR)
    assert as_fhir.status_code == 201, as_fhir.json()
    assert _strip(as_fhir.json()) == _strip(as_json)


def test_it_refuses_a_response_about_another_child_or_not_a_response(nurse, children):
    _first, second = children
    api = Api(nurse)
    other = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"identifier": {"value": "FHIR-1"}},
    }
    wrong_child = api.post(f"/signalling/children/{second.uuid}/consults/fhir", other, FHIR)
    assert wrong_child.status_code == 400
    assert fields(wrong_child) == ["subject"]
    not_fhir = api.post(f"/signalling/children/{second.uuid}/consults/fhir", {"a": 1}, FHIR)
    assert not_fhir.status_code == 400
    assert "QuestionnaireResponse" in not_fhir.json()["message"]
    wrong_type = api.post(
        f"/signalling/children/{second.uuid}/consults/fhir", "<xml/>", "application/xml"
    )
    assert wrong_type.status_code == 415


def test_it_round_trips_a_history_bundle_through_the_api(nurse, jgz_administrator, children):
    first, _second = children
    api = Api(nurse)
    api.post(
        f"/signalling/children/{first.uuid}/consults",
        {
            "contact_moment": "4w",
            "consult_date": str(first.birth_date + dt.timedelta(days=28)),
            "answers": answers_with(**{ATT1: "nog_niet_positief"}),
        },
    )
    api.post(
        f"/signalling/children/{first.uuid}/informatiekaart-checks",
        {"checked_on": str(dt.date.today()), "stress_factor_count": 4},
    )
    exported = api.get(f"/signalling/children/{first.uuid}/fhir")
    assert exported["Content-Type"] == FHIR
    bundle = exported.json()
    Bundle.model_validate(bundle)
    # Imported as another case code of the same organisation: the same history comes back.
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Patient":
            resource["identifier"][0]["value"] = "FHIR-KOPIE-2"
    imported = api.post("/signalling/children/import", bundle, FHIR)
    assert imported.status_code == 201, imported.json()
    assert imported.json()["consults"] == 1
    copy = Child.objects.get(case_code="FHIR-KOPIE-2")
    original = api.get(f"/signalling/children/{first.uuid}/history").json()
    again = api.get(f"/signalling/children/{copy.uuid}/history").json()
    assert [c["dimensions"] for c in again["consults"]] == [
        c["dimensions"] for c in original["consults"]
    ]
    assert len(again["informatiekaart_checks"]) == 1


def test_it_writes_nothing_when_one_part_of_a_bundle_is_wrong(nurse, children):
    first, _second = children
    api = Api(nurse)
    api.post(
        f"/signalling/children/{first.uuid}/consults",
        {
            "contact_moment": "4w",
            "consult_date": str(first.birth_date + dt.timedelta(days=28)),
            "answers": answers_with(),
        },
    )
    bundle = api.get(f"/signalling/children/{first.uuid}/fhir").json()
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Patient":
            resource["identifier"][0]["value"] = "FHIR-HALF-3"
        if resource["resourceType"] == "QuestionnaireResponse":
            resource["item"][0]["answer"][0]["valueCoding"]["code"] = "bestaat_niet"
    refused = api.post("/signalling/children/import", bundle, FHIR)
    assert refused.status_code == 400
    assert not Child.objects.filter(case_code="FHIR-HALF-3").exists()
