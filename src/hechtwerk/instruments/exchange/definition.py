"""A version definition independent of its file format, checked in full before anything is written.

Both import formats (our JSON and FHIR Questionnaire) parse into a `VersionDefinition`;
`validate_definition` collects every problem; `write_definition` creates the draft version through
the services inside one transaction, so a failed import leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from ..constants import InstrumentKind, ItemKind
from ..models import Instrument, InstrumentVersion
from ..services import (
    InstrumentError,
    add_item,
    code_reuse_problems,
    create_instrument,
    create_version,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User


@dataclass(frozen=True)
class OptionDefinition:
    code: str
    label: str
    points: int | None = None  # scoring of a toets


@dataclass(frozen=True)
class ItemDefinition:
    code: str
    text: str
    kind: str
    group: str = ""
    group_label: str = ""
    order: int = 0
    required: bool | None = None  # None: the default of add_item (Signalenlijst: required)
    help_text: str = ""
    bds_element_id: str = ""
    not_in_bds: bool = True
    options: tuple[OptionDefinition, ...] = ()


@dataclass(frozen=True)
class VersionDefinition:
    instrument_code: str
    instrument_name: str
    instrument_kind: str
    version: str
    instrument_description: str = ""
    owner: str = ""
    is_illustrative: bool = False
    source: str = ""
    licence_note: str = ""
    canonical_url: str = ""
    items: tuple[ItemDefinition, ...] = field(default_factory=tuple)
    pass_mark: int | None = None


def definition_from_version(version: InstrumentVersion) -> VersionDefinition:
    """Everything a version holds, in the order its items are shown."""
    instrument = version.instrument
    return VersionDefinition(
        instrument_code=instrument.code,
        instrument_name=instrument.name,
        instrument_kind=instrument.kind,
        instrument_description=instrument.description,
        owner=instrument.owner,
        version=version.version,
        is_illustrative=version.is_illustrative,
        source=version.source,
        licence_note=version.licence_note,
        canonical_url=version.canonical_url,
        pass_mark=version.pass_mark,
        items=tuple(
            ItemDefinition(
                code=item.code,
                text=item.text,
                kind=item.kind,
                group=item.group,
                group_label=item.group_label,
                order=item.order,
                required=item.required,
                help_text=item.help_text,
                bds_element_id=item.bds_element_id,
                not_in_bds=item.not_in_bds,
                options=tuple(
                    OptionDefinition(o.code, o.label, o.points) for o in item.options.all()
                ),
            )
            for item in version.items.prefetch_related("options")
        ),
    )


def _slug_ok(value: str) -> bool:
    try:
        validate_slug(value)
    except ValidationError:
        return False
    return 0 < len(value) <= 60


def validate_definition(definition: VersionDefinition) -> list[str]:
    """Every problem that would stop the import, in Dutch; empty when the file can be imported."""
    problems: list[str] = []
    d = definition
    if not _slug_ok(d.instrument_code):
        problems.append(
            _("Ongeldige instrumentcode '%(code)s': gebruik letters, cijfers, - en _.")
            % {"code": d.instrument_code}
        )
    if not d.instrument_name.strip():
        problems.append(_("De naam van het instrument ontbreekt."))
    if d.instrument_kind not in InstrumentKind.values:
        problems.append(_("Onbekende soort instrument: '%(kind)s'.") % {"kind": d.instrument_kind})
    if not d.version.strip() or len(d.version) > 20:
        problems.append(_("Het versienummer ontbreekt of is langer dan 20 tekens."))
    if not d.items:
        problems.append(_("Het bestand bevat geen items."))
    seen: set[str] = set()
    for position, item in enumerate(d.items, start=1):
        name = item.code or _("nummer %(n)s") % {"n": position}
        if not item.code:
            problems.append(_("Item %(n)s heeft geen code (linkId).") % {"n": position})
        elif not _slug_ok(item.code):
            problems.append(
                _("Ongeldige itemcode '%(code)s': gebruik letters, cijfers, - en _.")
                % {"code": item.code}
            )
        elif item.code in seen:
            problems.append(_("Itemcode '%(code)s' komt dubbel voor.") % {"code": item.code})
        seen.add(item.code)
        if not item.text.strip():
            problems.append(_("Item '%(code)s' heeft geen tekst.") % {"code": name})
        if item.kind not in ItemKind.values:
            problems.append(
                _("Item '%(code)s' heeft een onbekende soort: '%(kind)s'.")
                % {"code": name, "kind": item.kind}
            )
        if item.group and not _slug_ok(item.group):
            problems.append(
                _("Item '%(code)s' heeft een ongeldige groepscode '%(group)s'.")
                % {"code": name, "group": item.group}
            )
        if item.kind == ItemKind.CHOICE and not item.options:
            problems.append(_("Keuze-item '%(code)s' heeft geen antwoordopties.") % {"code": name})
        if item.kind != ItemKind.CHOICE and item.options:
            problems.append(
                _("Item '%(code)s' heeft antwoordopties maar is geen keuze-item.") % {"code": name}
            )
        if item.bds_element_id and item.not_in_bds:
            problems.append(
                _("Item '%(code)s' heeft een BDS-element en is ook als 'geen BDS' gemarkeerd.")
                % {"code": name}
            )
        if not item.bds_element_id and not item.not_in_bds:
            problems.append(
                _("Item '%(code)s' heeft geen BDS-element en is niet als 'geen BDS' gemarkeerd.")
                % {"code": name}
            )
        option_codes: set[str] = set()
        for option in item.options:
            if not _slug_ok(option.code):
                problems.append(
                    _("Item '%(code)s' heeft een ongeldige optiecode '%(option)s'.")
                    % {"code": name, "option": option.code}
                )
            elif option.code in option_codes:
                problems.append(
                    _("Item '%(code)s' heeft antwoordoptie '%(option)s' dubbel.")
                    % {"code": name, "option": option.code}
                )
            option_codes.add(option.code)
            if not option.label.strip():
                problems.append(
                    _("Antwoordoptie '%(option)s' van item '%(code)s' heeft geen omschrijving.")
                    % {"code": name, "option": option.code}
                )
    instrument = Instrument.objects.filter(code=d.instrument_code).first()
    if instrument is not None:
        if instrument.kind != d.instrument_kind:
            problems.append(
                _("Instrument '%(code)s' bestaat al als soort '%(kind)s'.")
                % {"code": instrument.code, "kind": instrument.kind}
            )
        if instrument.versions.filter(version=d.version).exists():
            problems.append(
                _("Versie %(version)s van instrument '%(code)s' bestaat al.")
                % {"version": d.version, "code": instrument.code}
            )
        problems.extend(code_reuse_problems(instrument, d.items))
    return problems


@transaction.atomic
def write_definition(*, actor: User | None, definition: VersionDefinition) -> InstrumentVersion:
    """Create the instrument if needed and a draft version with all items; all or nothing."""
    problems = validate_definition(definition)
    if problems:
        raise InstrumentError(
            _("Het bestand kan niet worden geïmporteerd: %(problems)s")
            % {"problems": " ".join(problems)}
        )
    d = definition
    instrument = Instrument.objects.filter(code=d.instrument_code).first()
    if instrument is None:
        instrument = create_instrument(
            actor=actor,
            code=d.instrument_code,
            name=d.instrument_name,
            kind=d.instrument_kind,
            description=d.instrument_description,
            owner=d.owner,
        )
    version = create_version(
        actor=actor,
        instrument=instrument,
        version=d.version,
        is_illustrative=d.is_illustrative,
        source=d.source,
        licence_note=d.licence_note,
        canonical_url=d.canonical_url,
        pass_mark=d.pass_mark,
    )
    for item in d.items:
        add_item(
            actor=actor,
            version=version,
            code=item.code,
            text=item.text,
            kind=item.kind,
            group=item.group,
            group_label=item.group_label,
            order=item.order,
            required=item.required,
            help_text=item.help_text,
            bds_element_id=item.bds_element_id,
            not_in_bds=item.not_in_bds,
            options=[(o.code, o.label, o.points) for o in item.options],
        )
    return version
