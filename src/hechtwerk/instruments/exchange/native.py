"""Our own JSON format for a version definition (described in the app's README)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..services import InstrumentError
from .definition import ItemDefinition, OptionDefinition, VersionDefinition

FORMAT_NAME = "hechtwerk-instrument"
FORMAT_VERSION = 1


def to_native(definition: VersionDefinition) -> dict[str, Any]:
    d = definition
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "instrument": {
            "code": d.instrument_code,
            "name": d.instrument_name,
            "kind": d.instrument_kind,
            "description": d.instrument_description,
            "owner": d.owner,
        },
        "version": d.version,
        "is_illustrative": d.is_illustrative,
        "source": d.source,
        "licence_note": d.licence_note,
        "canonical_url": d.canonical_url,
        **({"pass_mark": d.pass_mark} if d.pass_mark is not None else {}),
        "items": [
            {
                "code": item.code,
                "text": item.text,
                "kind": item.kind,
                "group": item.group,
                "group_label": item.group_label,
                "order": item.order,
                "required": item.required,
                "help_text": item.help_text,
                "bds_element_id": item.bds_element_id,
                "not_in_bds": item.not_in_bds,
                "options": [
                    {"code": o.code, "label": o.label}
                    | ({"points": o.points} if o.points is not None else {})
                    for o in item.options
                ],
            }
            for item in d.items
        ],
    }


def _text(data: dict[str, Any], key: str, where: str, *, default: str | None = "") -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise InstrumentError(
            _("%(where)s: veld '%(key)s' ontbreekt of is geen tekst.")
            % {"where": where, "key": key}
        )
    return value


def _bool(data: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise InstrumentError(
            _("%(where)s: veld '%(key)s' moet true of false zijn.") % {"where": where, "key": key}
        )
    return value


def _optional_int(data: dict[str, Any], key: str, where: str, *, minimum: int | None) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or (minimum is not None and value < minimum)
    ):
        raise InstrumentError(
            _("%(where)s: veld '%(key)s' moet een geheel getal zijn.")
            % {"where": where, "key": key}
        )
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InstrumentError(_("%(where)s moet een JSON-object zijn.") % {"where": where})
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstrumentError(_("%(where)s moet een lijst zijn.") % {"where": where})
    return value


def from_native(data: dict[str, Any]) -> VersionDefinition:
    """Read our JSON format; the shape is checked here, the content by `validate_definition`."""
    if data.get("format") != FORMAT_NAME:
        raise InstrumentError(
            _("Dit is geen Hechtwerk-instrumentbestand (veld 'format' ontbreekt of klopt niet).")
        )
    instrument = _object(data.get("instrument"), _("Het veld 'instrument'"))
    items: list[ItemDefinition] = []
    for position, raw in enumerate(_list(data.get("items"), _("Het veld 'items'")), start=1):
        where = _("Item %(n)s") % {"n": position}
        entry = _object(raw, where)
        order = entry.get("order", position * 10)
        if not isinstance(order, int) or isinstance(order, bool) or order < 0:
            raise InstrumentError(
                _("%(where)s: veld 'order' moet een geheel getal van 0 of meer zijn.")
                % {"where": where}
            )
        options = []
        for raw_option in _list(
            entry.get("options", []), _("%(where)s, 'options'") % {"where": where}
        ):
            option = _object(raw_option, _("%(where)s, een antwoordoptie") % {"where": where})
            options.append(
                OptionDefinition(
                    code=_text(option, "code", where, default=None),
                    label=_text(option, "label", where, default=None),
                    points=_optional_int(option, "points", where, minimum=None),
                )
            )
        items.append(
            ItemDefinition(
                code=_text(entry, "code", where, default=None),
                text=_text(entry, "text", where, default=None),
                kind=_text(entry, "kind", where, default=None),
                group=_text(entry, "group", where),
                group_label=_text(entry, "group_label", where),
                order=order,
                required=_bool(entry, "required", where, False) if "required" in entry else None,
                help_text=_text(entry, "help_text", where),
                bds_element_id=_text(entry, "bds_element_id", where),
                not_in_bds=_bool(entry, "not_in_bds", where, not entry.get("bds_element_id")),
                options=tuple(options),
            )
        )
    where = _("Het bestand")
    return VersionDefinition(
        instrument_code=_text(instrument, "code", where, default=None),
        instrument_name=_text(instrument, "name", where, default=None),
        instrument_kind=_text(instrument, "kind", where, default=None),
        instrument_description=_text(instrument, "description", where),
        owner=_text(instrument, "owner", where),
        version=_text(data, "version", where, default=None),
        is_illustrative=_bool(data, "is_illustrative", where, False),
        source=_text(data, "source", where),
        licence_note=_text(data, "licence_note", where),
        canonical_url=_text(data, "canonical_url", where),
        items=tuple(items),
        pass_mark=_optional_int(data, "pass_mark", where, minimum=0),
    )
