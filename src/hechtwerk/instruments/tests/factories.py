"""Factories for instruments; a version is built as a draft and published through the services,
because a published version's items can no longer be added."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import factory

from hechtwerk.instruments.constants import InstrumentKind, ItemKind
from hechtwerk.instruments.models import Instrument, InstrumentVersion
from hechtwerk.instruments.services import add_item, publish_version


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"instrument-{n}")
    name = factory.Sequence(lambda n: f"Testinstrument {n}")
    kind = InstrumentKind.OBSERVATION_LIST


class InstrumentVersionFactory(factory.django.DjangoModelFactory):
    """A draft version; `version_with_items(...)` fills and optionally publishes one."""

    class Meta:
        model = InstrumentVersion

    instrument = factory.SubFactory(InstrumentFactory)
    version = factory.Sequence(lambda n: f"1.{n}")


def version_with_items(
    items: Sequence[dict[str, Any]] | None = None, *, publish: bool = True, **version_kwargs: Any
) -> InstrumentVersion:
    """A version with items (defaults: two choice items in one group), published unless told."""
    version = InstrumentVersionFactory(**version_kwargs)
    for spec in items or (
        {"code": "item_a", "group": "groep_a", "group_label": "Groep A"},
        {"code": "item_b", "group": "groep_a", "group_label": "Groep A"},
    ):
        spec = dict(spec)
        kind = spec.setdefault("kind", ItemKind.CHOICE)
        spec.setdefault("text", f"Tekst van {spec['code']}")
        if kind == ItemKind.CHOICE:
            spec.setdefault("options", [("ja", "Ja"), ("nee", "Nee")])
        add_item(actor=None, version=version, **spec)
    if publish:
        version = publish_version(actor=None, version=version)
    return version
