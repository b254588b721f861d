"""Pure decisions of the catalogue: which interventions fit a consult's situation, in which order
and why; and how referral counts are shown without small numbers (the shared rule of
hechtwerk.core.figures).

No database here. The situation → intervention-property mapping arrives as data (`SituationRule`,
stored as `MatchingRule` rows a beheerder edits), so the method's defaults can change without code.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from hechtwerk.core.figures import FigureTable, figure_table
from hechtwerk.method.ages import format_age, format_window, pregnancy_week_to_days
from hechtwerk.method.codes import (
    NO_CONCERNS,
    Dimension,
    ReferralCriterion,
    SamenStartenDomain,
    SituationKind,
    VulnerabilityGrade,
)

from .constants import EVIDENCE_RANK, EvidenceLevel, OfferKind, TargetKind
from .counts import OrganisationReferrals

RULES_VERSION = "catalogue-matching-2026.1"
PREVENTION = str(TargetKind.PREVENTION_LEVEL)
CONTRACTED = str(OfferKind.CONTRACTED)


@dataclass(frozen=True)
class Situation:
    """What a consult recorded about a child, as far as matching needs it. One of age_days
    (0 = birth) and pregnancy_week is given."""

    age_days: int | None = None
    pregnancy_week: int | None = None
    searching_dimensions: frozenset[Dimension] = frozenset()
    referral_criteria: frozenset[ReferralCriterion] = frozenset()
    vulnerability_grade: VulnerabilityGrade | None = None
    samenstarten_problems: frozenset[SamenStartenDomain] = frozenset()

    @property
    def day(self) -> int:
        """The child's day relative to birth; a pregnancy week counts back from 40 weeks."""
        if self.pregnancy_week is not None:
            return pregnancy_week_to_days(self.pregnancy_week)
        if self.age_days is None:
            raise ValueError("A situation needs an age or a pregnancy week.")
        return self.age_days

    @property
    def has_concerns(self) -> bool:
        return bool(
            self.searching_dimensions
            or self.referral_criteria
            or self.samenstarten_problems
            or self.vulnerability_grade not in (None, VulnerabilityGrade.NOT_VULNERABLE)
        )

    def triggers(self) -> list[tuple[str, str, str]]:
        """(situation kind, code, Dutch label) of everything recorded, in a stable order."""
        found: list[tuple[str, str, str]] = []
        for dim in sorted(Dimension(d) for d in self.searching_dimensions):
            found.append(
                (SituationKind.DIMENSION, dim, _("%(dim)s is zoekend") % {"dim": dim.label})
            )
        for crit in sorted(ReferralCriterion(c) for c in self.referral_criteria):
            found.append((SituationKind.REFERRAL_CRITERION, crit, str(crit.label)))
        if self.vulnerability_grade is not None:
            grade = VulnerabilityGrade(self.vulnerability_grade)
            found.append(
                (
                    SituationKind.VULNERABILITY,
                    grade,
                    _("Gezin is %(g)s") % {"g": grade.label.lower()},
                )
            )
        for dom in sorted(SamenStartenDomain(d) for d in self.samenstarten_problems):
            found.append(
                (
                    SituationKind.SAMENSTARTEN,
                    dom,
                    _("SamenStarten: probleem bij %(d)s") % {"d": dom.label.lower()},
                )
            )
        if not self.has_concerns:
            found.append((SituationKind.GENERAL, NO_CONCERNS, _("Geen bijzondere signalen")))
        return found


@dataclass(frozen=True)
class Window:
    low: int
    high: int
    alternative: bool = False
    source: str = ""

    def contains(self, day: int) -> bool:
        return self.low <= day <= self.high


@dataclass(frozen=True)
class InterventionFacts:
    """What matching needs to know of one intervention."""

    id: Hashable
    name: str
    windows: tuple[Window, ...]  # primary first; empty when the source names no age
    prevention_level: str
    evidence_level: str
    themes: frozenset[str]  # theme and condition codes
    # A window that starts in pregnancy is about starting then (VoorZorg includes mothers in
    # pregnancy and then goes on for two years); only when this is set may a family also start
    # after birth (Stevig Ouderschap: "via a questionnaire after birth").
    starts_after_birth: bool = False


@dataclass(frozen=True)
class SituationRule:
    """When `kind`/`code` is recorded, interventions with `target` (a theme code or a prevention
    level) gain `weight` points; `explanation` (Dutch) tells the professional why."""

    kind: str
    code: str
    target_kind: str
    target: str
    weight: int
    target_label: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class Match:
    intervention_id: Hashable
    name: str
    score: int
    evidence_level: str
    own_offer: bool
    reasons: tuple[str, ...]
    age_note: str = ""
    referred_on: date | None = None  # this child was already referred to it on that date
    rules_version: str = RULES_VERSION

    @property
    def evidence_label(self) -> str:
        return str(EvidenceLevel(self.evidence_level).label)


def may_start(window: Window, day: int, *, starts_after_birth: bool) -> bool:
    """Whether a family can still start an intervention on `day` by this window: the window
    holds the day, and a window that starts in pregnancy is offered after birth (day 0 on) only
    when the intervention says families may also start then."""
    if not window.contains(day):
        return False
    return not (window.low < 0 <= day) or starts_after_birth


def _open_windows(facts: InterventionFacts, day: int) -> list[Window]:
    return [
        w for w in facts.windows if may_start(w, day, starts_after_birth=facts.starts_after_birth)
    ]


