"""Every API error answers one documented shape with a message in the user's language (T6.2);
forms put a domain error at its field, so nothing typed is lost."""

from __future__ import annotations

import logging

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest
from django.test import Client, override_settings
from django.utils import translation
from ninja import NinjaAPI, Schema
from ninja.testing import TestClient
from ninja.throttling import AnonRateThrottle

from hechtwerk.accounts.services import create_api_token
from hechtwerk.core.errors import ConflictError, DomainError, install_error_handlers
from hechtwerk.core.forms import DomainErrorMixin
from hechtwerk.signalling.tests.factories import ChildFactory, signalenlijst_version

pytestmark = pytest.mark.django_db

SHAPE = {"status", "message", "errors"}


def _api(persona, *, language: str = "") -> Client:
    secret = create_api_token(user=persona.user, membership=persona.membership, name="test").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= SHAPE, body
    assert body["status"] == status
    assert body["message"]
    return body


@pytest.fixture
def child(nurse):
    signalenlijst_version()
    return ChildFactory(organisation=nurse.organisation, case_code="FOUT-1")


# --- through the real API ---------------------------------------------------------------------


def test_it_answers_bad_fields_in_dutch_with_their_path_and_no_body_prefix(nurse, child):
    response = _api(nurse).post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        {"consult_date": "gisteren", "answers": ["a"], "notes": 5},
        content_type="application/json",
    )
    body = _shape(response, 422)
    assert body["message"] == "Het verzoek bevat fouten; bij elk veld staat wat er niet klopt."
    assert {e["field"]: e["message"] for e in body["errors"]} == {
        "contact_moment": "Dit veld is verplicht.",
        "consult_date": "Geef een geldige datum op (jjjj-mm-dd).",
        "answers": "Geef hier een object met velden op.",
        "notes": "Geef hier tekst op.",
    }
    assert "detail" not in body


def test_it_answers_in_english_when_the_user_chose_english(nurse, child):
    response = _api(nurse, language="en").post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        {"answers": {}},
        content_type="application/json",
    )
    body = _shape(response, 422)
    assert body["message"] == "The request contains errors; each field says what is wrong."
    assert {"field": "contact_moment", "message": "This field is required."} in body["errors"]


def test_it_names_a_bad_query_or_path_parameter_by_its_name(nurse, child):
    client = _api(nurse)
    age = _shape(client.get("/api/v1/interventions", {"age_days": "twee"}), 422)
    assert age["errors"] == [{"field": "age_days", "message": "Geef hier een geheel getal op."}]
    path = _shape(client.get("/api/v1/signalling/children/geen-uuid/history"), 422)
    assert path["errors"] == [{"field": "child_id", "message": "Dit is geen geldige id (UUID)."}]


def test_it_answers_a_domain_rule_with_its_field(nurse, child):
    response = _api(nurse).post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        {"contact_moment": "99j", "consult_date": str(child.birth_date), "answers": {}},
        content_type="application/json",
    )
    body = _shape(response, 400)
    assert body["message"] == "Onbekend contactmoment in het schema."
    assert body["errors"] == [
        {"field": "contact_moment", "message": "Onbekend contactmoment in het schema."}
    ]


def test_it_answers_a_body_that_is_not_json(nurse, child):
    response = _api(nurse).post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        "{kapot",
        content_type="application/json",
    )
    body = _shape(response, 400)
    assert body["message"] == "De inhoud van het verzoek is geen geldige JSON."
    assert body["errors"][0]["field"] == ""


def test_it_answers_401_without_a_token_in_dutch():
    body = _shape(Client().get("/api/v1/me"), 401)
    assert body["message"].startswith("Meld je aan met een geldige API-sleutel")
    assert body["errors"] == []


def test_it_answers_403_in_the_shape(trainer):
    body = _shape(_api(trainer).get("/api/v1/interventions/match", {"age_days": 10}), 403)
    assert body["message"] != "Forbidden"


def test_it_answers_404_without_saying_what_was_looked_for(nurse, outsider, child):
    unknown = _shape(
        _api(nurse).get("/api/v1/interventions/00000000-0000-0000-0000-000000000000"), 404
    )
    assert unknown["message"] == "Dit bestaat niet, of je hebt er geen toegang toe."
    assert "Not Found" not in unknown["message"]
    other_org = _shape(_api(outsider).get(f"/api/v1/signalling/children/{child.uuid}/history"), 404)
    assert other_org["message"] == unknown["message"]


def test_it_answers_an_unknown_path_and_a_wrong_method_in_the_shape(nurse):
    client = _api(nurse)
    assert _shape(client.get("/api/v1/bestaat-niet"), 404)["message"] == (
        "Dit bestaat niet, of je hebt er geen toegang toe."
    )
    wrong = client.delete("/api/v1/me")
    assert _shape(wrong, 405)["message"] == "Deze methode is op dit adres niet toegestaan."
    assert wrong["Allow"] == "GET"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_it_answers_413_to_a_body_that_is_too_large(nurse):
    response = _api(nurse).post(
        "/api/v1/signalling/children/import", "x" * 5000, content_type="application/fhir+json"
    )
    assert _shape(response, 413)["message"].startswith("Het verzoek is ")


