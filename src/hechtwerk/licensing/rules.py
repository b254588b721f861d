"""Pure decisions of licensing: licence and membership periods and a trainer's standing.

Sources: seed document 000 (Masterclass Train de Trainer: after the certificate a trainer gives
trainings under a licence of €300 a year excl. BTW that renews unless the trainer cancels, plus a
membership of €150 a year; a return day once a year; a baseline measurement before and an
evaluation with test after each training, sent to the foundation within 4 weeks) and domain.md §6
(explicit yearly periods with history and gaps kept; standing derived from dates, payments and
obligations; prices and VAT are data).

No database: the inputs are plain values, the result explains itself (reason, what to do, by when)
and carries RULES_VERSION.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .constants import Standing

RULES_VERSION = "licensing-2026.1"

# Seed 000: the evaluation goes to the foundation "binnen 4 weken" after the training ends:
# day 28 after the last session is on time, day 29 is late.
EVALUATION_DAYS = 28


@dataclass(frozen=True)
class Terms:
    """Per product line: period length, cancellation cut-off and grace (data, not code)."""

    period_months: int = 12
    cutoff_days: int = 30  # cancel at least this many days before the period's end
    grace_days: int = 30  # time to pay or catch up before the licence lapses


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    paid: bool = False
    explicit: bool = True  # False: derived because renewal was due but no row exists yet


@dataclass(frozen=True)
class TrainingGiven:
    """An edition the trainer gave: its dates and whether the duties were done."""

    label: str
    first_session: datetime.date
    last_session: datetime.date
    nulmeting_done: bool | None  # None: not known (measurements not available)
    report_submitted_on: datetime.date | None


@dataclass(frozen=True)
class Reason:
    """One thing that drives the standing: plain Dutch, what to do, and by when."""

    code: str
    standing: Standing
    message: str
    action: str = ""
    deadline: datetime.date | None = None


@dataclass(frozen=True)
class StandingResult:
    standing: Standing
    period: Period | None
    reasons: tuple[Reason, ...] = ()
    open_obligations: tuple[Reason, ...] = ()
    renews: bool = True
    rules_version: str = RULES_VERSION
    history: tuple[Period, ...] = field(default=())

    @property
    def good(self) -> bool:
        """Current or in grace: may teach licensed courses and open the library."""
        return self.standing in (Standing.CURRENT, Standing.GRACE)

    @property
    def summary(self) -> str:
        if self.reasons:
            return self.reasons[0].message
        return str(Standing(self.standing).label)


def _d(day: datetime.date) -> str:
    return date_format(day, "d-m-Y")


# --- periods ------------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months; the 29th-31st clamp to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_from(start: datetime.date, terms: Terms) -> Period:
    """A period starting on `start`, ending the day before the same date `period_months` later."""
    return Period(start, add_months(start, terms.period_months) - datetime.timedelta(days=1))


def next_start(period: Period) -> datetime.date:
    return period.end + datetime.timedelta(days=1)


def is_valid_on(period: Period, day: datetime.date) -> bool:
    """T5.7(c): a period is valid on a date iff start ≤ date ≤ end."""
    return period.start <= day <= period.end


def cancellation_cutoff(period: Period, terms: Terms) -> datetime.date:
    """The last day a cancellation still stops the next period."""
    return period.end - datetime.timedelta(days=terms.cutoff_days)


def cancellation_stops_renewal(
    period: Period, cancelled_on: datetime.date | None, terms: Terms
) -> bool:
    """A cancellation on or before the cut-off ends the chain after `period`; later, one more year."""
    return cancelled_on is not None and cancelled_on <= cancellation_cutoff(period, terms)


def final_end(
    periods: Sequence[Period], cancelled_on: datetime.date | None, terms: Terms
) -> datetime.date | None:
    """The last day of a cancelled chain: the period of the cancellation if on or before its
    cut-off, else the one after it. None when not cancelled."""
    if cancelled_on is None or not periods:
        return None
    chain = sorted(periods, key=lambda p: p.start)
    period = next((p for p in chain if is_valid_on(p, cancelled_on)), None)
    if period is None:
        earlier = [p for p in chain if p.end < cancelled_on]
        return earlier[-1].end if earlier else chain[0].start - datetime.timedelta(days=1)
    if cancellation_stops_renewal(period, cancelled_on, terms):
        stop = period.end
    else:
        stop = period_from(next_start(period), terms).end
    # A period started after the stop (a new licence later on) supersedes the cancellation.
    return None if any(p.start > stop for p in chain) else stop


def chain_through(
    periods: Sequence[Period],
    day: datetime.date,
    *,
    cancelled_on: datetime.date | None,
    terms: Terms,
) -> list[Period]:
    """The explicit periods plus the renewals due by `day` that no job has written yet.

    Standing never depends on the yearly timer having run: a period whose renewal was due (not
    cancelled before the cut-off) is followed by derived periods up to `day`.
    """
    chain = sorted(periods, key=lambda p: p.start)
    if not chain:
        return chain
    stop = final_end(chain, cancelled_on, terms)
    while chain[-1].end < day and (stop is None or chain[-1].end < stop):
        begin = next_start(chain[-1])
        chain.append(Period(begin, period_from(begin, terms).end, explicit=False))
    return chain


def renewal_due(
    periods: Sequence[Period],
    day: datetime.date,
    *,
    cancelled_on: datetime.date | None,
    terms: Terms,
) -> Period | None:
    """The next period to write on `day` (from the day after the last one's cut-off), or None."""
    if not periods:
        return None
    last = max(periods, key=lambda p: p.start)
    if day <= cancellation_cutoff(last, terms):
        return None
    stop = final_end(periods, cancelled_on, terms)
    if stop is not None and stop <= last.end:
        return None
    return period_from(next_start(last), terms)


# --- obligations --------------------------------------------------------------------------------


def evaluation_deadline(last_session: datetime.date) -> datetime.date:
    """Day 28 after the last session is the last day on time."""
    return last_session + datetime.timedelta(days=EVALUATION_DAYS)


def evaluation_on_time(last_session: datetime.date, submitted_on: datetime.date | None) -> bool:
    return submitted_on is not None and submitted_on <= evaluation_deadline(last_session)


def _worst(reasons: Sequence[Reason]) -> Standing:
    if any(r.standing == Standing.LAPSED for r in reasons):
        return Standing.LAPSED
    if any(r.standing == Standing.GRACE for r in reasons):
        return Standing.GRACE
    return Standing.CURRENT


def _overdue(
    code: str,
    message: str,
    action: str,
    due: datetime.date,
    day: datetime.date,
    terms: Terms,
) -> Reason:
    """Past `due`: in grace until due + grace days, lapsed after."""
    grace_end = due + datetime.timedelta(days=terms.grace_days)
    if day <= grace_end:
        return Reason(code, Standing.GRACE, message, action, grace_end)
    return Reason(code, Standing.LAPSED, message, action, None)


def licence_standing(
    day: datetime.date,
    *,
    periods: Sequence[Period],
    cancelled_on: datetime.date | None,
    terms: Terms,
    trainings: Sequence[TrainingGiven] = (),
    return_days: Sequence[datetime.date] = (),
    obligations: bool = True,
) -> StandingResult:
    """A licence's standing on `day`: current, in grace, lapsed or cancelled, with its reasons.

    Payment: a period not paid by start + grace lapses. Obligations (seed 000), for the trainings
    and return days of the period covering `day`: a return day attended in each licence year
    (the previous year's missing one may be made up within the grace days), a baseline
    measurement before each training, and the evaluation report within 28 days of its last
    session. `obligations=False` gives the membership standing (payment only).
    """
    chain = chain_through(periods, day, cancelled_on=cancelled_on, terms=terms)
    history = tuple(chain)
    if not chain or day < chain[0].start:
        reason = Reason(
            "no_period",
            Standing.NONE,
            _("Er is (nog) geen periode."),
            _("Na het certificaat van de Masterclass kun je een licentie aanvragen."),
        )
        return StandingResult(Standing.NONE, None, (reason,), history=history)
    current = next((p for p in chain if is_valid_on(p, day)), None)
    last = chain[-1]
    stop = final_end(chain, cancelled_on, terms)
    renews = stop is None
    if current is None:
        before = [p for p in chain if p.end < day]
        ended = before[-1] if before else last
        if (
            cancelled_on is not None
            and cancelled_on <= ended.end
            and (stop or ended.end) <= ended.end
        ):
            reason = Reason(
                "cancelled",
                Standing.CANCELLED,
                _("Opgezegd; de laatste periode eindigde op %(end)s.") % {"end": _d(ended.end)},
                _("Wil je weer trainingen geven? Neem contact op met de stichting."),
            )
            return StandingResult(
                Standing.CANCELLED, None, (reason,), renews=False, history=history
            )
        gap = Reason(
            "gap",
            Standing.LAPSED,
            _("Er is geen periode voor deze datum."),
            _("Neem contact op met de stichting."),
        )
        return StandingResult(Standing.LAPSED, None, (gap,), renews=renews, history=history)

    reasons: list[Reason] = []
    open_items: list[Reason] = []
    if not current.paid:
        grace_end = current.start + datetime.timedelta(days=terms.grace_days)
        message = _("De factuur voor %(start)s – %(end)s is nog niet betaald.") % {
            "start": _d(current.start),
            "end": _d(current.end),
        }
        if day <= grace_end:
            reasons.append(
                Reason("unpaid", Standing.GRACE, message, _("Betaal de factuur."), grace_end)
            )
        else:
            reasons.append(
                Reason("unpaid", Standing.LAPSED, message, _("Betaal de factuur."), None)
            )
    if obligations:
        in_period = [t for t in trainings if is_valid_on(current, t.first_session)]
        for training in in_period:
            if training.first_session > day:
                continue
            if training.nulmeting_done is False:
                reasons.append(
                    _overdue(
                        "nulmeting",
                        _("Bij %(label)s is vóór de start geen nulmeting gedaan.")
                        % {"label": training.label},
                        _("Leg uit aan de stichting waarom, en doe de nulmeting voortaan vooraf."),
                        training.first_session,
                        day,
                        terms,
                    )
                )
        for training in trainings:
            deadline = evaluation_deadline(training.last_session)
            if training.report_submitted_on is not None and training.report_submitted_on <= day:
                continue
            if training.last_session > day:
                continue
            if day <= deadline:
                open_items.append(
                    Reason(
                        "evaluation_due",
                        Standing.CURRENT,
                        _("Het evaluatieverslag van %(label)s moet nog naar de stichting.")
                        % {"label": training.label},
                        _("Bekijk het verslag en verstuur het."),
                        deadline,
                    )
                )
            elif is_valid_on(current, deadline) or deadline >= current.start - datetime.timedelta(
                days=terms.grace_days
            ):
                reasons.append(
                    _overdue(
                        "evaluation_late",
                        _("Het evaluatieverslag van %(label)s is te laat (uiterlijk %(due)s).")
                        % {"label": training.label, "due": _d(deadline)},
                        _("Bekijk het verslag en verstuur het."),
                        deadline,
                        day,
                        terms,
                    )
                )
        attended_now = any(current.start <= d <= min(day, current.end) for d in return_days)
        previous = next(
            (p for p in chain if p.end == current.start - datetime.timedelta(days=1)), None
        )
        if previous is not None and not any(is_valid_on(previous, d) for d in return_days):
            made_up = any(
                current.start
                <= d
                <= min(day, current.start + datetime.timedelta(days=terms.grace_days))
                for d in return_days
            )
            if not made_up:
                reasons.append(
                    _overdue(
                        "return_day_missed",
                        _(
                            "In het vorige licentiejaar (%(start)s – %(end)s) was je niet op een terugkomdag."
                        )
                        % {"start": _d(previous.start), "end": _d(previous.end)},
                        _("Boek een terugkomdag en woon die bij."),
                        current.start,
                        day,
                        terms,
                    )
                )
        if not attended_now:
            open_items.append(
                Reason(
                    "return_day_due",
                    Standing.CURRENT,
                    _("Je was dit licentiejaar nog niet op een terugkomdag."),
                    _("Boek een terugkomdag."),
                    current.end,
                )
            )
    if stop is not None:
        open_items.append(
            Reason(
                "ends",
                Standing.CURRENT,
                _("Opgezegd: de licentie loopt af op %(end)s en wordt niet verlengd.")
                % {"end": _d(stop or last.end)},
                "",
                stop,
            )
        )
    elif day <= cancellation_cutoff(current, terms):
        open_items.append(
            Reason(
                "renews",
                Standing.CURRENT,
                _("Wordt op %(start)s verlengd. Opzeggen kan tot en met %(cutoff)s.")
                % {
                    "start": _d(next_start(current)),
                    "cutoff": _d(cancellation_cutoff(current, terms)),
                },
                _("Zeg op via Mijn licentie als je wilt stoppen."),
                cancellation_cutoff(current, terms),
            )
        )
    standing = _worst(reasons)
    reasons.sort(key=lambda r: (r.standing != Standing.LAPSED, r.deadline or datetime.date.max))
    return StandingResult(
        standing, current, tuple(reasons), tuple(open_items), renews=renews, history=history
    )