def _age_texts(
    facts: InterventionFacts, day: int, age_words: str, template: str
) -> tuple[str, str]:
    """(reason, note) for a fitting intervention; the note warns when only an alternative
    source's window holds the day."""
    fitting = _open_windows(facts, day)[0]
    reason = template % {
        "age": age_words,
        "window": format_window(fitting.low, fitting.high),
    }
    primary = facts.windows[0]
    if fitting is primary:
        return reason, ""
    note = _(
        "Let op: alleen volgens één bron past deze leeftijd (%(alt)s); een andere bron noemt "
        "%(primary)s."
    ) % {
        "alt": format_window(fitting.low, fitting.high),
        "primary": format_window(primary.low, primary.high),
    }
    return reason, note


def _rule_applies(rule: SituationRule, facts: InterventionFacts) -> bool:
    if rule.target_kind == PREVENTION:
        return facts.prevention_level == rule.target
    return rule.target in facts.themes


def _rule_reason(rule: SituationRule, trigger_label: str) -> str:
    if rule.explanation:
        return f"{trigger_label}: {rule.explanation}"
    if rule.target_kind == PREVENTION:
        return _("%(trigger)s: past bij het preventieniveau %(target)s.") % {
            "trigger": trigger_label,
            "target": rule.target_label or rule.target,
        }
    return _("%(trigger)s: richt zich op %(target)s.") % {
        "trigger": trigger_label,
        "target": rule.target_label or rule.target,
    }


def match_interventions(
    situation: Situation,
    interventions: Sequence[InterventionFacts],
    mapping: Sequence[SituationRule],
    own_offer: Collection[Hashable] | Mapping[Hashable, str] = (),
    limit: int | None = None,
    referred: Mapping[Hashable, date] | None = None,
) -> list[Match]:
    """The interventions that fit the child's age and the recorded situation, best first.

    An intervention fits when one of its age windows holds the child's day and the situation's
    rules give it more than zero points. Order: offered or contracted by the professional's own
    organisation first, then points, then evidence level (NJi), then name. `own_offer` holds the
    ids of the organisation's offer (a mapping id → offer kind words "contracted" apart);
    `limit` keeps the best ones only. `referred` maps the interventions this child was already
    referred to onto the (latest) date: such a match stays in the list and carries that date,
    so the page says so instead of offering the referral again.
    An intervention whose window starts in pregnancy is not proposed after birth unless it says
    families may also start then (`may_start`).
    """
    referred = referred or {}
    day = situation.day
    by_trigger: dict[tuple[str, str], list[SituationRule]] = {}
    for rule in mapping:
        by_trigger.setdefault((rule.kind, rule.code), []).append(rule)
    # (rule, its reason text or "" for a non-positive weight) for everything recorded.
    active: list[tuple[SituationRule, str]] = [
        (rule, _rule_reason(rule, label) if rule.weight > 0 else "")
        for kind, code, label in situation.triggers()
        for rule in by_trigger.get((kind, code), ())
    ]
    age_words = format_age(day)
    own_text = _("Je eigen organisatie biedt deze interventie aan.")
    contracted_text = _("Je eigen organisatie heeft deze interventie gecontracteerd.")
    kinds = own_offer if isinstance(own_offer, Mapping) else {}
    age_template = _("Past bij %(age)s: bedoeld %(window)s.")

    # Score and rank first; the Dutch wording is made only for the matches returned.
    scored: list[tuple[InterventionFacts, int, bool, list[str]]] = []
    for facts in interventions:
        if not _open_windows(facts, day):
            continue
        score = 0
        reasons: list[str] = []
        for rule, reason in active:
            if _rule_applies(rule, facts):
                score += rule.weight
                if reason:
                    reasons.append(reason)
        if score > 0:
            scored.append((facts, score, facts.id in own_offer, reasons))
    scored.sort(key=lambda m: (not m[2], -m[1], -EVIDENCE_RANK[m[0].evidence_level], m[0].name))
    matches: list[Match] = []
    for facts, score, own, reasons in scored[:limit]:
        age_reason, note = _age_texts(facts, day, age_words, age_template)
        matches.append(
            Match(
                intervention_id=facts.id,
                name=facts.name,
                score=score,
                evidence_level=facts.evidence_level,
                own_offer=own,
                reasons=(
                    *(
                        [contracted_text if kinds.get(facts.id) == CONTRACTED else own_text]
                        if own
                        else []
                    ),
                    *reasons,
                    age_reason,
                ),
                age_note=note,
                referred_on=referred.get(facts.id),
            )
        )
    return matches


# -- referral counts -------------------------------------------------------------------------------


def tally_referrals(rows: Iterable[OrganisationReferrals]) -> FigureTable:
    """Referrals, started and completed per organisation, as a table suppressed by the shared
    rule (hechtwerk.core.figures): small counts and whatever would give them away withheld; the
    columns' totals shown wherever they give nothing away."""
    ordered = sorted(rows, key=lambda r: (r.organisation_name, str(r.organisation_id)))
    labels = [(str(index), r.organisation_name) for index, r in enumerate(ordered)]
    column = {
        "referred": {str(i): r.referred for i, r in enumerate(ordered)},
        "started": {str(i): r.started for i, r in enumerate(ordered)},
        "completed": {str(i): r.completed for i, r in enumerate(ordered)},
    }
    return figure_table(
        key="verwijzingen-per-organisatie",
        caption=_("Verwijzingen per organisatie"),
        heading=_("Organisatie"),
        labels=labels,
        columns=[
            (_("Verwezen"), column["referred"]),
            (_("Gestart"), column["started"]),
            (_("Afgerond"), column["completed"]),
        ],
    )
