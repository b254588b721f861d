"""Age rules: when the Signalenlijst is expected or allowed (ages: `hechtwerk.method.ages`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from hechtwerk.method.ages import age_in_days

from .base import DEFAULT_POLICY, Policy


@dataclass(frozen=True)
class AgeCheck:
    allowed: bool
    in_first_half_year: bool
    message: str  # explains the outcome; for refusals, why


def check_signalenlijst_age(
    birth_date: date, consult_date: date, policy: Policy = DEFAULT_POLICY
) -> AgeCheck:
    """domain.md §2: expected up to the first half year (≤ 183 days), allowed up to 12 months."""
    age = age_in_days(birth_date, consult_date)
    if age < 0:
        return AgeCheck(
            allowed=False,
            in_first_half_year=False,
            message=_(
                "De consultdatum ligt vóór de geboortedatum; de Signalenlijst kan pas na de "
                "geboorte worden ingevuld."
            ),
        )
    if age > policy.signalenlijst_max_age_days:
        return AgeCheck(
            allowed=False,
            in_first_half_year=False,
            message=_(
                "Het kind is op de consultdatum %(age)d dagen oud. De Signalenlijst is bedoeld "
                "voor het eerste levensjaar (tot en met %(max)d dagen) en kan nu niet meer "
                "worden ingevuld."
            )
            % {"age": age, "max": policy.signalenlijst_max_age_days},
        )
    if age <= policy.first_half_year_days:
        return AgeCheck(
            allowed=True,
            in_first_half_year=True,
            message=_(
                "Het kind is op de consultdatum %(age)d dagen oud en zit in het eerste halfjaar "
                "(tot en met %(limit)d dagen): vul de Signalenlijst bij elk consult in."
            )
            % {"age": age, "limit": policy.first_half_year_days},
        )
    return AgeCheck(
        allowed=True,
        in_first_half_year=False,
        message=_(
            "Het kind is op de consultdatum %(age)d dagen oud. Na het eerste halfjaar is de "
            "Signalenlijst niet meer bij elk consult nodig, maar tot en met %(max)d dagen nog "
            "wel toegestaan."
        )
        % {"age": age, "max": policy.signalenlijst_max_age_days},
    )
