"""Instrument definitions that used to be a server error are refused with a Dutch message and
nothing written (T5.8; ASVS 5.1.4 structured data, 5.5.x deserialisation): a NUL character in an
item text, a lone surrogate, a definition nested 100,000 levels deep, and a Questionnaire whose
`contained` resource has an unknown resourceType."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hechtwerk.instruments.exchange import export_fhir, export_native, import_version
from hechtwerk.instruments.models import InstrumentVersion, Item
from hechtwerk.instruments.services import InstrumentError

from .test_exchange import _mixed_version

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int]:
    return InstrumentVersion.objects.count(), Item.objects.count()


def _refused(content: bytes, message: str) -> None:
    before = _counts()
    with pytest.raises(InstrumentError, match=message):
        import_version(actor=None, content=content)
    assert _counts() == before


def test_it_refuses_a_nul_character_in_an_item_text():
    version = _mixed_version()
    data = export_native(version)
    data["version"] = "2"
    data["items"][0]["text"] = "Kijkt\x00 naar de ouder"
    _refused(json.dumps(data).encode(), "NUL")
    fhir = export_fhir(version)
    fhir["version"] = "3"
    fhir["item"][0]["text"] = "Groep\x00"
    _refused(json.dumps(fhir).encode(), "NUL")


def test_it_refuses_a_lone_surrogate():
    data = export_native(_mixed_version())
    data["version"] = "2"
    raw = json.dumps(data).replace('"version": "2"', '"version": "\\udbff"')
    _refused(raw.encode(), "surrogaat")


def test_it_refuses_a_definition_nested_100000_levels_deep():
    """Python's JSON parser raised RecursionError (a 500 on the import page)."""
    _refused(b"[" * 100_000 + b"]" * 100_000, "genest")
    _refused(b'{"a":' * 100 + b"1" + b"}" * 100, "genest")


def test_it_refuses_a_contained_resource_of_an_unknown_type():
    fhir = export_fhir(_mixed_version())
    fhir["version"] = "2"
    fhir["contained"] = [{"resourceType": "Bestaatniet", "id": "x"}]
    _refused(json.dumps(fhir).encode(), "Bestaatniet")


def test_it_answers_the_import_page_with_a_message_not_a_server_error(client_for, administrator):
    response = client_for(administrator).post(
        reverse("instruments:import_version"),
        {"file": SimpleUploadedFile("diep.json", b"[" * 100_000 + b"]" * 100_000)},
    )
    assert response.status_code == 400
    assert "genest" in response.content.decode()
