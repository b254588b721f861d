"""SamenStarten (the 8-week conversation): overall rating and suggested follow-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hechtwerk.method.codes import SamenStartenDomain, SamenStartenFollowUp, SamenStartenRating

from .base import RULES_VERSION

# Most favourable first.
RATING_ORDER: tuple[SamenStartenRating, ...] = (
    SamenStartenRating.FINE,
    SamenStartenRating.ATTENTION_POINTS,
    SamenStartenRating.PROBLEM,
)

FOLLOW_UP_FOR_RATING = {
    SamenStartenRating.FINE: SamenStartenFollowUp.NONE,
    SamenStartenRating.ATTENTION_POINTS: SamenStartenFollowUp.EXTRA_HOME_VISIT,
    SamenStartenRating.PROBLEM: SamenStartenFollowUp.REFERRAL,
}


def rating_severity(rating: SamenStartenRating) -> int:
    """0 for prima, 1 for goed met aandachtspunten, 2 for probleem."""
    return RATING_ORDER.index(SamenStartenRating(rating))


@dataclass(frozen=True)
class SamenStartenSuggestion:
    overall: SamenStartenRating  # the least favourable domain rating
    follow_up: SamenStartenFollowUp
    problem_domains: tuple[SamenStartenDomain, ...]  # rated probleem, in domain order
    explanation: tuple[str, ...]
    rules_version: str
    attention_domains: tuple[SamenStartenDomain, ...] = ()  # rated goed met aandachtspunten


def _labels(domains: tuple[SamenStartenDomain, ...]) -> str:
    return ", ".join(str(domain.label) for domain in domains)


def suggest_samenstarten(
    ratings: Mapping[SamenStartenDomain, SamenStartenRating],
) -> SamenStartenSuggestion:
    """domain.md §3: the whole is rated by its least favourable domain; follow-up by that rating."""
    normalised: dict[SamenStartenDomain, SamenStartenRating] = {}
    for key, value in ratings.items():
        try:
            domain = SamenStartenDomain(key)
        except ValueError:
            raise ValueError(
                _("Onbekend SamenStarten-domein: %(domain)s.") % {"domain": key}
            ) from None
        try:
            normalised[domain] = SamenStartenRating(value)
        except ValueError:
            raise ValueError(
                _("Ongeldige beoordeling voor %(domain)s: %(rating)s.")
                % {"domain": domain.label, "rating": value}
            ) from None
    missing = tuple(domain for domain in SamenStartenDomain if domain not in normalised)
    if missing:
        raise ValueError(
            _("Beoordeel alle vijf domeinen; nog niet beoordeeld: %(domains)s.")
            % {"domains": _labels(missing)}
        )

    overall = max(normalised.values(), key=rating_severity)
    follow_up = FOLLOW_UP_FOR_RATING[overall]
    problems = tuple(d for d in SamenStartenDomain if normalised[d] == SamenStartenRating.PROBLEM)
    attention = tuple(
        d for d in SamenStartenDomain if normalised[d] == SamenStartenRating.ATTENTION_POINTS
    )

    explanation: list[str] = []
    if problems:
        explanation.append(
            _("Probleem bij: %(domains)s. Voorgesteld vervolg: verwijzing.")
            % {"domains": _labels(problems)}
        )
    if attention:
        if problems:
            explanation.append(
                _("Aandachtspunten bij: %(domains)s.") % {"domains": _labels(attention)}
            )
        else:
            explanation.append(
                _("Aandachtspunten bij: %(domains)s. Voorgesteld vervolg: een extra huisbezoek.")
                % {"domains": _labels(attention)}
            )
    if not problems and not attention:
        explanation.append(_("Alle vijf domeinen zijn prima; een vervolg is niet nodig."))
    explanation.append(
        _(
            "Het geheel krijgt de minst gunstige beoordeling van de domeinen: %(overall)s. "
            "Maak samen met de ouders een plan."
        )
        % {"overall": overall.label}
    )
    return SamenStartenSuggestion(
        overall=overall,
        follow_up=follow_up,
        problem_domains=problems,
        explanation=tuple(explanation),
        rules_version=RULES_VERSION,
        attention_domains=attention,
    )
