"""Import and export: our JSON format and FHIR R4 Questionnaire (T6.14, T6.15)."""

from __future__ import annotations

import copy
import json

import pytest
from django.db import connection
from fhir.resources.R4B.questionnaire import Questionnaire

from hechtwerk.instruments.constants import ItemKind, VersionStatus
from hechtwerk.instruments.demo import ensure_illustrative_instruments
from hechtwerk.instruments.exchange import export_fhir, export_native, import_version
from hechtwerk.instruments.exchange.fhir import canonical_reference
from hechtwerk.instruments.models import Instrument, InstrumentVersion, Item
from hechtwerk.instruments.services import InstrumentError
from hechtwerk.instruments.tests.factories import version_with_items

pytestmark = pytest.mark.django_db


def _snapshot(version: InstrumentVersion) -> list[tuple]:
    return [
        (
            i.code,
            i.text,
            i.kind,
            i.group,
            i.group_label,
            i.order,
            i.required,
            i.help_text,
            i.bds_element_id,
            i.not_in_bds,
            [(o.code, o.label) for o in i.options.all()],
        )
        for i in version.items.prefetch_related("options")
    ]


def _meta(version: InstrumentVersion) -> tuple:
    v = version
    return (
        v.instrument.code,
        v.instrument.name,
        v.instrument.kind,
        v.version,
        v.is_illustrative,
        v.source,
        v.licence_note,
    )


def _wipe() -> None:
    """A fresh database: nothing of the instruments app left."""
    with connection.cursor() as cursor:
        for table in ("answeroption", "item", "instrumentversion", "instrument"):
            cursor.execute(f"DELETE FROM instruments_{table}")  # noqa: S608 - fixed names


def _mixed_version() -> InstrumentVersion:
    return version_with_items(
        [
            {
                "code": "a",
                "group": "een",
                "group_label": "Groep één",
                "required": True,
                "help_text": "Let op de blik.",
            },
            {"code": "b", "group": "een", "group_label": "Groep één", "bds_element_id": "1234"},
            {"code": "c", "kind": ItemKind.BOOLEAN},
            {"code": "d", "kind": ItemKind.INTEGER, "group": "twee", "group_label": "Twee"},
            {"code": "e", "kind": ItemKind.DATE, "group": "een", "group_label": "Groep één"},
            {"code": "f", "kind": ItemKind.TEXT},
        ],
        licence_note="Alleen voor test",
    )


@pytest.mark.parametrize("export", [export_native, export_fhir], ids=["json", "fhir"])
def test_it_round_trips_a_version_into_a_fresh_database(export):
    original = _mixed_version()
    meta, items = _meta(original), _snapshot(original)
    content = json.dumps(export(original)).encode()
    _wipe()

    imported = import_version(actor=None, content=content)

    assert _meta(imported) == meta
    assert _snapshot(imported) == items
    # Imports are drafts: a beheerder checks them and publishes.
    assert imported.status == VersionStatus.DRAFT


def test_it_round_trips_every_demo_instrument_through_fhir():
    versions = ensure_illustrative_instruments()
    exported = {code: (json.dumps(export_fhir(v)), _snapshot(v)) for code, v in versions.items()}
    _wipe()
    for code, (content, items) in exported.items():
        assert _snapshot(import_version(actor=None, content=content.encode())) == items, code


def test_it_exports_questionnaires_that_parse_with_unique_link_ids_and_codings():
    for version in ensure_illustrative_instruments().values():
        data = export_fhir(version)
        questionnaire = Questionnaire.model_validate(data)
        assert questionnaire.url
        assert questionnaire.version == version.version
        assert canonical_reference(version) == f"{questionnaire.url}|{questionnaire.version}"
        assert questionnaire.status == "active"

        link_ids: list[str] = []
        system = f"/CodeSystem/{version.instrument.code}"

        def walk(items, link_ids=link_ids, system=system):
            for item in items or ():
                link_ids.append(item.linkId)
                assert item.type
                for option in item.answerOption or ():
                    coding = option.valueCoding
                    assert coding.system.endswith(system)
                    assert coding.code
                    assert coding.display
                walk(item.item)

        walk(questionnaire.item)
        assert len(link_ids) == len(set(link_ids))
        item_codes = set(version.items.values_list("code", flat=True))
        assert item_codes <= set(link_ids)


def test_it_maps_every_item_of_every_version_to_bds_or_not_bds():
    ensure_illustrative_instruments()
    _mixed_version()
    unmapped = list(Item.objects.unmapped().values_list("version__instrument__code", "code"))
    assert not unmapped, f"items without bds_element_id or not_in_bds=True: {unmapped}"


