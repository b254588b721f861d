"""Signalenlijst (Werkwijze Kuipers): dimension suggestions and the prompts of the consult.

domain.md §2. The instrument is data: answers arrive as (item code, group, answer) triples where the
group is a Dimension value for the ten parent items or RISK_GROUP for the three risk items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hechtwerk.method.codes import (
    RISK_GROUP,
    Dimension,
    DimensionStatus,
    ParentItemAnswer,
    RiskItemAnswer,
)

from .base import DEFAULT_POLICY, RULES_VERSION, Policy, join_codes

# An empty answer means the item was left open; it counts as not assessed.
UNANSWERED = ""


@dataclass(frozen=True)
class ItemAnswer:
    item_code: str
    group: str  # a Dimension value, or RISK_GROUP for the risk items
    answer: str  # a ParentItemAnswer / RiskItemAnswer value, or "" when left open
    # The item's text, which explanations name (a user never reads a code); the code if empty.
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.item_code


@dataclass(frozen=True)
class DimensionSuggestion:
    dimension: Dimension
    status: DimensionStatus
    # Item codes that made it zoekend; for positief / niet_beoordeeld the items considered.
    driving_items: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class SignalenlijstAdvice:
    dimensions: tuple[DimensionSuggestion, ...]  # always five, in Dimension order
    not_positive_items: tuple[str, ...]
    discuss_with_parents: bool
    offer_conversation_model: bool  # any dimension zoekend
    searching_dimensions: tuple[Dimension, ...]
    risk_factors_present: tuple[str, ...]
    protective_factors: tuple[str, ...]
    unanswered_items: tuple[str, ...]  # answered niet_beoordeeld or left open, in input order
    rules_version: str
    explanation: tuple[str, ...]  # why each prompt appears (or does not)

    def suggestion_for(self, dimension: Dimension) -> DimensionSuggestion:
        """The suggestion of one dimension."""
        for suggestion in self.dimensions:
            if suggestion.dimension == dimension:
                return suggestion
        raise KeyError(dimension)  # pragma: no cover - dimensions always holds all five


def _check_answers(answers: Sequence[ItemAnswer]) -> None:
    """Refuse answers that would silently hide a signal: unknown groups, codes or duplicates."""
    dimension_codes = set(Dimension.values)
    parent_answers = {*ParentItemAnswer.values, UNANSWERED}
    risk_answers = {*RiskItemAnswer.values, UNANSWERED}
    seen: set[str] = set()
    for item in answers:
        if item.item_code in seen:
            raise ValueError(
                _("Item %(code)s is meer dan één keer beantwoord.") % {"code": item.item_code}
            )
        seen.add(item.item_code)
        if item.group == RISK_GROUP:
            allowed = risk_answers
        elif item.group in dimension_codes:
            allowed = parent_answers
        else:
            raise ValueError(
                _("Item %(code)s hoort bij een onbekende groep (%(group)s).")
                % {"code": item.item_code, "group": item.group}
            )
        if item.answer not in allowed:
            raise ValueError(
                _("Item %(code)s heeft een ongeldig antwoord (%(answer)s).")
                % {"code": item.item_code, "answer": item.answer}
            )


def _names(items: Sequence[ItemAnswer], codes: Sequence[str]) -> str:
    """The items of these codes by their text, in quotes, for an explanation."""
    by_code = {item.item_code: item.name for item in items}
    return join_codes([f"‘{by_code.get(code, code)}’" for code in codes])


def _suggest_dimension(dimension: Dimension, items: list[ItemAnswer]) -> DimensionSuggestion:
    """domain.md §2: zoekend when at least one item is nog niet positief."""
    codes = tuple(item.item_code for item in items)
    not_positive = tuple(
        item.item_code for item in items if item.answer == ParentItemAnswer.NOT_YET_POSITIVE
    )
    positive = tuple(item.item_code for item in items if item.answer == ParentItemAnswer.POSITIVE)
    open_items = tuple(code for code in codes if code not in not_positive and code not in positive)
    if not_positive:
        explanation = ngettext(
            "Zoekend, omdat item %(items)s op ‘nog niet positief’ staat.",
            "Zoekend, omdat de items %(items)s op ‘nog niet positief’ staan.",
            len(not_positive),
        ) % {"items": _names(items, not_positive)}
        return DimensionSuggestion(dimension, DimensionStatus.SEARCHING, not_positive, explanation)
    if positive:
        # One positive item and one not assessed still gives positief: nothing points to
        # zoekend, and the professional sees which item was left out and confirms or overrides.
        explanation = ngettext(
            "Positief: item %(items)s is positief beoordeeld.",
            "Positief: de items %(items)s zijn positief beoordeeld.",
            len(positive),
        ) % {"items": _names(items, positive)}
        if open_items:
            explanation += " " + ngettext(
                "Item %(items)s is niet beoordeeld.",
                "De items %(items)s zijn niet beoordeeld.",
                len(open_items),
            ) % {"items": _names(items, open_items)}
        return DimensionSuggestion(dimension, DimensionStatus.POSITIVE, codes, explanation)
    if codes:
        explanation = _("Niet beoordeeld: geen van de items (%(items)s) is beoordeeld.") % {
            "items": _names(items, codes)
        }
    else:
        explanation = _("Niet beoordeeld: er zijn geen items van deze dimensie ingevuld.")
    return DimensionSuggestion(dimension, DimensionStatus.NOT_ASSESSED, codes, explanation)


def assess_signalenlijst(
    answers: Sequence[ItemAnswer], policy: Policy = DEFAULT_POLICY
) -> SignalenlijstAdvice:
    """Suggest a status per dimension and the prompts of the consult (domain.md §2)."""
    _check_answers(answers)
    by_dimension: dict[Dimension, list[ItemAnswer]] = {dimension: [] for dimension in Dimension}
    risk_items: list[ItemAnswer] = []
    for item in answers:
        if item.group == RISK_GROUP:
            risk_items.append(item)
        else:
            by_dimension[Dimension(item.group)].append(item)

    dimensions = tuple(
        _suggest_dimension(dimension, items) for dimension, items in by_dimension.items()
    )
    parent_items = [item for item in answers if item.group != RISK_GROUP]
    not_positive = tuple(
        item.item_code for item in parent_items if item.answer == ParentItemAnswer.NOT_YET_POSITIVE
    )
    unanswered = tuple(
        item.item_code
        for item in answers
        if item.answer in (ParentItemAnswer.NOT_ASSESSED, UNANSWERED)
    )
    risk_present = tuple(
        item.item_code for item in risk_items if item.answer == RiskItemAnswer.PRESENT
    )
    protective = tuple(
        item.item_code for item in risk_items if item.answer == RiskItemAnswer.PROTECTIVE
    )
    searching = tuple(
        suggestion.dimension
        for suggestion in dimensions
        if suggestion.status == DimensionStatus.SEARCHING
    )
    # domain.md §2: several (≥ 2, configurable) items not yet positive → discuss with the parents.
    discuss = len(not_positive) >= policy.discuss_threshold
    # domain.md §2: any dimension zoekend → offer the ééngespreksmodel.
    offer = bool(searching)

    explanation: list[str] = []
    if discuss:
        explanation.append(
            ngettext(
                "%(count)d item staat op ‘nog niet positief’ (drempel: %(threshold)d); "
                "bespreek de signalen met de ouders.",
                "%(count)d items staan op ‘nog niet positief’ (drempel: %(threshold)d); "
                "bespreek de signalen met de ouders.",
                len(not_positive),
            )
            % {"count": len(not_positive), "threshold": policy.discuss_threshold}
        )
    elif not_positive:
        explanation.append(
            ngettext(
                "%(count)d item staat op ‘nog niet positief’; dat is minder dan de drempel "
                "van %(threshold)d voor het bespreken van de signalen met de ouders.",
                "%(count)d items staan op ‘nog niet positief’; dat is minder dan de drempel "
                "van %(threshold)d voor het bespreken van de signalen met de ouders.",
                len(not_positive),
            )
            % {"count": len(not_positive), "threshold": policy.discuss_threshold}
        )
    if offer:
        explanation.append(
            ngettext(
                "De dimensie %(dimensions)s is zoekend; bied het ééngespreksmodel aan, "
                "bij voorkeur nog in dit consult.",
                "De dimensies %(dimensions)s zijn zoekend; bied het ééngespreksmodel aan, "
                "bij voorkeur nog in dit consult.",
                len(searching),
            )
            % {"dimensions": ", ".join(str(dimension.label) for dimension in searching)}
        )
    else:
        explanation.append(
            _("Geen enkele dimensie is zoekend; het ééngespreksmodel is daarom niet voorgesteld.")
        )
    if risk_present:
        explanation.append(
            ngettext(
                "Risicofactor aanwezig: %(items)s. Weeg deze mee in je beoordeling.",
                "Risicofactoren aanwezig: %(items)s. Weeg deze mee in je beoordeling.",
                len(risk_present),
            )
            % {"items": _names(answers, risk_present)}
        )
    if protective:
        explanation.append(
            ngettext(
                "Beschermende factor: %(items)s.",
                "Beschermende factoren: %(items)s.",
                len(protective),
            )
            % {"items": _names(answers, protective)}
        )
    if unanswered:
        explanation.append(
            _("Niet beoordeeld of niet ingevuld: %(items)s.")
            % {"items": _names(answers, unanswered)}
        )

    return SignalenlijstAdvice(
        dimensions=dimensions,
        not_positive_items=not_positive,
        discuss_with_parents=discuss,
        offer_conversation_model=offer,
        searching_dimensions=searching,
        risk_factors_present=risk_present,
        protective_factors=protective,
        unanswered_items=unanswered,
        rules_version=RULES_VERSION,
        explanation=tuple(explanation),
    )


def validate_dimension_override(
    suggested: DimensionStatus, confirmed: DimensionStatus, reason: str
) -> str | None:
    """domain.md §2: the professional may override a suggestion, but only with a reason."""
    if DimensionStatus(confirmed) != DimensionStatus(suggested) and not reason.strip():
        return _(
            "Je wijkt af van de voorgestelde status (%(suggested)s → %(confirmed)s); "
            "geef een reden op."
        ) % {
            "suggested": DimensionStatus(suggested).label,
            "confirmed": DimensionStatus(confirmed).label,
        }
    return None
