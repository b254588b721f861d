"""Drafts are built, published versions never change, retired versions stay readable."""

from __future__ import annotations

import pytest

from hechtwerk.core.models import AuditEntry
from hechtwerk.instruments.constants import ItemKind, VersionStatus
from hechtwerk.instruments.models import AnswerOption, ImmutableVersionError, Item
from hechtwerk.instruments.services import (
    InstrumentError,
    add_item,
    add_option,
    create_instrument,
    create_version,
    publish_version,
    remove_item,
    retire_version,
)
from hechtwerk.instruments.tests.factories import InstrumentVersionFactory, version_with_items

pytestmark = pytest.mark.django_db


def test_it_builds_and_publishes_a_version_with_an_audit_trail(administrator):
    actor = administrator.user
    instrument = create_instrument(actor=actor, code="proef", name="Proef", kind="observatielijst")
    draft = create_version(actor=actor, instrument=instrument, version="1")
    add_item(
        actor=actor,
        version=draft,
        code="a",
        text="Vraag A",
        kind=ItemKind.CHOICE,
        options=[("ja", "Ja"), ("nee", "Nee")],
    )
    add_item(actor=actor, version=draft, code="b", text="Vraag B", kind=ItemKind.TEXT)

    published = publish_version(actor=actor, version=draft)

    assert published.status == VersionStatus.PUBLISHED
    assert published.published_at is not None
    assert [i.code for i in published.items.all()] == ["a", "b"]
    assert list(published.items.get(code="a").options.values_list("code", flat=True)) == [
        "ja",
        "nee",
    ]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "instruments.instrument.created",
        "instruments.version.created",
        "instruments.item.added",
        "instruments.version.published",
    } <= actions


def test_it_refuses_changes_to_a_published_version_through_the_services():
    version = version_with_items()
    item = version.items.first()
    with pytest.raises(InstrumentError, match="ligt vast"):
        add_item(actor=None, version=version, code="nieuw", text="Nieuw", kind=ItemKind.TEXT)
    with pytest.raises(InstrumentError, match="ligt vast"):
        add_option(actor=None, item=item, code="misschien", label="Misschien")
    with pytest.raises(InstrumentError, match="ligt vast"):
        remove_item(actor=None, item=item)
    assert version.items.count() == 2


def test_it_refuses_changes_to_a_published_version_at_model_level():
    version = version_with_items()
    item = version.items.first()
    option = item.options.first()
    item.text = "Stiekem gewijzigd"
    with pytest.raises(ImmutableVersionError):
        item.save()
    with pytest.raises(ImmutableVersionError):
        item.delete()
    with pytest.raises(ImmutableVersionError):
        Item.objects.create(version=version, code="x", text="X", kind=ItemKind.TEXT)
    option.label = "Anders"
    with pytest.raises(ImmutableVersionError):
        option.save()
    with pytest.raises(ImmutableVersionError):
        option.delete()
    with pytest.raises(ImmutableVersionError):
        AnswerOption.objects.create(item=item, code="x", label="X")
    with pytest.raises(ImmutableVersionError):
        Item.objects.filter(version=version).update(text="Bulk")
    with pytest.raises(ImmutableVersionError):
        AnswerOption.objects.filter(item=item).delete()
    item.refresh_from_db()
    assert item.text == "Tekst van item_a"


def test_it_still_lets_a_draft_change():
    draft = version_with_items(publish=False)
    item = draft.items.get(code="item_a")
    add_option(actor=None, item=item, code="misschien", label="Misschien")
    remove_item(actor=None, item=draft.items.get(code="item_b"))
    assert list(draft.items.values_list("code", flat=True)) == ["item_a"]
    assert item.options.count() == 3


def test_it_refuses_to_publish_a_choice_item_without_options():
    draft = InstrumentVersionFactory()
    add_item(actor=None, version=draft, code="keuze", text="Kies", kind=ItemKind.CHOICE)
    with pytest.raises(InstrumentError, match="keuze"):
        publish_version(actor=None, version=draft)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_it_refuses_to_publish_an_empty_version_or_twice():
    with pytest.raises(InstrumentError, match="geen items"):
        publish_version(actor=None, version=InstrumentVersionFactory())
    with pytest.raises(InstrumentError, match="conceptversie"):
        publish_version(actor=None, version=version_with_items())


def test_it_refuses_to_publish_an_unmapped_item():
    draft = version_with_items(publish=False)
    # Only a write behind the services' back can make an item unmapped; publishing still catches it.
    Item.objects.filter(version=draft, code="item_a").update(not_in_bds=False)
    with pytest.raises(InstrumentError, match="BDS"):
        publish_version(actor=None, version=draft)


def test_it_refuses_an_item_without_bds_mapping_in_the_service():
    draft = InstrumentVersionFactory()
    with pytest.raises(InstrumentError, match="BDS"):
        add_item(
            actor=None, version=draft, code="a", text="A", kind=ItemKind.TEXT, not_in_bds=False
        )


def test_it_refuses_to_reuse_an_item_code_with_another_meaning_in_a_new_version():
    first = version_with_items()
    second = InstrumentVersionFactory(instrument=first.instrument, version="2")
    add_item(
        actor=None,
        version=second,
        code="item_a",
        text="Nu vrije tekst",
        kind=ItemKind.TEXT,
        group="groep_a",
    )
    with pytest.raises(InstrumentError, match="item_a"):
        publish_version(actor=None, version=second)

    third = InstrumentVersionFactory(instrument=first.instrument, version="3")
    add_item(
        actor=None,
        version=third,
        code="item_a",
        text="Zelfde betekenis, nieuwe tekst",
        kind=ItemKind.CHOICE,
        group="groep_a",
        options=[("ja", "Ja")],
    )
    assert publish_version(actor=None, version=third).status == VersionStatus.PUBLISHED


def test_it_retires_only_a_published_version():
    with pytest.raises(InstrumentError, match="gepubliceerde"):
        retire_version(actor=None, version=version_with_items(publish=False))
    retired = retire_version(actor=None, version=version_with_items())
    assert retired.status == VersionStatus.RETIRED
    assert retired.retired_at is not None
    with pytest.raises(InstrumentError):
        retire_version(actor=None, version=retired)


def test_it_refuses_a_duplicate_version_or_item_code():
    version = version_with_items(publish=False)
    with pytest.raises(InstrumentError, match="al een versie"):
        create_version(actor=None, instrument=version.instrument, version=version.version)
    with pytest.raises(InstrumentError, match="al een item"):
        add_item(actor=None, version=version, code="item_a", text="A", kind=ItemKind.TEXT)
