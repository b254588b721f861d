"""Input that cannot go wrong (T5.8; ASVS 5.1.3, 5.1.4): case codes, dates and texts have one set
of bounds on the pages, the API and the FHIR history import, refused with the field named and
nothing written; NUL characters, lone surrogates and unknown resource types are a 4xx, never 500.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hechtwerk.accounts.services import create_api_token
from hechtwerk.signalling import services
from hechtwerk.signalling.models import Child, Consult, Referral
from hechtwerk.signalling.rules import (
    MAX_TEXT_LENGTH,
    birth_date_problem,
    check_case_code,
    due_date_problem,
    record_date_problem,
    text_bound_problem,
)

from .factories import ChildFactory, make_consult, make_referral, signalenlijst_version

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


# -- the case-code rule (pure) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["JGZ-2024-00123", "DEMO-001", "12345678", "dos-123", "B1-0000042", "A/2024.7_3"]
)
def test_it_allows_dossier_number_shapes(code):
    assert check_case_code(code).problem is None
    assert check_case_code(f"  {code} ").code == code


def test_it_normalises_full_width_look_alikes_to_ascii():
    """Issue 7: ＤＥＭＯ-００１ beside DEMO-001 must be the same code."""
    assert check_case_code("ＤＥＭＯ-００１").code == "DEMO-001"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("Jan Jansen", "name"),
        ("jan.jansen", "name"),
        ("Emma", "name"),
        ("Jansen2024", "name"),
        ("JANSEN", "no_digit"),
        ("111222333", "bsn"),  # passes the eleven-test
        ("JGZ-111222333", "bsn"),
        ("1112.22.333", "bsn"),
        ("DEMO\n001", "charset"),
        ('DEMO"001', "charset"),
        ("DÉMO-001", "charset"),
        ("ДЕМО-001", "charset"),  # Cyrillic look-alikes are not ASCII
        ("-001", "charset"),
        ("DEMO\x00001", "charset"),
        ("A" + "1" * 40, "length"),
        ("   ", "empty"),
    ],
)
def test_it_refuses_names_bsn_and_odd_characters_in_a_case_code(code, reason):
    check = check_case_code(code)
    assert check.reason == reason
    assert check.problem


def test_it_allows_a_nine_digit_number_that_fails_the_eleven_test():
    assert check_case_code("123456789").problem is None


# -- the bounds (pure) -----------------------------------------------------------------------------


def test_it_bounds_the_date_of_birth_to_eighteen_years_and_not_the_future():
    assert birth_date_problem(TODAY - dt.timedelta(days=365 * 17), today=TODAY) is None
    assert "18 jaar" in birth_date_problem(TODAY - dt.timedelta(days=365 * 19), today=TODAY)
    assert birth_date_problem(TODAY + dt.timedelta(days=1), today=TODAY)


def test_it_bounds_the_due_date():
    assert due_date_problem(TODAY + dt.timedelta(days=280), birth_date=None, today=TODAY) is None
    assert "10 maanden" in due_date_problem(
        TODAY + dt.timedelta(days=320), birth_date=None, today=TODAY
    )
    assert due_date_problem(TODAY - dt.timedelta(days=200), birth_date=None, today=TODAY)
    born = TODAY - dt.timedelta(days=30)
    assert due_date_problem(born + dt.timedelta(days=60), birth_date=born, today=TODAY) is None
    assert due_date_problem(born - dt.timedelta(days=300), birth_date=born, today=TODAY)


def test_it_refuses_a_record_before_the_pregnancy_or_in_year_one():
    born = TODAY - dt.timedelta(days=100)
    assert record_date_problem(born, birth_date=born, due_date=None, today=TODAY) is None
    # In pregnancy is allowed: prenatal care is part of the method.
    assert (
        record_date_problem(
            born - dt.timedelta(days=100), birth_date=born, due_date=None, today=TODAY
        )
        is None
    )
    assert record_date_problem(dt.date(1, 1, 1), birth_date=born, due_date=None, today=TODAY)
    assert record_date_problem(
        born - dt.timedelta(days=365), birth_date=born, due_date=None, today=TODAY
    )


def test_it_bounds_free_text():
    assert text_bound_problem("x" * MAX_TEXT_LENGTH) is None
    assert str(MAX_TEXT_LENGTH) in text_bound_problem("x" * (MAX_TEXT_LENGTH + 1))
    assert "NUL" in text_bound_problem("a\x00b")
    assert text_bound_problem("a\ud800b")
    assert text_bound_problem("a\x0cb")
    assert text_bound_problem("regel 1\nregel 2\t\u200f") is None


# -- the services, as pages, API and import reach them ---------------------------------------------


def _register(persona, **kwargs: Any) -> Child:
    data: dict[str, Any] = {
        "case_code": "JGZ-2024-00123",
        "birth_date": timezone.localdate() - dt.timedelta(days=30),
        "due_date": None,
    }
    return services.register_child(
        actor=persona.user, organisation=persona.organisation, **(data | kwargs)
    )


def test_it_refuses_a_look_alike_of_an_existing_case_code(nurse):
    _register(nurse, case_code="DEMO-001")
    with pytest.raises(services.SignallingError) as caught:
        _register(nurse, case_code="ＤＥＭＯ-００１")
    assert caught.value.field == "case_code"
    with pytest.raises(services.SignallingError):
        _register(nurse, case_code="demo-001")
    assert Child.objects.count() == 1


def test_it_stores_the_normalised_case_code(nurse):
    assert _register(nurse, case_code=" ＪＧＺ-７ ").case_code == "JGZ-7"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"case_code": "Jan Jansen"}, "case_code"),
        ({"case_code": "111222333"}, "case_code"),
        ({"birth_date": dt.date(2001, 1, 1)}, "birth_date"),
        ({"birth_date": None, "due_date": dt.date.today() + dt.timedelta(days=400)}, "due_date"),
    ],
)
def test_it_refuses_to_register_out_of_bounds_naming_the_field(nurse, kwargs, field):
    with pytest.raises(services.SignallingError) as caught:
        _register(nurse, **kwargs)
    assert caught.value.field == field
    assert not Child.objects.exists()


def test_it_shows_the_case_code_rule_on_the_page(client_for, nurse):
    response = client_for(nurse).post(
        reverse("signalling:child_create"),
        {"case_code": "Emma de Vries", "birth_date": str(timezone.localdate())},
    )
    assert response.status_code in (200, 400)
    assert "lijkt op een naam" in response.content.decode()
    assert not Child.objects.exists()


def test_it_refuses_a_referral_in_year_one_and_an_overlong_reason(nurse):
    signalenlijst_version()
    child = ChildFactory(organisation=nurse.organisation)
    for kwargs, field in (
        ({"referred_on": dt.date(1, 1, 1)}, "referred_on"),
        ({"referred_on": child.birth_date - dt.timedelta(days=400)}, "referred_on"),
        ({"reason": "x" * (MAX_TEXT_LENGTH + 1)}, "reason"),
        ({"reason": "zorg\x00en"}, "reason"),
    ):
        data = {"destination": "jeugd_ggz", "reason": "Zorgen", "referred_on": child.birth_date}
        with pytest.raises(services.SignallingError) as caught:
            services.refer_child(actor=nurse.user, child=child, **(data | kwargs))
        assert caught.value.field == field
    assert not Referral.objects.exists()


def _api(persona) -> Client:
    secret = create_api_token(user=persona.user, membership=persona.membership, name="t").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _consult_url(child: Child) -> str:
    return f"/api/v1/signalling/children/{child.uuid}/consults"


def _consult_body(child: Child, notes: str) -> dict[str, Any]:
    assert child.birth_date is not None
    return {
        "contact_moment": "4w",
        "consult_date": str(child.birth_date + dt.timedelta(days=28)),
        "answers": {},
        "notes": notes,
    }


@pytest.mark.parametrize(
    "notes",
    ["Slaapt\x00 slecht", "x" * (MAX_TEXT_LENGTH + 1), "stuurteken \x1b[31m"],
)
def test_it_answers_4xx_to_unstorable_or_overlong_api_notes(nurse, notes):
    signalenlijst_version()
    child = ChildFactory(organisation=nurse.organisation)
    response = _api(nurse).post(
        _consult_url(child), _consult_body(child, notes), content_type="application/json"
    )
    assert 400 <= response.status_code < 500, response.content
    assert not Consult.objects.exists()


def test_it_answers_400_to_a_lone_surrogate_in_json(nurse):
    """A lone surrogate cannot be encoded as UTF-8; every database driver refuses it (was 500)."""
    signalenlijst_version()
    child = ChildFactory(organisation=nurse.organisation)
    raw = json.dumps(_consult_body(child, "PLACEHOLDER")).replace("PLACEHOLDER", "\\ud800")
    response = _api(nurse).post(_consult_url(child), raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert "surrogaat" in response.json()["message"]
    assert not Consult.objects.exists()


def test_it_answers_400_to_an_escaped_nul_in_a_referral_reason(nurse):
    child = ChildFactory(organisation=nurse.organisation)
    raw = json.dumps(
        {"destination": "jeugd_ggz", "reason": "PLACEHOLDER", "referred_on": str(child.birth_date)}
    ).replace("PLACEHOLDER", "zorg\\u0000en")
    response = _api(nurse).post(
        f"/api/v1/signalling/children/{child.uuid}/referrals", raw, content_type="application/json"
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["message"]
    assert not Referral.objects.exists()


def test_it_answers_413_to_an_api_body_over_the_limit_and_accepts_five_mb(settings, nurse):
    """The documented 5 MB Bundle limit and Django's memory limit agree (was 500 on the API)."""
    from hechtwerk.signalling.services.history_import import MAX_BUNDLE_BYTES

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == MAX_BUNDLE_BYTES
    client = _api(nurse)
    padding = " " * (MAX_BUNDLE_BYTES - 2)
    fits = client.post(
        "/api/v1/signalling/children/import", "{}" + padding, content_type="application/json"
    )
    assert fits.status_code == 400  # read and refused for its content, not its size
    too_big = client.post(
        "/api/v1/signalling/children/import", "{}" + padding + "  ", content_type="application/json"
    )
    assert too_big.status_code == 413
    assert too_big.json()["status"] == 413
    assert "5 MB" in too_big.json()["message"]