def test_it_notices_an_unmapped_item():
    version = version_with_items(publish=False)
    Item.objects.filter(version=version, code="item_a").update(not_in_bds=False)
    assert list(Item.objects.unmapped().values_list("code", flat=True)) == ["item_a"]


def test_it_groups_items_in_fhir_with_code_and_label():
    version = _mixed_version()
    data = export_fhir(version)
    top = [(i["linkId"], i["type"]) for i in data["item"]]
    assert top == [
        ("groep.een", "group"),
        ("c", "boolean"),
        ("groep.twee", "group"),
        ("groep.een.2", "group"),
        ("f", "text"),
    ]
    group = data["item"][0]
    assert group["text"] == "Groep één"
    assert group["code"][0]["code"] == "een"
    assert [i["linkId"] for i in group["item"]] == ["a", "b"]


def _fhir_of_new_version() -> dict:
    version = _mixed_version()
    data = export_fhir(version)
    data["version"] = "2"
    return data


def _import(data) -> InstrumentVersion:
    return import_version(actor=None, content=json.dumps(data).encode())


def _without_link_id(data):
    data["item"][1].pop("linkId")
    return data


def _duplicate_code(data):
    data["item"][4]["linkId"] = "c"
    return data


def _choice_without_options(data):
    data["item"][0]["item"][0].pop("answerOption")
    return data


def _unknown_type(data):
    data["item"][1]["type"] = "attachment"
    return data


def _existing_version(data):
    data["version"] = "1.0"
    return data


def _changed_meaning(data):
    data["item"][1]["type"] = "text"
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_without_link_id, "geen linkId"),
        (_duplicate_code, "'c' komt dubbel voor"),
        (_choice_without_options, "'a' heeft geen antwoordopties"),
        (_unknown_type, "soort die Hechtwerk niet kent: 'attachment'"),
        (_existing_version, "bestaat al"),
        (_changed_meaning, "betekende in versie"),
    ],
)
def test_it_refuses_a_bad_questionnaire_and_writes_nothing(mutate, message):
    data = mutate(copy.deepcopy(_fhir_of_new_version()))
    if mutate is _existing_version:
        InstrumentVersion.objects.filter(version__startswith="1.").update(version="1.0")
    counts = (InstrumentVersion.objects.count(), Item.objects.count())
    with pytest.raises(InstrumentError, match=message):
        _import(data)
    assert (InstrumentVersion.objects.count(), Item.objects.count()) == counts


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{niet json", "geen geldige JSON"),
        (b"[1, 2]", "JSON-object"),
        (json.dumps({"resourceType": "Patient", "id": "x"}).encode(), "geen Questionnaire"),
        (json.dumps({"hallo": "wereld"}).encode(), "Onbekend bestand"),
        (b" " * (1024 * 1024 + 1), "groter dan 1 MB"),
        (
            json.dumps({"format": "hechtwerk-instrument", "instrument": {}, "items": []}).encode(),
            "ontbreekt",
        ),
    ],
)
def test_it_names_the_problem_of_an_unreadable_file(content, message):
    with pytest.raises(InstrumentError, match=message):
        import_version(actor=None, content=content)
    assert not Instrument.objects.exists()


def test_it_refuses_a_native_file_with_a_choice_item_without_options_and_writes_nothing():
    data = export_native(_mixed_version())
    data["version"] = "2"
    data["items"][0]["options"] = []
    data["items"][2]["code"] = "a"
    with pytest.raises(InstrumentError) as caught:
        import_version(actor=None, content=json.dumps(data).encode())
    # Every problem is named at once, not only the first.
    assert "'a' heeft geen antwoordopties" in str(caught.value)
    assert "'a' komt dubbel voor" in str(caught.value)
    assert not InstrumentVersion.objects.filter(version="2").exists()


def test_it_imports_a_new_instrument_from_a_foreign_questionnaire():
    data = {
        "resourceType": "Questionnaire",
        "url": "https://example.org/fhir/Questionnaire/slaap",
        "version": "2025.1",
        "title": "Slaapdagboek",
        "status": "active",
        "item": [
            {"linkId": "uren", "type": "integer", "text": "Uren slaap"},
            {"linkId": "notitie", "type": "string", "text": "Opmerking"},
        ],
    }
    version = _import(data)
    assert version.instrument.code == "slaap"
    assert version.canonical_url == "https://example.org/fhir/Questionnaire/slaap"
    assert [(i.code, i.kind, i.not_in_bds) for i in version.items.all()] == [
        ("uren", "integer", True),
        ("notitie", "text", True),
    ]
    assert export_fhir(version)["url"] == "https://example.org/fhir/Questionnaire/slaap"
