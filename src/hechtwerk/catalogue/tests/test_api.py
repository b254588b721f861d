"""The catalogue API: list, filters, detail and matching; bad input is a 4xx naming the field."""

from __future__ import annotations

import pytest

from hechtwerk.accounts.services import create_api_token
from hechtwerk.catalogue.constants import OfferKind
from hechtwerk.catalogue.services import set_organisation_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def make(persona):
        token = create_api_token(user=persona.user, membership=persona.membership, name="test")
        headers = {"Authorization": f"Bearer {token.secret}"}
        return lambda path, **params: client.get(f"/api/v1{path}", params, headers=headers)

    return make


def test_it_needs_a_token(client, catalogue):
    assert client.get("/api/v1/interventions").status_code == 401


def test_it_lists_interventions_with_sources_and_alternatives(api, trainer, catalogue):
    response = api(trainer)("/interventions")
    assert response.status_code == 200
    items = {i["slug"]: i for i in response.json()}
    assert len(items) == 20
    shantala = items["shantala"]
    assert shantala["age_window"]["from_days"] == 0
    assert shantala["age_window"]["to_days"] == 274
    assert [(a["from_days"], a["to_days"]) for a in shantala["age_alternatives"]] == [(42, 274)]
    assert "beschrijving" in shantala["age_alternatives"][0]["source"]
    assert items["werkwijze-kuipers"]["evidence_level"] == "niet_beoordeeld"


@pytest.mark.parametrize(
    ("params", "in_result", "out_result"),
    [
        ({"pregnancy_week": 20}, "zbk", "shantala"),
        ({"pregnancy_week": 19}, "voorzorg", "zbk"),
        ({"age_days": 730}, "voorzorg", "shantala"),
        ({"age_days": 731}, "samenstarten", "voorzorg"),
        (
            {"age_days": 42, "min_evidence_level": "goed_onderbouwd"},
            "shantala",
            "werkwijze-kuipers",
        ),
        ({"theme": "gedragsproblemen", "prevention_level": "geindiceerd"}, "vipp-sd", "k-vht"),
    ],
)
def test_it_filters_like_the_web_page(api, trainer, catalogue, params, in_result, out_result):
    slugs = {i["slug"] for i in api(trainer)("/interventions", **params).json()}
    assert in_result in slugs
    assert out_result not in slugs


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"pregnancy_week": 43}, "pregnancy_week"),
        ({"age_days": -5}, "age_days"),
        ({"evidence_level": "heel_goed"}, "evidence_level"),
        ({"format": "podcast"}, "format"),
        ({"age_days": "twee"}, "age_days"),
    ],
)
def test_it_names_the_field_of_bad_input(api, trainer, catalogue, params, field):
    response = api(trainer)("/interventions", **params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_it_gives_one_intervention(api, trainer, catalogue):
    response = api(trainer)(f"/interventions/{catalogue['voorzorg'].uuid}")
    assert response.status_code == 200
    assert response.json()["contacts"]["min"] == 64
    assert api(trainer)("/interventions/00000000-0000-0000-0000-000000000000").status_code == 404


def test_it_matches_for_a_jgz_professional_with_own_offer_first(api, nurse, catalogue):
    set_organisation_offer(
        actor=None,
        organisation=nurse.organisation,
        intervention=catalogue["werkwijze-kuipers"],
        kind=OfferKind.CONTRACTED,
    )
    response = api(nurse)(
        "/interventions/match",
        age_days=60,
        dimensions=["comfortzone"],
        referral_criteria=["regulatieproblemen"],
    )
    assert response.status_code == 200
    body = response.json()
    assert body["rules_version"]
    first, second, *_ = body["matches"]
    assert first["intervention"]["slug"] == "werkwijze-kuipers"
    assert first["offer_kind"] == "gecontracteerd"
    assert second["intervention"]["slug"] == "shantala"
    assert second["reasons"][0].startswith("Comfortzone is zoekend")
    assert second["evidence_level"] == "goed_onderbouwd"


def test_it_refuses_matching_without_age_or_for_other_roles(api, nurse, trainer, catalogue):
    missing = api(nurse)("/interventions/match", dimensions=["balans"])
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["age_days"]
    wrong_code = api(nurse)("/interventions/match", age_days=10, dimensions=["humeur"])
    assert wrong_code.status_code == 422
    assert [e["field"] for e in wrong_code.json()["errors"]] == ["dimensions"]
    assert api(trainer)("/interventions/match", age_days=10).status_code == 403