# -- the FHIR history import -----------------------------------------------------------------------


@pytest.fixture
def exported(client_for, nurse) -> dict[str, Any]:
    signalenlijst_version()
    child = ChildFactory(
        organisation=nurse.organisation,
        case_code="REIS-9",
        birth_date=timezone.localdate() - dt.timedelta(days=100),
    )
    make_consult(child=child, actor=nurse.user, days_old=28, moment_code="4w")
    make_referral(child=child, actor=nurse.user)
    response = client_for(nurse).get(reverse("signalling:child_fhir", args=[child.uuid]))
    data: dict[str, Any] = json.loads(response.content)
    return data


def _import(persona, bundle: dict[str, Any] | str | bytes) -> str:
    before = Child.objects.count(), Consult.objects.count(), Referral.objects.count()
    with pytest.raises(services.SignallingError) as caught:
        services.import_child_history(
            actor=persona.user,
            organisation=persona.organisation,
            bundle_json=bundle if isinstance(bundle, str | bytes) else json.dumps(bundle),
        )
    after = Child.objects.count(), Consult.objects.count(), Referral.objects.count()
    assert after == before, "something was written"
    return caught.value.message


def _patient(bundle: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = bundle["entry"][0]["resource"]
    assert resource["resourceType"] == "Patient"
    return resource


def _of_type(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


def test_it_imports_the_exported_bundle(outsider, exported):
    child = services.import_child_history(
        actor=outsider.user, organisation=outsider.organisation, bundle_json=json.dumps(exported)
    )
    assert child.case_code == "REIS-9"


@pytest.mark.parametrize(
    ("case_code", "expected"),
    [("Jan\nJansen", "naam"), ("Pietje Puk", "naam"), ("111222333", "BSN"), ("X\x00-1", "NUL")],
)
def test_it_applies_the_case_code_rule_on_import(outsider, exported, case_code, expected):
    bundle = copy.deepcopy(exported)
    _patient(bundle)["identifier"][0]["value"] = case_code
    assert expected in _import(outsider, bundle)


def test_it_refuses_an_entry_of_an_unknown_resource_type(outsider, exported):
    bundle = copy.deepcopy(exported)
    bundle["entry"].append({"resource": {"resourceType": "Bestaatniet", "id": "x"}})
    assert "Bestaatniet" in _import(outsider, bundle)
    bundle = copy.deepcopy(exported)
    _of_type(bundle, "QuestionnaireResponse")["contained"] = [{"resourceType": "Nope"}]
    assert "resourceType" in _import(outsider, bundle)


def test_it_refuses_a_resource_or_a_consult_twice(outsider, exported):
    bundle = copy.deepcopy(exported)
    bundle["entry"].append(copy.deepcopy(bundle["entry"][1]))
    assert "twee keer" in _import(outsider, bundle)
    bundle = copy.deepcopy(exported)
    twin = copy.deepcopy(next(e for e in bundle["entry"] if "QuestionnaireResponse" in str(e)))
    twin["resource"]["id"] = "a-second-id"
    twin["fullUrl"] = "urn:uuid:a-second-id"
    bundle["entry"].append(twin)
    assert "twee keer" in _import(outsider, bundle)


def test_it_refuses_imported_dates_and_texts_out_of_bounds(outsider, exported):
    bundle = copy.deepcopy(exported)
    _patient(bundle)["birthDate"] = "2001-01-01"
    assert "18 jaar" in _import(outsider, bundle)
    bundle = copy.deepcopy(exported)
    _of_type(bundle, "ServiceRequest")["authoredOn"] = "1900-01-01"
    assert "zwangerschap" in _import(outsider, bundle)
    bundle = copy.deepcopy(exported)
    _of_type(bundle, "ServiceRequest")["reasonCode"][0]["text"] = "x" * (MAX_TEXT_LENGTH + 1)
    assert str(MAX_TEXT_LENGTH) in _import(outsider, bundle)


def test_it_refuses_nul_lone_surrogates_and_deep_nesting_in_a_bundle(outsider, exported):
    raw = json.dumps(exported)
    assert "NUL" in _import(outsider, raw.replace('"REIS-9"', '"REIS-9\\u0000"'))
    assert "surrogaat" in _import(outsider, raw.replace('"REIS-9"', '"REIS-\\udc00"'))
    assert "genest" in _import(outsider, "[" * 100_000 + "]" * 100_000)


def test_it_quotes_a_case_code_with_a_newline_in_the_download_name(client_for, nurse):
    """The file name was an f-string: a newline or quote in a case code broke the header (500)."""
    child = ChildFactory(organisation=nurse.organisation, case_code='A"1\nX-Evil: ja')
    response = client_for(nurse).get(reverse("signalling:child_fhir", args=[child.uuid]))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert "\n" not in header
    assert header.startswith("attachment;")
    assert "X-Evil" not in response.headers or response.headers.get("X-Evil") is None
