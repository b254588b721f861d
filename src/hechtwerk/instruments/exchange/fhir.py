"""A version as an FHIR R4 `Questionnaire`, and back (T6.14).

fhir.resources 8.x defaults to FHIR R5; its `R4B` sub-package (FHIR 4.3) is the R4 line, and the
Questionnaire elements used here are the same in R4 4.0.1 and R4B. Choices made:

- `url` is the version's canonical URL, or `{FHIR_BASE_URL}/Questionnaire/{instrument code}`;
  `url|version` identifies the version. `identifier` carries the instrument code.
- Items keep their code as `linkId`; answer options are `valueCoding` from one CodeSystem per
  instrument, `{FHIR_BASE_URL}/CodeSystem/{instrument code}`.
- Grouping uses nested `group` items: `linkId` "groep.<code>" (item codes are slugs and never
  contain a dot, so they cannot collide), `text` = group label, and `code` = the group code in
  `{FHIR_BASE_URL}/CodeSystem/{instrument code}-groep`. A group recurring later gets ".2", ".3".
- Help text is a child `display` item with the SDC itemControl "help".
- What FHIR has no element for travels in extensions under `{FHIR_BASE_URL}/StructureDefinition/`:
  instrument kind, illustrative flag, source, item order, BDS element and "not in BDS".
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.questionnaire import Questionnaire
from pydantic import ValidationError as PydanticValidationError

from ..constants import FHIR_BASE_URL, FHIR_STATUS, InstrumentKind, ItemKind, VersionStatus
from ..models import InstrumentVersion
from ..services import InstrumentError
from .definition import (
    ItemDefinition,
    OptionDefinition,
    VersionDefinition,
    definition_from_version,
)

SD = f"{FHIR_BASE_URL}/StructureDefinition"
EXT_KIND = f"{SD}/instrument-kind"
EXT_ILLUSTRATIVE = f"{SD}/illustrative"
EXT_SOURCE = f"{SD}/source"
EXT_ORDER = f"{SD}/item-order"
EXT_BDS = f"{SD}/bds-element"
EXT_NOT_IN_BDS = f"{SD}/not-in-bds"
INSTRUMENT_IDENTIFIER_SYSTEM = f"{FHIR_BASE_URL}/instrument"
ITEM_CONTROL_URL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
GROUP_PREFIX = "groep."
HELP_SUFFIX = ".help"

# Our item kinds are FHIR item types of the same name; "string" (short text) reads as text.
FHIR_TYPE_TO_KIND = {kind.value: kind.value for kind in ItemKind} | {"string": ItemKind.TEXT.value}


def questionnaire_url(version: InstrumentVersion) -> str:
    return version.canonical_url or f"{FHIR_BASE_URL}/Questionnaire/{version.instrument.code}"


def canonical_reference(version: InstrumentVersion) -> str:
    """`url|version`, as QuestionnaireResponse.questionnaire points to it."""
    return f"{questionnaire_url(version)}|{version.version}"


def codesystem_url(instrument_code: str) -> str:
    return f"{FHIR_BASE_URL}/CodeSystem/{instrument_code}"


def group_codesystem_url(instrument_code: str) -> str:
    return f"{FHIR_BASE_URL}/CodeSystem/{instrument_code}-groep"


def _computable_name(code: str) -> str:
    name = "".join(part.capitalize() for part in re.split(r"[-_]+", code) if part)
    return name if name[:1].isalpha() else f"Instrument{name}"


def _item(item: ItemDefinition, instrument_code: str) -> dict[str, Any]:
    extension: list[dict[str, Any]] = [{"url": EXT_ORDER, "valueInteger": item.order}]
    if item.bds_element_id:
        extension.append({"url": EXT_BDS, "valueString": item.bds_element_id})
    extension.append({"url": EXT_NOT_IN_BDS, "valueBoolean": item.not_in_bds})
    out: dict[str, Any] = {
        "extension": extension,
        "linkId": item.code,
        "text": item.text,
        "type": item.kind,
        "required": item.required,
    }
    if item.options:
        system = codesystem_url(instrument_code)
        out["answerOption"] = [
            {"valueCoding": {"system": system, "code": o.code, "display": o.label}}
            for o in item.options
        ]
    if item.help_text:
        out["item"] = [
            {
                "extension": [
                    {
                        "url": ITEM_CONTROL_URL,
                        "valueCodeableConcept": {
                            "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]
                        },
                    }
                ],
                "linkId": f"{item.code}{HELP_SUFFIX}",
                "text": item.help_text,
                "type": "display",
            }
        ]
    return out


def questionnaire_dict(version: InstrumentVersion) -> dict[str, Any]:
    """The version as a Questionnaire resource (a JSON-ready dict, checked by fhir.resources)."""
    d = definition_from_version(version)
    items: list[dict[str, Any]] = []
    runs: dict[str, int] = {}
    current_group: dict[str, Any] | None = None
    current_code = ""
    for item in d.items:
        if not item.group:
            current_group, current_code = None, ""
            items.append(_item(item, d.instrument_code))
            continue
        if current_group is None or item.group != current_code:
            runs[item.group] = runs.get(item.group, 0) + 1
            suffix = f".{runs[item.group]}" if runs[item.group] > 1 else ""
            current_code = item.group
            current_group = {
                "linkId": f"{GROUP_PREFIX}{item.group}{suffix}",
                "code": [
                    {
                        "system": group_codesystem_url(d.instrument_code),
                        "code": item.group,
                        "display": item.group_label or item.group,
                    }
                ],
                "text": item.group_label or item.group,
                "type": "group",
                "item": [],
            }
            items.append(current_group)
        current_group["item"].append(_item(item, d.instrument_code))
    extension: list[dict[str, Any]] = [
        {"url": EXT_KIND, "valueCode": d.instrument_kind},
        {"url": EXT_ILLUSTRATIVE, "valueBoolean": d.is_illustrative},
    ]
    if d.source:
        extension.append({"url": EXT_SOURCE, "valueString": d.source})
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": re.sub(r"[^A-Za-z0-9.-]", "-", f"{d.instrument_code}-{d.version}")[:64],
        "extension": extension,
        "url": questionnaire_url(version),
        "identifier": [{"system": INSTRUMENT_IDENTIFIER_SYSTEM, "value": d.instrument_code}],
        "version": d.version,
        "name": _computable_name(d.instrument_code),
        "title": d.instrument_name,
        "status": FHIR_STATUS[VersionStatus(version.status)],
        "experimental": d.is_illustrative,
        "item": items,
    }
    if version.published_at:
        resource["date"] = version.published_at.isoformat()
    if d.owner:
        resource["publisher"] = d.owner
    if d.instrument_description:
        resource["description"] = d.instrument_description
    if d.licence_note:
        resource["copyright"] = d.licence_note
    # Round-trip through the model: what we hand out is a valid R4(B) Questionnaire.
    validated: dict[str, Any] = Questionnaire.model_validate(resource).model_dump(mode="json")
    return validated


# --- import -----------------------------------------------------------------------------------


def _check_link_ids(items: Any, path: str, problems: list[str]) -> None:
    """Before the FHIR model sees the file: name missing linkIds in Dutch."""
    if items is None:
        return
    if not isinstance(items, list):
        problems.append(
            _("%(path)s: 'item' moet een lijst zijn.") % {"path": path or "Questionnaire"}
        )
        return
    for position, raw in enumerate(items, start=1):
        where = f"{path}item[{position}]"
        if not isinstance(raw, dict):
            problems.append(_("%(where)s is geen object.") % {"where": where})
            continue
        if not raw.get("linkId"):
            problems.append(_("%(where)s heeft geen linkId.") % {"where": where})
        _check_link_ids(raw.get("item"), f"{where}.", problems)


def _check_contained(contained: Any, problems: list[str]) -> None:
    """Contained resources must be FHIR R4 resource types (else the model raises KeyError)."""
    if contained is None:
        return
    if not isinstance(contained, list):
        problems.append(_("'contained' moet een lijst zijn."))
        return
    for position, raw in enumerate(contained, start=1):
        kind = raw.get("resourceType") if isinstance(raw, dict) else None
        try:
            known = isinstance(kind, str) and get_fhir_model_class(kind) is not None
        except (LookupError, ValueError):
            known = False
        if not known:
            problems.append(
                _("contained[%(n)s] heeft een onbekend soort gegeven: '%(kind)s'.")
                % {"n": position, "kind": str(kind or "?")[:60]}
            )


def _ext(extensions: Any, url: str) -> Any:
    for ext in extensions or ():
        if ext.url == url:
            for attr in ("valueCode", "valueBoolean", "valueString", "valueInteger"):
                value = getattr(ext, attr, None)
                if value is not None:
                    return value
    return None


def _is_help(child: Any) -> bool:
    if child.type != "display":
        return False
    for ext in child.extension or ():
        concept = ext.valueCodeableConcept if ext.url == ITEM_CONTROL_URL else None
        if concept is not None and any(c.code == "help" for c in concept.coding or ()):
            return True
    return bool(child.linkId and child.linkId.endswith(HELP_SUFFIX))


def _question(raw: Any, position: int, group: str, group_label: str) -> ItemDefinition:
    link_id = str(raw.linkId)
    kind = FHIR_TYPE_TO_KIND.get(str(raw.type))
    if kind is None:
        raise InstrumentError(
            _("Item '%(code)s' heeft een soort die Hechtwerk niet kent: '%(type)s'.")
            % {"code": link_id, "type": raw.type}
        )
    options: list[OptionDefinition] = []
    for answer in raw.answerOption or ():
        coding = answer.valueCoding
        if coding is None or not coding.code:
            raise InstrumentError(
                _("Item '%(code)s': elke antwoordoptie moet een valueCoding met code hebben.")
                % {"code": link_id}
            )
        options.append(OptionDefinition(code=str(coding.code), label=str(coding.display or "")))
    help_text = ""
    for child in raw.item or ():
        if not _is_help(child):
            raise InstrumentError(
                _("Item '%(code)s' heeft onderliggende items; dat ondersteunt Hechtwerk niet.")
                % {"code": link_id}
            )
        help_text = str(child.text or "")
    order = _ext(raw.extension, EXT_ORDER)
    bds = _ext(raw.extension, EXT_BDS) or ""
    not_in_bds = _ext(raw.extension, EXT_NOT_IN_BDS)
    return ItemDefinition(
        code=link_id,
        text=str(raw.text or ""),
        kind=kind,
        group=group,
        group_label=group_label,
        order=int(order) if order is not None else position * 10,
        required=None if raw.required is None else bool(raw.required),
        help_text=help_text,
        bds_element_id=str(bds),
        not_in_bds=bool(not_in_bds) if not_in_bds is not None else not bds,
        options=tuple(options),
    )


def _group_code(raw: Any) -> str:
    for coding in raw.code or ():
        if coding.code and (coding.system or "").endswith("-groep"):
            return str(coding.code)
    link_id = str(raw.linkId)
    if link_id.startswith(GROUP_PREFIX):
        link_id = link_id[len(GROUP_PREFIX) :]
    return link_id.split(".")[0]


def _instrument_code(resource: Questionnaire) -> str:
    for identifier in resource.identifier or ():
        if identifier.system == INSTRUMENT_IDENTIFIER_SYSTEM and identifier.value:
            return str(identifier.value)
    if resource.url:
        return str(resource.url).rstrip("/").rsplit("/", 1)[-1]
    return ""


def from_questionnaire(data: dict[str, Any]) -> VersionDefinition:
    """Read a Questionnaire into a definition; the content is checked by `validate_definition`."""
    if data.get("resourceType") != "Questionnaire":
        raise InstrumentError(
            _("Dit FHIR-bestand is geen Questionnaire maar '%(type)s'.")
            % {"type": data.get("resourceType") or _("onbekend")}
        )
    problems: list[str] = []
    _check_link_ids(data.get("item"), "", problems)
    _check_contained(data.get("contained"), problems)
    if problems:
        raise InstrumentError(" ".join(problems))
    try:
        resource = Questionnaire.model_validate(data)
    except (LookupError, ValueError) as error:
        if not isinstance(error, PydanticValidationError):
            # fhir.resources raises KeyError for an unknown resourceType anywhere in the file.
            raise InstrumentError(
                _("Geen geldige FHIR R4 Questionnaire: een onbekend soort gegeven (resourceType).")
            ) from error
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:5]
        )
        raise InstrumentError(
            _("Geen geldige FHIR R4 Questionnaire: %(details)s") % {"details": details}
        ) from error
    items: list[ItemDefinition] = []
    position = 0
    for raw in resource.item or ():
        if raw.type == "group":
            group = _group_code(raw)
            label = str(raw.text or "")
            for child in raw.item or ():
                if child.type == "group":
                    raise InstrumentError(
                        _("Groep '%(code)s' bevat een groep; één niveau groepen is het maximum.")
                        % {"code": raw.linkId}
                    )
                position += 1
                items.append(_question(child, position, group, label))
        else:
            position += 1
            items.append(_question(raw, position, "", ""))
    kind = _ext(resource.extension, EXT_KIND) or InstrumentKind.OBSERVATION_LIST.value
    illustrative = _ext(resource.extension, EXT_ILLUSTRATIVE)
    code = _instrument_code(resource)
    url = str(resource.url or "")
    return VersionDefinition(
        instrument_code=code,
        instrument_name=str(resource.title or resource.name or ""),
        instrument_kind=str(kind),
        instrument_description=str(resource.description or ""),
        owner=str(resource.publisher or ""),
        version=str(resource.version or ""),
        is_illustrative=bool(illustrative if illustrative is not None else resource.experimental),
        source=str(_ext(resource.extension, EXT_SOURCE) or ""),
        licence_note=str(resource.copyright or ""),
        # The default URL is derived again on export; store only a URL of someone else's.
        canonical_url="" if url == f"{FHIR_BASE_URL}/Questionnaire/{code}" else url,
        items=tuple(items),
    )
