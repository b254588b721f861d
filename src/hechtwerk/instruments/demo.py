"""Illustrative, published demo instruments (idempotent). Loaded by `manage.py load_demo`.

The real item texts are licensed material of Stichting Kinderleven and are not public (domain.md
§2). Every text below is our own placeholder, starts with "Voorbeeld –" and sits in a version
marked `is_illustrative`, so no screen presents it as the real list. Item codes, groups and option
codes are what the signalling app relies on; they stay stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from hechtwerk.method.codes import (
    INFORMATIEKAART,
    RISK_GROUP,
    SAMENSTARTEN,
    SIGNALENLIJST,
    VULNERABILITY_FACTORS,
    Dimension,
    FactorColumn,
    ParentItemAnswer,
    ReferralCriterion,
    RiskItemAnswer,
    SamenStartenDomain,
    SamenStartenFollowUp,
    SamenStartenRating,
)

from .constants import InstrumentKind, ItemKind
from .models import Instrument, InstrumentVersion
from .services import add_item, create_instrument, create_version, publish_version

if TYPE_CHECKING:
    from django.db.models import TextChoices

    from hechtwerk.accounts.demo import DemoContext
    from hechtwerk.accounts.models import User

DEMO_VERSION = "demo-1"
DEMO_SOURCE = "Illustratief, geen tekst van Stichting Kinderleven"
PREFIX = "Voorbeeld – "


@dataclass(frozen=True)
class DemoItem:
    code: str
    text: str
    kind: str = ItemKind.CHOICE
    group: str = ""
    group_label: str = ""
    options: tuple[tuple[str, str], ...] = ()


def _options(choices: type[TextChoices]) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in choices.choices)


# Two parent items per dimension, phrased from the dimension descriptions in domain.md §2.
PARENT_ITEMS: dict[Dimension, tuple[tuple[str, str], tuple[str, str]]] = {
    Dimension.ATTUNEMENT: (
        ("aansluiten_signalen", "de ouder merkt op wat de baby met geluid en gezicht laat zien"),
        ("aansluiten_reactie", "de ouder reageert passend en op tijd op de baby"),
    ),
    Dimension.INVOLVEMENT: (
        ("betrokkenheid_aandacht", "de ouder kijkt de baby aan, raakt haar of hem liefdevol aan"),
        ("betrokkenheid_gevoel", "de ouder spreekt met warmte en interesse over de baby"),
    ),
    Dimension.COMFORT_ZONE: (
        (
            "comfortzone_troosten",
            "de ouder weet de van streek geraakte baby weer rustig te krijgen",
        ),
        ("comfortzone_kind", "de baby raakt niet snel van slag en komt vlot weer tot rust"),
    ),
    Dimension.PREDICTABILITY: (
        (
            "voorspelbaarheid_ritme",
            "de dag van de baby kent vaste momenten en een herkenbaar ritme",
        ),
        ("voorspelbaarheid_gedrag", "de ouder reageert op een manier waar de baby op kan rekenen"),
    ),
    Dimension.BALANCE: (
        ("balans_behoeften", "wat de ouder nodig heeft en wat de baby nodig heeft is in evenwicht"),
        ("balans_draagkracht", "de ouder heeft genoeg rust en ruimte om voor de baby te zorgen"),
    ),
}

RISK_ITEMS = (
    ("risico_zorgen", "ouders brengen zorgen in over geboorte, voeding, slapen of ontlasting"),
    ("risico_omstandigheden", "er spelen belastende omstandigheden in het gezin"),
    ("risico_steun", "ouders hebben mensen om zich heen bij wie zij terecht kunnen"),
)

# Example vulnerability factors per column (Kansrijke Start), our own wording.
FACTORS: dict[FactorColumn, tuple[tuple[str, str], ...]] = {
    FactorColumn.MEDICAL_RISK: (
        ("vroeggeboorte", "geboren voor 37 weken zwangerschap"),
        ("laag_geboortegewicht", "laag geboortegewicht"),
        ("aangeboren_aandoening", "aangeboren aandoening of langdurige ziekte van het kind"),
        ("psychische_problemen_ouder", "psychische problemen van een ouder"),
        ("middelengebruik", "gebruik van alcohol of drugs door een ouder"),
        ("zware_bevalling", "ingrijpende zwangerschap of bevalling"),
    ),
    FactorColumn.SOCIAL_RISK: (
        ("schulden", "schulden of ernstige geldzorgen"),
        ("sociaal_isolement", "weinig contact met anderen, sociaal isolement"),
        ("huisvesting", "onzekere of slechte woonsituatie"),
        ("huiselijk_geweld", "huiselijk geweld of onveiligheid thuis"),
        ("laaggeletterdheid", "moeite met lezen en schrijven"),
        ("jonge_ouder", "zeer jonge ouder"),
    ),
    FactorColumn.PROTECTIVE: (
        ("steunende_partner", "een partner die steunt en meedoet"),
        ("sterk_netwerk", "een sterk netwerk van familie en vrienden"),
        ("vertrouwen_ouderschap", "vertrouwen in het eigen ouderschap"),
        ("stabiel_inkomen", "een stabiel inkomen"),
        ("hulp_vragen", "ouders vragen zelf hulp als dat nodig is"),
    ),
}


def signalenlijst_items() -> list[DemoItem]:
    items = [
        DemoItem(
            code,
            f"{PREFIX}{text}",
            group=dimension.value,
            group_label=str(dimension.label),
            options=_options(ParentItemAnswer),
        )
        for dimension, pair in PARENT_ITEMS.items()
        for code, text in pair
    ]
    items += [
        DemoItem(
            code,
            f"{PREFIX}{text}",
            group=RISK_GROUP,
            group_label="Risico- en beschermende factoren",
            options=_options(RiskItemAnswer),
        )
        for code, text in RISK_ITEMS
    ]
    return items


def samenstarten_items() -> list[DemoItem]:
    ratings = _options(SamenStartenRating)
    items = [
        DemoItem(
            domain.value,
            f"{PREFIX}hoe gaat het met: {str(domain.label).lower()}?",
            group=domain.value,
            group_label=str(domain.label),
            options=ratings,
        )
        for domain in SamenStartenDomain
    ]
    items += [
        DemoItem("totaal", f"{PREFIX}hoe is het geheel te beoordelen?", options=ratings),
        DemoItem(
            "vervolg",
            f"{PREFIX}welk vervolg spreek je af?",
            options=_options(SamenStartenFollowUp),
        ),
        DemoItem("plan", f"{PREFIX}het plan dat je samen met de ouders maakt", ItemKind.TEXT),
    ]
    return items


def informatiekaart_items() -> list[DemoItem]:
    items = [
        DemoItem(
            criterion.value,
            f"{PREFIX}{str(criterion.label).lower()}",
            ItemKind.BOOLEAN,
        )
        for criterion in ReferralCriterion
        if criterion != ReferralCriterion.STRESS_FACTORS
    ]
    items.append(
        DemoItem(
            "aantal_stressfactoren",
            f"{PREFIX}hoeveel stressfactoren spelen er tegelijk?",
            ItemKind.INTEGER,
        )
    )
    return items


def vulnerability_items() -> list[DemoItem]:
    return [
        DemoItem(
            code,
            f"{PREFIX}{text}",
            ItemKind.BOOLEAN,
            group=column.value,
            group_label=str(column.label),
        )
        for column, factors in FACTORS.items()
        for code, text in factors
    ]


# code: (name, kind, items)
DEMO_INSTRUMENTS = {
    SIGNALENLIJST: (
        "Signalenlijst (voorbeeld)",
        InstrumentKind.OBSERVATION_LIST,
        signalenlijst_items,
    ),
    SAMENSTARTEN: ("SamenStarten (voorbeeld)", InstrumentKind.CONVERSATION, samenstarten_items),
    INFORMATIEKAART: (
        "Informatiekaart ouder-kindrelatie (voorbeeld)",
        InstrumentKind.CHECKLIST,
        informatiekaart_items,
    ),
    VULNERABILITY_FACTORS: (
        "Kwetsbaarheid Kansrijke Start (voorbeeld)",
        InstrumentKind.FACTOR_LIST,
        vulnerability_items,
    ),
}


@transaction.atomic
def ensure_illustrative_instruments(actor: User | None = None) -> dict[str, InstrumentVersion]:
    """Make sure the four illustrative instruments exist and are published; returns them by code.

    Also handy in other apps' tests that need a published Signalenlijst.
    """
    versions: dict[str, InstrumentVersion] = {}
    for code, (name, kind, build_items) in DEMO_INSTRUMENTS.items():
        instrument = Instrument.objects.filter(code=code).first() or create_instrument(
            actor=actor,
            code=code,
            name=name,
            kind=kind,
            description=DEMO_SOURCE,
        )
        version = instrument.versions.filter(version=DEMO_VERSION).first()
        if version is None:
            version = create_version(
                actor=actor,
                instrument=instrument,
                version=DEMO_VERSION,
                is_illustrative=True,
                source=DEMO_SOURCE,
            )
            for item in build_items():
                add_item(
                    actor=actor,
                    version=version,
                    code=item.code,
                    text=item.text,
                    kind=item.kind,
                    group=item.group,
                    group_label=item.group_label,
                    required=item.kind == ItemKind.CHOICE,
                    options=item.options,
                )
        if version.is_draft:
            version = publish_version(actor=actor, version=version)
        versions[code] = version
    return versions


def load(context: DemoContext) -> None:
    ensure_illustrative_instruments(actor=context.users.get("beheerder"))
