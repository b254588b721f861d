"""Reads about the measurements of a course: the pseudonym that links a participant's answers,
which measurements a participant still has to fill in, an edition's evaluation summary and Het
Begint Bij Mij's influence figures. Every count goes through core.figures (n < 5 withheld).

`edition_evaluation_summary(edition)` and `nulmeting_done_before_start(edition)` are what the
licensing app reads for the trainer's evaluation duty (domain.md §6); keep their names.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from hechtwerk.core import figures
from hechtwerk.instruments.constants import ItemKind

from . import rules
from .constants import INFLUENCE_ITEM, INFLUENCE_MUCH, INFLUENCE_POSITIVE, PSEUDONYM_SALT, Moment

if TYPE_CHECKING:
    from hechtwerk.instruments.models import InstrumentVersion

    from .models import Course, Edition, Enrolment, MeasurementResponse


def pseudonym(enrolment: Enrolment) -> str:
    """A keyed hash of the enrolment (HMAC-SHA256 with the site's secret): the same for the
    nulmeting and the toets of one participant, meaningless without the key."""
    return salted_hmac(PSEUDONYM_SALT, str(enrolment.uuid), algorithm="sha256").hexdigest()


def version_for(course: Course, moment: str) -> InstrumentVersion | None:
    versions: dict[str, InstrumentVersion | None] = {
        Moment.NULMETING.value: course.nulmeting_version,
        Moment.TOETS.value: course.test_version,
        Moment.EVALUATION.value: course.evaluation_version,
    }
    return versions.get(str(moment))


@dataclass(frozen=True)
class Task:
    moment: str
    label: str
    done: bool
    open: bool


def tasks_of(enrolment: Enrolment, *, now: datetime.datetime | None = None) -> list[Task]:
    """The measurements a participant fills in, whether done and whether open now."""
    from .models import MeasurementResponse

    now = now or timezone.now()
    sessions = list(enrolment.edition.sessions.all())
    if not sessions:
        return []
    code = pseudonym(enrolment)
    answered = dict.fromkeys(
        MeasurementResponse.objects.filter(edition=enrolment.edition, pseudonym=code)
        .exclude(moment=Moment.TOETS, passed=False)
        .values_list("moment", flat=True),
        True,
    )
    tasks = []
    for moment in Moment:
        if version_for(enrolment.edition.course, moment) is None:
            continue
        open_now = rules.measurement_open(
            moment, first_start=sessions[0].starts_at, last_start=sessions[-1].starts_at, now=now
        )
        tasks.append(Task(moment, str(moment.label), moment in answered, open_now))
    return tasks


def nulmeting_done_before_start(edition: Edition) -> bool:
    """Whether the edition's nulmeting was taken before its first session: at least one response
    submitted before the first session started (licensing's obligation check)."""
    first = edition.sessions.order_by("date", "start_time").first()
    if first is None or edition.course.nulmeting_version_id is None:
        return False
    return edition.measurements.filter(
        moment=Moment.NULMETING, submitted_at__lt=first.starts_at
    ).exists()


def _latest_per_pseudonym(responses: list[MeasurementResponse]) -> dict[str, MeasurementResponse]:
    latest: dict[str, MeasurementResponse] = {}
    for response in sorted(responses, key=lambda r: (r.attempt, r.submitted_at)):
        latest[response.pseudonym] = response
    return latest


def _answer_counts(
    version: InstrumentVersion | None, responses: list[MeasurementResponse]
) -> list[dict[str, Any]]:
    """Per choice item of the version: its text and options with counts (withheld when small)."""
    if version is None:
        return []
    out = []
    for item in version.items.prefetch_related("options"):
        if item.kind != ItemKind.CHOICE:
            continue
        counts = Counter(r.answers.get(item.code) for r in responses)
        options = list(item.options.all())
        values = [counts.get(o.code, 0) for o in options]
        cells, total = figures.suppress_line(values)
        out.append(
            {
                "item": item.code,
                "text": item.text,
                "total": total.value,
                "options": [
                    {
                        "code": o.code,
                        "label": o.label,
                        "count": c.value,
                        "percentage": figures.percentage(c, total),
                    }
                    for o, c in zip(options, cells, strict=True)
                ],
            }
        )
    return out


def edition_evaluation_summary(edition: Edition) -> dict[str, Any]:
    """The evaluation report of an edition: respondents, knowledge gain (nulmeting → toets, linked
    by pseudonym), test pass rate and the evaluation's answers. Counts under the threshold are
    None (withheld), and so are percentages and means built on them (T4.7)."""
    responses = list(edition.measurements.all())
    by_moment: dict[str, list[MeasurementResponse]] = defaultdict(list)
    for response in responses:
        by_moment[response.moment].append(response)
    evaluations = by_moment[Moment.EVALUATION]
    respondents = figures.count(len({r.pseudonym for r in evaluations}))
    before = {r.pseudonym: r for r in by_moment[Moment.NULMETING] if r.points is not None}
    after = {
        p: r
        for p, r in _latest_per_pseudonym(by_moment[Moment.TOETS]).items()
        if r.points is not None
    }
    pairs = [(before[p].points or 0, after[p].points or 0) for p in before.keys() & after.keys()]
    pair_count = figures.count(len(pairs))
    gain: dict[str, Any] = {"pairs": pair_count.value, "mean_before": None, "mean_after": None}
    gain["mean_gain"] = None
    if pair_count.value:
        mean_before = sum(b for b, _a in pairs) / len(pairs)
        mean_after = sum(a for _b, a in pairs) / len(pairs)
        gain.update(
            mean_before=round(mean_before, 1),
            mean_after=round(mean_after, 1),
            mean_gain=round(mean_after - mean_before, 1),
        )
    takers = _latest_per_pseudonym(by_moment[Moment.TOETS])
    passed = {p for p, r in takers.items() if r.passed} | {
        r.pseudonym for r in by_moment[Moment.TOETS] if r.passed
    }
    taker_count = figures.count(len(takers))
    pass_cells, _total = figures.suppress_line([len(passed), len(takers) - len(passed)])
    anonymous = respondents.value is None or respondents.value == 0
    return {
        "respondents": respondents.value,
        "nulmeting": figures.count(len({r.pseudonym for r in by_moment[Moment.NULMETING]})).value,
        "toets": taker_count.value,
        "knowledge_gain": gain,
        "test_pass_rate": figures.percentage(pass_cells[0], taker_count),
        "evaluation": []
        if anonymous
        else _answer_counts(edition.course.evaluation_version, evaluations),
        "suppressed": anonymous and bool(evaluations),
        "threshold": figures.threshold(),
    }


# -- Het Begint Bij Mij: influence on daily life -------------------------------------------------

GROUPINGS = ("edition", "trainer", "year")


def _group_keys(response: MeasurementResponse, per: str) -> list[tuple[str, str]]:
    edition = response.edition
    if per == "trainer":
        return [(str(t.uuid), t.get_full_name() or t.email) for t in edition.trainers.all()]
    if per == "year":
        year = str(timezone.localtime(response.submitted_at).year)
        return [(year, year)]
    return [(str(edition.uuid), edition.label)]


def influence_figures(course: Course, *, per: str = "edition") -> dict[str, Any]:
    """Answers to "influence on daily life" per edition, trainer or year, with the headline in the
    seed's words ("93% van 100 ouders positief, 61% veel positief") from shown counts only."""
    from .models import MeasurementResponse

    version = course.evaluation_version
    item = version.items.filter(code=INFLUENCE_ITEM).first() if version else None
    if item is None:
        return {"table": None, "headline": None}
    options = [(o.code, o.label) for o in item.options.all()]
    responses = (
        MeasurementResponse.objects.filter(edition__course=course, moment=Moment.EVALUATION)
        .select_related("edition")
        .prefetch_related("edition__trainers")
    )
    groups: dict[str, str] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for response in responses:
        answer = response.answers.get(INFLUENCE_ITEM)
        if answer is None:
            continue
        for key, label in _group_keys(response, per):
            groups.setdefault(key, label)
            counts[answer][key] += 1
    titles = {"edition": _("Uitvoering"), "trainer": _("Trainer"), "year": _("Jaar")}
    table = figures.figure_table(
        key=f"invloed-{per}",
        caption=_("Invloed op het dagelijks leven, per %(per)s")
        % {"per": titles.get(per, titles["edition"]).lower()},
        heading=titles.get(per, titles["edition"]),
        labels=sorted(groups.items(), key=lambda kv: kv[1]),
        columns=[(label, counts[code]) for code, label in options],
        column_totals=per != "trainer",  # two trainers share an edition: rows overlap
        row_totals=True,
        row_total_title=_("Ouders"),
    )
    # The headline counts every response once, whatever the grouping.
    overall = Counter(r.answers.get(INFLUENCE_ITEM) for r in responses)
    cells, total = figures.suppress_line([overall.get(code, 0) for code, _label in options])
    shown = dict(zip([c for c, _l in options], cells, strict=True))
    positive_parts = [shown[c] for c in INFLUENCE_POSITIVE if c in shown]
    positive = (
        figures.Count(sum(p.value for p in positive_parts))  # type: ignore[misc]
        if positive_parts and all(p.value is not None for p in positive_parts)
        else figures.WITHHELD
    )
    much = shown.get(INFLUENCE_MUCH, figures.WITHHELD)
    headline = None
    if total.value:
        headline = {
            "respondents": total.value,
            "positive": figures.percentage(positive, total),
            "much": figures.percentage(much, total),
        }
    return {"table": table, "headline": headline}
