"""The beheerder's instrument pages and the instruments API."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fhir.resources.R4B.questionnaire import Questionnaire

from hechtwerk.accounts.services import create_api_token
from hechtwerk.core.models import AccessEvent, AuditEntry
from hechtwerk.instruments.constants import VersionStatus
from hechtwerk.instruments.demo import ensure_illustrative_instruments
from hechtwerk.instruments.exchange import export_fhir, export_native
from hechtwerk.instruments.models import InstrumentVersion
from hechtwerk.instruments.tests.factories import version_with_items
from hechtwerk.method.codes import SIGNALENLIJST

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str = "lijst.json") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


def test_it_lists_instruments_and_versions_in_a_fixed_number_of_queries(administrator, client_for):
    client = client_for(administrator)
    ensure_illustrative_instruments()
    client.get(reverse("instruments:index"))  # warm up session and membership caches
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("instruments:index"))
    assert response.status_code == 200
    version_with_items()
    version_with_items()
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("instruments:index"))
    assert len(more) == len(few)
    body = response.content.decode()
    assert "Signalenlijst (voorbeeld)" in body
    assert "voorbeeldteksten" in body


def test_it_shows_a_version_grouped_with_the_placeholder_banner(administrator, client_for):
    version = ensure_illustrative_instruments()[SIGNALENLIJST]
    response = client_for(administrator).get(
        reverse("instruments:version_detail", args=[version.uuid])
    )
    body = response.content.decode()
    assert "Voorbeeldteksten, niet de echte lijst." in body
    assert body.count("<caption") == 6  # five dimensions and the risk group
    assert "Nog niet positief" in body
    assert "Trek deze versie in" in body


def test_it_imports_a_file_and_shows_the_new_draft(administrator, client_for):
    original = version_with_items()
    data = export_native(original)
    data["version"] = "2"

    response = client_for(administrator).post(
        reverse("instruments:import_version"), _upload(json.dumps(data).encode())
    )

    version = InstrumentVersion.objects.get(instrument=original.instrument, version="2")
    assert response.status_code == 302
    assert response.url == reverse("instruments:version_detail", args=[version.uuid])
    assert version.status == VersionStatus.DRAFT
    assert version.created_by == administrator.user


def test_it_shows_import_problems_at_the_field_and_saves_nothing(administrator, client_for):
    data = export_fhir(version_with_items())  # same version again, so it exists already
    data["item"][0]["item"][0].pop("answerOption")
    before = InstrumentVersion.objects.count()

    response = client_for(administrator).post(
        reverse("instruments:import_version"), _upload(json.dumps(data).encode())
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_file_error"' in body
    assert "heeft geen antwoordopties" in body
    assert "bestaat al" in body
    assert InstrumentVersion.objects.count() == before


def test_it_refuses_a_file_over_one_megabyte(administrator, client_for):
    response = client_for(administrator).post(
        reverse("instruments:import_version"), _upload(b" " * (1024 * 1024 + 10))
    )
    assert response.status_code == 400
    assert "groter dan 1 MB" in response.content.decode()


def test_it_downloads_both_exports_and_records_them_in_the_change_log(administrator, client_for):
    version = version_with_items()
    client = client_for(administrator)

    native = client.get(reverse("instruments:export_json", args=[version.uuid]))
    fhir = client.get(reverse("instruments:export_fhir", args=[version.uuid]))

    assert native["Content-Disposition"].startswith("attachment;")
    assert json.loads(native.content)["format"] == "hechtwerk-instrument"
    assert fhir["Content-Type"].startswith("application/fhir+json")
    Questionnaire.model_validate_json(fhir.content)
    formats = AuditEntry.objects.filter(action="instruments.version.exported").values_list(
        "data__format", flat=True
    )
    assert sorted(formats) == ["fhir", "json"]
    # Definitions are not client data: nothing in the NEN 7513 access log.
    assert not AccessEvent.objects.exists()


def test_it_publishes_and_retires_with_the_buttons(administrator, client_for):
    draft = version_with_items(publish=False)
    client = client_for(administrator)

    # Without confirmation nothing is published: the page asks first.
    asked = client.post(reverse("instruments:publish_version", args=[draft.uuid]))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert "Ja, publiceer deze versie" in asked.content.decode()
    client.post(reverse("instruments:publish_version", args=[draft.uuid]), {"confirm": "1"})
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED

    response = client.post(
        reverse("instruments:publish_version", args=[draft.uuid]), {"confirm": "1"}, follow=True
    )
    assert "Alleen een conceptversie" in response.content.decode()

    client.post(reverse("instruments:retire_version", args=[draft.uuid]))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.RETIRED


def test_it_shows_what_changes_before_publishing_and_then_one_version_in_use(
    administrator, client_for
):
    first = version_with_items(version="2026-1")
    draft = version_with_items(
        [
            {"code": "item_a", "group": "groep_a", "text": "Nieuwe tekst van item_a"},
            {"code": "item_c", "group": "groep_a", "options": [("ja", "Ja"), ("soms", "Soms")]},
        ],
        publish=False,
        instrument=first.instrument,
        version="2026-2",
    )
    client = client_for(administrator)
    page = client.get(reverse("instruments:publish_version", args=[draft.uuid])).content.decode()
    assert "Wat verandert ten opzichte van versie 2026-1" in page
    assert "Tekst van item_c" in page.split("Nieuwe items", 1)[1]
    assert "Tekst van item_b" in page.split("Vervallen items", 1)[1]
    assert "Nieuwe tekst van item_a" in page.split("Gewijzigde items", 1)[1]

    client.post(reverse("instruments:publish_version", args=[draft.uuid]), {"confirm": "1"})
    index = client.get(reverse("instruments:index")).content.decode()
    assert index.count(">In gebruik<") == 1
    assert "vervangen door een nieuwere versie" in index
    old_page = client.get(reverse("instruments:version_detail", args=[first.uuid])).content.decode()
    assert "Vervangen door versie 2026-2" in old_page
    assert "In gebruik" not in old_page


def test_it_answers_404_for_an_unknown_version(administrator, client_for):
    response = client_for(administrator).get(
        reverse("instruments:version_detail", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert response.status_code == 404


# --- API -----------------------------------------------------------------------------------


def _api(persona) -> Client:
    secret = create_api_token(
        user=persona.user, membership=persona.membership, name="Koppeling"
    ).secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_it_lists_published_versions_and_serves_a_questionnaire_to_any_member(nurse):
    published = ensure_illustrative_instruments()[SIGNALENLIJST]
    draft = version_with_items(publish=False)
    api = _api(nurse)

    page = api.get("/api/v1/instruments/versions").json()
    listing = page["items"]
    assert page["count"] == len(listing)
    assert {v["instrument_code"] for v in listing} == {
        "signalenlijst",
        "samenstarten",
        "informatiekaart",
        "kwetsbaarheid",
    }
    row = next(v for v in listing if v["instrument_code"] == SIGNALENLIJST)
    assert row["item_count"] == 13
    assert row["canonical"].endswith("/Questionnaire/signalenlijst|demo-1")

    response = api.get(f"/api/v1/instruments/versions/{published.uuid}/questionnaire")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert Questionnaire.model_validate(response.json()).version == "demo-1"
    assert api.get(f"/api/v1/instruments/versions/{draft.uuid}/questionnaire").status_code == 404


def test_it_serves_a_version_with_its_items_and_options_as_json(nurse):
    """T6.14: the same items and options as the Questionnaire, for those who use them."""
    published = ensure_illustrative_instruments()[SIGNALENLIJST]
    body = _api(nurse).get(f"/api/v1/instruments/versions/{published.uuid}").json()
    questionnaire = (
        _api(nurse).get(f"/api/v1/instruments/versions/{published.uuid}/questionnaire").json()
    )
    assert len(body["items"]) == 13
    first = body["items"][0]
    assert first["options"]
    assert all(o["code"] and o["label"] for o in first["options"])
    link_ids = [i["linkId"] for g in questionnaire["item"] for i in g.get("item", [g])]
    assert first["code"] in link_ids


def test_it_pages_the_published_versions(nurse):
    ensure_illustrative_instruments()
    page = _api(nurse).get("/api/v1/instruments/versions?limit=1&offset=1").json()
    assert page["count"] == 4
    assert len(page["items"]) == 1
    bad = _api(nurse).get("/api/v1/instruments/versions?limit=0")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "limit"


def test_it_refuses_the_api_without_a_token():
    assert Client().get("/api/v1/instruments/versions").status_code == 401