def test_it_answers_413_also_when_the_body_is_read_inside_the_endpoint():
    """Django's RequestDataTooBig is a 413 in the shape, not a 500 (nor Django's 400 page)."""
    with translation.override("nl"):
        response = _test_api().post("/raw")
    assert _shape(response, 413)["message"] == "Het verzoek is te groot."


def test_it_publishes_the_error_shape_for_every_operation(nurse):
    schema = _api(nurse).get("/api/v1/openapi.json").json()
    error_out = schema["components"]["schemas"]["ErrorOut"]
    assert set(error_out["required"]) == SHAPE
    assert "## Fouten" in schema["info"]["description"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "403", "404", "422", "429", "500"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, (
                    path,
                    method,
                    status,
                )


# --- the handlers, on an API of their own (statuses the real endpoints cannot yet produce) -----


class Thing(Schema):
    name: str


def _test_api() -> TestClient:
    api = NinjaAPI(urls_namespace="errors-test")
    install_error_handlers(api)

    @api.post("/conflict")
    def conflict(request: HttpRequest) -> None:
        raise ConflictError("Iemand anders was je voor.", current_version=3)

    @api.post("/forbidden")
    def forbidden(request: HttpRequest) -> None:
        raise PermissionDenied("internal reason")

    @api.get("/boom")
    def boom(request: HttpRequest) -> None:
        raise RuntimeError("geheim detail uit de database")

    @api.get("/limited", throttle=AnonRateThrottle("1/m"))
    def limited(request: HttpRequest) -> dict[str, str]:
        return {}

    @api.post("/raw")
    def raw(request: HttpRequest) -> None:
        # What request.body raises past DATA_UPLOAD_MAX_MEMORY_SIZE (e.g. a chunked upload).
        raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    @api.post("/things")
    def things(request: HttpRequest, payload: list[Thing]) -> None:
        raise DomainError("Dit mag niet.", field="0.name")

    return TestClient(api)


def test_it_answers_409_with_the_current_version():
    with translation.override("nl"):
        response = _test_api().post("/conflict")
    body = _shape(response, 409)
    assert body == {
        "status": 409,
        "message": "Iemand anders was je voor.",
        "errors": [],
        "current_version": 3,
    }


def test_it_answers_403_with_a_generic_message_not_the_internal_reason():
    with translation.override("nl"):
        body = _shape(_test_api().post("/forbidden"), 403)
    assert body["message"] == "Je hebt geen toestemming voor deze handeling."


def test_it_answers_429_with_retry_after():
    client = _test_api()
    with translation.override("nl"):
        client.get("/limited")
        response = client.get("/limited")
    assert _shape(response, 429)["message"] == "Te veel verzoeken. Probeer het later opnieuw."
    assert int(response["Retry-After"]) > 0


def test_it_answers_an_unexpected_error_with_500_and_no_details(caplog):
    with translation.override("nl"), caplog.at_level(logging.ERROR, logger="hechtwerk.api"):
        response = _test_api().get("/boom")
    body = _shape(response, 500)
    assert body == {
        "status": 500,
        "message": "Er ging bij ons iets mis. Probeer het later opnieuw.",
        "errors": [],
    }
    assert b"geheim" not in response.content
    assert "geheim detail" in caplog.text  # logged for us, not shown to the client


def test_it_gives_list_indices_in_the_field_path():
    with translation.override("nl"):
        response = _test_api().post("/things", json=[{"name": "a"}, {"naam": "b"}])
    body = _shape(response, 422)
    assert body["errors"] == [{"field": "1.name", "message": "Dit veld is verplicht."}]


# --- forms --------------------------------------------------------------------------------


class _ChildForm(DomainErrorMixin, forms.Form):
    domain_error_fields = {"age_days": "age"}

    case_code = forms.CharField()
    age = forms.IntegerField(required=False)


def test_it_puts_a_domain_error_at_its_field_and_keeps_what_was_typed():
    form = _ChildForm({"case_code": "K-12", "age": "3"})
    assert form.is_valid()
    form.add_domain_error(DomainError("Deze code bestaat al.", field="case_code"))
    assert form.errors["case_code"] == ["Deze code bestaat al."]
    assert 'value="K-12"' in str(form["case_code"])


def test_it_maps_a_service_field_to_the_form_field():
    form = _ChildForm({"case_code": "K-12", "age": "-1"})
    form.is_valid()
    form.add_domain_error(DomainError("Een leeftijd is niet negatief.", field="age_days"))
    assert form.errors["age"] == ["Een leeftijd is niet negatief."]


def test_it_puts_an_error_about_no_field_of_the_form_at_the_top():
    form = _ChildForm({"case_code": "K-12"})
    form.is_valid()
    form.add_domain_error(DomainError("Iemand anders was je voor."))
    form.add_domain_error(DomainError("Onbekend item.", field="item_xyz"))
    assert form.non_field_errors() == ["Iemand anders was je voor.", "Onbekend item."]
