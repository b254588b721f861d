"""Writes for instruments: instruments, draft versions and their items, publishing and retiring.

A version is built while it is a draft; publishing fixes its content for good (T6.14). Every
refusal is an `InstrumentError` with a Dutch message for the beheerder.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.core.errors import DomainError
from hechtwerk.method.codes import SIGNALENLIJST

from .constants import InstrumentKind, ItemKind, VersionStatus
from .models import AnswerOption, Instrument, InstrumentVersion, Item

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User


class InstrumentError(DomainError):
    """A change to an instrument that cannot be carried out; the message is for the user."""


class ItemLike(Protocol):
    """An item as stored or as read from an import file."""

    @property
    def code(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def kind(self) -> str: ...


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            if field != "__all__"
            else " ".join(str(m) for m in messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


def _clean(obj: Instrument | InstrumentVersion | Item | AnswerOption) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise InstrumentError(_validation_message(error)) from error


def _require_draft(version: InstrumentVersion) -> None:
    version.refresh_from_db(fields=["status"])
    if version.status != VersionStatus.DRAFT:
        raise InstrumentError(
            _("Versie %(version)s is gepubliceerd of ingetrokken; de inhoud ligt vast.")
            % {"version": version.version}
        )


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def create_instrument(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: InstrumentKind | str,
    description: str = "",
    owner: str = "",
) -> Instrument:
    """Create an instrument (without versions)."""
    if Instrument.objects.filter(code=code).exists():
        raise InstrumentError(
            _("Er bestaat al een instrument met code '%(code)s'.") % {"code": code}
        )
    instrument = Instrument(
        code=code,
        name=name,
        kind=str(kind),
        description=description,
        owner=owner,
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    _clean(instrument)
    instrument.save()
    log_action(
        "instruments.instrument.created", actor=actor, target=instrument, data={"code": code}
    )
    return instrument


@transaction.atomic
def create_version(
    *,
    actor: User | None,
    instrument: Instrument,
    version: str,
    is_illustrative: bool = False,
    source: str = "",
    licence_note: str = "",
    canonical_url: str = "",
    pass_mark: int | None = None,
) -> InstrumentVersion:
    """Start a draft version of an instrument (`pass_mark`: points needed to pass a toets)."""
    if instrument.versions.filter(version=version).exists():
        raise InstrumentError(
            _("Instrument '%(code)s' heeft al een versie %(version)s.")
            % {"code": instrument.code, "version": version}
        )
    draft = InstrumentVersion(
        instrument=instrument,
        version=version,
        status=VersionStatus.DRAFT,
        is_illustrative=is_illustrative,
        source=source,
        licence_note=licence_note,
        canonical_url=canonical_url,
        pass_mark=pass_mark,
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    _clean(draft)
    draft.save()
    log_action(
        "instruments.version.created",
        actor=actor,
        target=draft,
        data={"instrument": instrument.code, "version": version},
    )
    return draft


@transaction.atomic
def add_item(
    *,
    actor: User | None,
    version: InstrumentVersion,
    code: str,
    text: str,
    kind: ItemKind | str,
    group: str = "",
    group_label: str = "",
    order: int | None = None,
    required: bool | None = None,
    help_text: str = "",
    bds_element_id: str = "",
    not_in_bds: bool | None = None,
    options: Sequence[tuple[str, str] | tuple[str, str, int | None]] = (),
) -> Item:
    """Add an item, with its answer options as (code, label) or (code, label, points), to a
    draft version.

    `required` left open: a choice item of the Signalenlijst is required (every signal is
    answered, "niet beoordeeld" included), any other item is not."""
    _require_draft(version)
    if required is None:
        required = version.instrument.code == SIGNALENLIJST and kind == ItemKind.CHOICE
    if kind not in ItemKind.values:
        raise InstrumentError(_("Onbekende soort antwoord: '%(kind)s'.") % {"kind": kind})
    if version.items.filter(code=code).exists():
        raise InstrumentError(
            _("Deze versie heeft al een item met code '%(code)s'.") % {"code": code}
        )
    if options and kind != ItemKind.CHOICE:
        raise InstrumentError(
            _("Item '%(code)s': alleen een keuze-item heeft antwoordopties.") % {"code": code}
        )
    if order is None:
        last = version.items.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 10
    item = Item(
        version=version,
        code=code,
        text=text,
        kind=str(kind),
        group=group,
        group_label=group_label,
        order=order,
        required=required,
        help_text=help_text,
        bds_element_id=bds_element_id,
        # An item with a BDS element is in the BDS; without one it is marked "not in BDS".
        not_in_bds=(not bds_element_id) if not_in_bds is None else not_in_bds,
    )
    _clean(item)
    item.save()
    _add_options(item, options)
    log_action(
        "instruments.item.added",
        actor=actor,
        target=version,
        data={"item": code, "options": [option[0] for option in options]},
    )
    return item


def _add_options(
    item: Item, options: Iterable[tuple[str, str] | tuple[str, str, int | None]]
) -> None:
    seen: set[str] = set()
    last = item.options.order_by("-order").values_list("order", flat=True).first() or 0
    for entry in options:
        code, label = entry[0], entry[1]
        points = entry[2] if len(entry) > 2 else None  # type: ignore[misc]
        if code in seen or item.options.filter(code=code).exists():
            raise InstrumentError(
                _("Item '%(item)s' heeft antwoordoptie '%(code)s' dubbel.")
                % {"item": item.code, "code": code}
            )
        seen.add(code)
        last += 10
        option = AnswerOption(item=item, code=code, label=label, order=last, points=points)
        _clean(option)
        option.save()


@transaction.atomic
def add_option(
    *, actor: User | None, item: Item, code: str, label: str, points: int | None = None
) -> AnswerOption:
    """Add one answer option (worth `points` in a scored version) to a draft choice item."""
    _require_draft(item.version)
    if item.kind != ItemKind.CHOICE:
        raise InstrumentError(
            _("Item '%(code)s': alleen een keuze-item heeft antwoordopties.") % {"code": item.code}
        )
    _add_options(item, [(code, label, points)])
    log_action(
        "instruments.option.added",
        actor=actor,
        target=item.version,
        data={"item": item.code, "option": code},
    )
    return item.options.get(code=code)


@transaction.atomic
def remove_item(*, actor: User | None, item: Item) -> None:
    """Remove an item (and its options) from a draft version."""
    version = item.version
    _require_draft(version)
    code = item.code
    item.options.all().delete()
    item.delete()
    log_action("instruments.item.removed", actor=actor, target=version, data={"item": code})


def publication_problems(version: InstrumentVersion) -> list[str]:
    """Why a version cannot be published yet; empty when it can."""
    problems: list[str] = []
    items = list(version.items.prefetch_related("options"))
    if not items:
        problems.append(_("De versie heeft nog geen items."))
    for item in items:
        if item.kind == ItemKind.CHOICE and not item.options.all():
            problems.append(
                _("Keuze-item '%(code)s' heeft geen antwoordopties.") % {"code": item.code}
            )
        if not item.is_mapped:
            problems.append(
                _("Item '%(code)s' heeft geen BDS-element en is niet als 'geen BDS' gemarkeerd.")
                % {"code": item.code}
            )
    problems.extend(code_reuse_problems(version.instrument, items, exclude=version))
    return problems


def code_reuse_problems(
    instrument: Instrument,
    items: Iterable[ItemLike],
    *,
    exclude: InstrumentVersion | None = None,
) -> list[str]:
    """An item code keeps its meaning across versions: same group and same kind (T6.14)."""
    earlier = Item.objects.filter(version__instrument=instrument).exclude(
        version__status=VersionStatus.DRAFT
    )
    if exclude is not None and exclude.pk:
        earlier = earlier.exclude(version=exclude)
    known: dict[str, tuple[str, str, str]] = {}
    for code, group, kind, version in earlier.values_list(
        "code", "group", "kind", "version__version"
    ):
        known.setdefault(code, (group, kind, version))
    problems = []
    for item in items:
        if item.code not in known:
            continue
        group, kind, version = known[item.code]
        if (item.group, item.kind) != (group, kind):
            problems.append(
                _(
                    "Itemcode '%(code)s' betekende in versie %(version)s iets anders "
                    "(groep '%(group)s', soort '%(kind)s'); kies een nieuwe code."
                )
                % {"code": item.code, "version": version, "group": group, "kind": kind}
            )
    return problems


@transaction.atomic
def set_pass_mark(
    *, actor: User | None, version: InstrumentVersion, pass_mark: int | None
) -> InstrumentVersion:
    """Set (or clear) the points a draft toets needs to pass."""
    _require_draft(version)
    if pass_mark is not None and pass_mark < 0:
        raise InstrumentError(_("De cesuur kan niet negatief zijn."))
    version.pass_mark = pass_mark
    version.updated_by = _user(actor)
    version.save(update_fields=["pass_mark", "updated_by", "updated_at"])
    log_action(
        "instruments.version.pass_mark",
        actor=actor,
        target=version,
        data={"pass_mark": pass_mark},
    )
    return version


@transaction.atomic
def publish_version(*, actor: User | None, version: InstrumentVersion) -> InstrumentVersion:
    """Publish a draft version; from now on its items and options never change."""
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise InstrumentError(_("Alleen een conceptversie kan worden gepubliceerd."))
    problems = publication_problems(version)
    if problems:
        raise InstrumentError(
            _("Publiceren kan nog niet: %(problems)s") % {"problems": " ".join(problems)}
        )
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.updated_by = _user(actor)
    version.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
    log_action(
        "instruments.version.published",
        actor=actor,
        target=version,
        data={"instrument": version.instrument.code, "version": version.version},
    )
    return version


@transaction.atomic
def retire_version(*, actor: User | None, version: InstrumentVersion) -> InstrumentVersion:
    """Retire a published version: no new answers on it; earlier answers keep pointing to it."""
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.PUBLISHED:
        raise InstrumentError(_("Alleen een gepubliceerde versie kan worden ingetrokken."))
    version.status = VersionStatus.RETIRED
    version.retired_at = timezone.now()
    version.updated_by = _user(actor)
    version.save(update_fields=["status", "retired_at", "updated_by", "updated_at"])
    log_action(
        "instruments.version.retired",
        actor=actor,
        target=version,
        data={"instrument": version.instrument.code, "version": version.version},
    )
    return version


def log_export(*, actor: User | None, version: InstrumentVersion, fmt: str) -> None:
    """Record a download of a version definition (not client data, so not the access log)."""
    log_action(
        "instruments.version.exported",
        actor=actor,
        target=version,
        data={"instrument": version.instrument.code, "version": version.version, "format": fmt},
    )
