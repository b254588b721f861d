"""Figures of a coalition's meetings over a period, through the shared component (core.figures):
meetings held, participants by profession and by domain, agreements made and done.

A meeting is *held* when its date lies in the period and is not after today. Its participants are
those marked present once attendance is recorded, before that those who said yes
(`queries.participants_of`). Agreements are those of the meetings held; *done* is ticked off by
now. Every count goes through the small-number rule (T4.7): 1 to 4 reads "niet getoond", and so
does any count or total from which such a number could be worked back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from hechtwerk.core.figures import FigureTable, Period, count, figure_table, single_table

from .constants import DOMAIN_OF, Domain, Profession
from .models import Agreement, Meeting
from .queries import participants_of


@dataclass(frozen=True)
class RawCounts:
    """Unsuppressed counts; never shown as they are."""

    meetings_held: int = 0
    meetings_planned: int = 0
    by_profession: dict[str, int] = field(default_factory=dict)
    by_domain: dict[str, int] = field(default_factory=dict)
    agreements_done: int = 0
    agreements_open: int = 0


def count_figures(organisation_id: int, period: Period, *, today: date) -> RawCounts:
    """Count the coalition's meetings in `period` (held: up to and including `today`)."""
    meetings = list(
        Meeting.objects.filter(
            organisation_id=organisation_id, date__gte=period.start, date__lte=period.end
        )
    )
    held = [m for m in meetings if m.date <= today]
    professions: Counter[str] = Counter()
    domains: Counter[str] = Counter()
    for meeting in held:
        for person in participants_of(meeting):
            professions[person.profession or Profession.OTHER] += 1
            domain = person.domain or DOMAIN_OF.get(person.profession, "")
            if domain:
                domains[domain] += 1
    agreements = Agreement.objects.filter(meeting__in=held)
    done = agreements.filter(done_at__isnull=False).count()
    return RawCounts(
        meetings_held=len(held),
        meetings_planned=len(meetings) - len(held),
        by_profession=dict(professions),
        by_domain=dict(domains),
        agreements_done=done,
        agreements_open=agreements.count() - done,
    )


@dataclass(frozen=True)
class Figures:
    period: Period
    meetings: FigureTable
    professions: FigureTable
    domains: FigureTable
    agreements: FigureTable

    def tables(self) -> tuple[FigureTable, ...]:
        return (self.meetings, self.professions, self.domains, self.agreements)

    @property
    def has_withheld(self) -> bool:
        return any(t.has_withheld for t in self.tables())


def present(raw: RawCounts, period: Period) -> Figures:
    """The counts as tables, each suppressed by the shared rule."""
    participants = _("Deelnemers")
    return Figures(
        period=period,
        meetings=single_table(
            key="bijeenkomsten",
            caption=_("Bijeenkomsten"),
            heading=_("Bijeenkomsten"),
            title=_("Aantal"),
            lines=[
                ("held", _("Gehouden"), count(raw.meetings_held)),
                ("planned", _("Nog gepland in deze periode"), count(raw.meetings_planned)),
            ],
        ),
        professions=figure_table(
            key="deelnemers-beroep",
            caption=_("Deelnemers per beroep"),
            heading=_("Beroep"),
            labels=list(Profession.choices),
            columns=[(participants, raw.by_profession)],
            notes=[
                _(
                    "Iemand die aan twee bijeenkomsten deelnam, telt twee keer mee. Na de "
                    "bijeenkomst tellen de aanwezigen, daarvoor wie ja zei."
                )
            ],
        ),
        domains=figure_table(
            key="deelnemers-domein",
            caption=_("Deelnemers per domein"),
            heading=_("Domein"),
            labels=list(Domain.choices),
            columns=[(participants, raw.by_domain)],
        ),
        agreements=figure_table(
            key="afspraken",
            caption=_("Afspraken gemaakt en afgerond"),
            heading=_("Afspraken"),
            labels=[("done", _("Afgerond")), ("open", _("Nog open"))],
            columns=[(_("Aantal"), {"done": raw.agreements_done, "open": raw.agreements_open})],
            notes=[_("Het totaal is het aantal gemaakte afspraken.")],
        ),
    )
