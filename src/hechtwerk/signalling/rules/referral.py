"""Informatiekaart ouder-kindrelatie: when to advise referral to more intensive help."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hechtwerk.method.codes import ReferralCriterion

from .base import DEFAULT_POLICY, RULES_VERSION, Policy


@dataclass(frozen=True)
class InformatiekaartInput:
    regulation_problems: bool
    worry_or_overload: bool
    dysfunctional_pattern: bool
    stress_factor_count: int


@dataclass(frozen=True)
class ReferralAdvice:
    advise_referral: bool
    criteria_met: tuple[ReferralCriterion, ...]  # in ReferralCriterion order
    explanation: tuple[str, ...]
    rules_version: str


def advise_referral(data: InformatiekaartInput, policy: Policy = DEFAULT_POLICY) -> ReferralAdvice:
    """domain.md §3: advise referral when any of the four criteria of the Informatiekaart is met."""
    if data.stress_factor_count < 0:
        raise ValueError(_("Het aantal stressfactoren kan niet negatief zijn."))
    met: list[ReferralCriterion] = []
    explanation: list[str] = []
    if data.regulation_problems:
        met.append(ReferralCriterion.REGULATION_PROBLEMS)
        explanation.append(
            _("Er zijn één of meer vroege regulatieproblemen (huilen, voeden, slapen).")
        )
    if data.worry_or_overload:
        met.append(ReferralCriterion.WORRY_OR_OVERLOAD)
        explanation.append(_("De ouders hebben aanhoudend zorgen of zijn overbelast."))
    if data.dysfunctional_pattern:
        met.append(ReferralCriterion.DYSFUNCTIONAL_PATTERN)
        explanation.append(_("Er is een disfunctioneel interactie- of communicatiepatroon."))
    # Criterion 4: three or more stress factors (threshold configurable).
    if data.stress_factor_count >= policy.stress_factor_threshold:
        met.append(ReferralCriterion.STRESS_FACTORS)
        explanation.append(
            ngettext(
                "Er is %(count)d stressfactor (drempel: %(threshold)d).",
                "Er zijn %(count)d stressfactoren (drempel: %(threshold)d).",
                data.stress_factor_count,
            )
            % {"count": data.stress_factor_count, "threshold": policy.stress_factor_threshold}
        )
    if met:
        explanation.append(
            _("Advies: verwijs naar intensievere hulp, omdat ten minste één criterium geldt.")
        )
    else:
        explanation.append(
            ngettext(
                "Geen van de criteria geldt (%(count)d stressfactor, drempel: %(threshold)d); "
                "verwijzing is op grond van de Informatiekaart niet nodig.",
                "Geen van de criteria geldt (%(count)d stressfactoren, drempel: %(threshold)d); "
                "verwijzing is op grond van de Informatiekaart niet nodig.",
                data.stress_factor_count,
            )
            % {"count": data.stress_factor_count, "threshold": policy.stress_factor_threshold}
        )
    return ReferralAdvice(
        advise_referral=bool(met),
        criteria_met=tuple(met),
        explanation=tuple(explanation),
        rules_version=RULES_VERSION,
    )
