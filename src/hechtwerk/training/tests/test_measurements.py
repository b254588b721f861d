"""Measurements through instruments: nulmeting, toets and evaluation, linked by a pseudonym
(T4.7 for the small-number rule), knowledge gain, the toets feeding the completion rule, and Het
Begint Bij Mij's influence figures against a hand-counted fixture (seed 001)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hechtwerk.instruments.constants import InstrumentKind, ItemKind
from hechtwerk.instruments.services import (
    add_item,
    create_instrument,
    create_version,
    publish_version,
)
from hechtwerk.training.constants import EnrolmentStatus, Moment
from hechtwerk.training.measurements import (
    edition_evaluation_summary,
    influence_figures,
    nulmeting_done_before_start,
    pseudonym,
    tasks_of,
)
from hechtwerk.training.models import Attendance, Certificate, Enrolment, MeasurementResponse
from hechtwerk.training.services import TrainingError
from hechtwerk.training.services.measurements import submit_measurement

from .conftest import make_edition
from .factories import in_the_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_trainer(make_persona, foundation):
    from hechtwerk.accounts.constants import Role

    return make_persona(Role.TRAINER, foundation, email="tara@stichting.example")


def _version(code: str, kind: str, items, pass_mark=None):
    instrument = create_instrument(actor=None, code=code, name=code, kind=kind)
    version = create_version(actor=None, instrument=instrument, version="1", pass_mark=pass_mark)
    for item_code, options in items:
        add_item(
            actor=None,
            version=version,
            code=item_code,
            text=f"Vraag {item_code}",
            kind=ItemKind.CHOICE,
            options=options,
        )
    return publish_version(actor=None, version=version)


KNOWLEDGE = [(f"k{i}", [("goed", "Goed", 1), ("fout", "Fout", 0)]) for i in range(4)]
INFLUENCE = [
    (
        "invloed-dagelijks-leven",
        [("geen", "Geen invloed"), ("enige", "Enige positieve invloed"), ("veel", "Veel")],
    )
]


@pytest.fixture
def measured_course(course):
    course.nulmeting_version = _version("kennis-voor", InstrumentKind.TEST, KNOWLEDGE)
    course.test_version = _version("kennis-na", InstrumentKind.TEST, KNOWLEDGE, pass_mark=3)
    course.evaluation_version = _version("evaluatie-hbbm", InstrumentKind.EVALUATION, INFLUENCE)
    course.test_required = True
    course.group_max = 20
    course.save()
    return course


def _enrolled(edition, n: int) -> list[Enrolment]:
    return [
        Enrolment.objects.create(
            edition=edition,
            alias=f"Ouder {i}",
            contact_email=f"ouder{i}@example.org",
            status=EnrolmentStatus.ENROLLED,
            enrolled_at=timezone.now(),
        )
        for i in range(n)
    ]


def _answers(right: int) -> dict[str, str]:
    return {f"k{i}": "goed" if i < right else "fout" for i in range(4)}


def _to_last_session(edition):
    """Move the edition so that its last session has started (today, an hour ago at most)."""
    in_the_past(edition, days=edition.sessions.count())
    return edition


def test_it_links_before_and_after_without_naming_the_participant(measured_course, trainer):
    edition = make_edition(measured_course, trainer, max_participants=20, min_participants=1)
    people = _enrolled(edition, 5)
    for person in people:
        submit_measurement(
            actor=None, enrolment=person, moment=Moment.NULMETING, answers=_answers(1)
        )
    _to_last_session(edition)
    for person in people:
        submit_measurement(actor=None, enrolment=person, moment=Moment.TOETS, answers=_answers(3))
    stored = MeasurementResponse.objects.filter(edition=edition)
    assert {f.name for f in MeasurementResponse._meta.get_fields()}.isdisjoint({"enrolment"})
    codes = {r.pseudonym for r in stored}
    assert len(codes) == 5
    assert all(str(p.uuid) not in code for p in people for code in codes)
    assert pseudonym(people[0]) in codes
    summary = edition_evaluation_summary(edition)
    assert summary["knowledge_gain"] == {
        "pairs": 5,
        "mean_before": 1.0,
        "mean_after": 3.0,
        "mean_gain": 2.0,
    }
    assert summary["test_pass_rate"] == 100


def test_it_withholds_gain_and_evaluation_answers_under_five(measured_course, trainer):
    edition = make_edition(measured_course, trainer, max_participants=20, min_participants=1)
    people = _enrolled(edition, 4)
    for person in people:
        submit_measurement(
            actor=None, enrolment=person, moment=Moment.NULMETING, answers=_answers(0)
        )
    _to_last_session(edition)
    for person in people:
        submit_measurement(actor=None, enrolment=person, moment=Moment.TOETS, answers=_answers(4))
        submit_measurement(
            actor=None,
            enrolment=person,
            moment=Moment.EVALUATION,
            answers={"invloed-dagelijks-leven": "veel"},
        )
    summary = edition_evaluation_summary(edition)
    assert summary["respondents"] is None
    assert summary["knowledge_gain"]["mean_gain"] is None
    assert summary["evaluation"] == []
    assert summary["suppressed"] is True


def test_it_refuses_a_nulmeting_after_the_start_and_a_second_evaluation(measured_course, trainer):
    edition = _to_last_session(
        make_edition(measured_course, trainer, max_participants=20, min_participants=1)
    )
    (person,) = _enrolled(edition, 1)
    with pytest.raises(TrainingError, match="vóór de eerste bijeenkomst"):
        submit_measurement(
            actor=None, enrolment=person, moment=Moment.NULMETING, answers=_answers(1)
        )
    answer = {"invloed-dagelijks-leven": "enige"}
    submit_measurement(actor=None, enrolment=person, moment=Moment.EVALUATION, answers=answer)
    with pytest.raises(TrainingError, match="al ingevuld"):
        submit_measurement(actor=None, enrolment=person, moment=Moment.EVALUATION, answers=answer)
    with pytest.raises(TrainingError, match="Beantwoord nog"):
        submit_measurement(actor=None, enrolment=person, moment=Moment.TOETS, answers={})


def test_it_issues_the_certificate_when_the_toets_is_passed(measured_course, trainer):
    edition = _to_last_session(
        make_edition(measured_course, trainer, max_participants=20, min_participants=1)
    )
    (person,) = _enrolled(edition, 1)
    for session in edition.sessions.all():
        Attendance.objects.create(
            enrolment=person, session=session, present=True, minutes=session.net_minutes
        )
    submit_measurement(actor=None, enrolment=person, moment=Moment.TOETS, answers=_answers(2))
    assert not Certificate.objects.filter(enrolment=person).exists()
    assert [t.done for t in tasks_of(person) if t.moment == Moment.TOETS] == [False]
    submit_measurement(actor=None, enrolment=person, moment=Moment.TOETS, answers=_answers(3))
    assert Certificate.objects.filter(enrolment=person, revoked_at__isnull=True).exists()
    assert [t.done for t in tasks_of(person) if t.moment == Moment.TOETS] == [True]


def test_it_knows_whether_the_nulmeting_was_done_before_the_start(measured_course, trainer):
    edition = make_edition(measured_course, trainer, max_participants=20, min_participants=1)
    assert nulmeting_done_before_start(edition) is False
    (person,) = _enrolled(edition, 1)
    submit_measurement(actor=None, enrolment=person, moment=Moment.NULMETING, answers=_answers(2))
    assert nulmeting_done_before_start(edition) is True


def test_it_reads_het_begint_bij_mij_figures_like_the_seed(
    measured_course, trainer, second_trainer
):
    """Hand-counted: 100 parents in 4 editions; none 7, some 32, much 61 → 93% positive, 61%
    much positive. Edition A (trainer 1): 2/8/15; B (trainer 1): 1/9/15; C (trainer 2): 2/7/16;
    D (trainer 2): 2/8/15."""
    plan = {"A": (2, 8, 15), "B": (1, 9, 15), "C": (2, 7, 16), "D": (2, 8, 15)}
    version = measured_course.evaluation_version
    for label, (none, some, much) in plan.items():
        who = trainer if label in "AB" else second_trainer
        edition = make_edition(measured_course, who, max_participants=20, min_participants=1)
        edition.label = label
        edition.save()
        answers = ["geen"] * none + ["enige"] * some + ["veel"] * much
        MeasurementResponse.objects.bulk_create(
            MeasurementResponse(
                edition=edition,
                moment=Moment.EVALUATION,
                instrument_version=version,
                pseudonym=f"{label}{i}",
                answers={"invloed-dagelijks-leven": code},
                submitted_at=timezone.now() - datetime.timedelta(days=1),
            )
            for i, code in enumerate(answers)
        )
    per_edition = influence_figures(measured_course, per="edition")
    assert per_edition["headline"] == {"respondents": 100, "positive": 93, "much": 61}
    rows = {row.label: [c.value for c in row.counts] for row in per_edition["table"].rows}
    # Every "geen" cell (1 or 2 parents) is withheld, and complementary cells with them so that
    # none can be worked out from the totals; what is shown is the hand count.
    for label, counted in plan.items():
        assert rows[label][0] is None
        assert all(v in (None, n) for v, n in zip(rows[label], counted, strict=True))
    assert {row.label: row.total.value for row in per_edition["table"].rows} == dict.fromkeys(
        plan, 25
    )
    # The "geen" column holds only small cells, so its total is withheld too (and 32 with it);
    # the headline counts all 100 at once, where nothing is small.
    assert [c.value for c in per_edition["table"].totals] == [None, None, 61]
    per_trainer = influence_figures(measured_course, per="trainer")
    totals = {row.label: row.total.value for row in per_trainer["table"].rows}
    assert sorted(totals.values()) == [50, 50]
    per_year = influence_figures(measured_course, per="year")
    assert [row.total.value for row in per_year["table"].rows] == [100]
