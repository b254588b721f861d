"""The training rules, each against the source it comes from (domain.md §6, seeds 000–004)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hechtwerk.training import rules
from hechtwerk.training.constants import CertificateStanding, EditionStatus
from hechtwerk.training.rules import (
    CompletionFacts,
    CompletionRule,
    InLine,
    Requirement,
    check_prerequisites,
    edition_status,
    evaluate_completion,
)

UTC = datetime.UTC
NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BASIS = Requirement(
    course_id=1, name="Basistraining Focus op Hechting", accepted_course_ids=frozenset({1, 7})
)


def test_it_refuses_the_masterclass_without_a_basistraining_certificate():
    """Seed 000: participants of the Masterclass have followed the Basistraining themselves."""
    result = check_prerequisites(requirements=[BASIS], held_course_ids={3})
    assert not result.allowed
    assert result.missing == ("Basistraining Focus op Hechting",)


def test_it_accepts_a_certificate_of_an_equivalent_course():
    result = check_prerequisites(requirements=[BASIS], held_course_ids={7})
    assert result.allowed
    assert not result.overridden


def test_it_allows_an_override_only_with_a_reason():
    assert not check_prerequisites(
        requirements=[BASIS], held_course_ids=(), override_reason="  "
    ).allowed
    result = check_prerequisites(
        requirements=[BASIS],
        held_course_ids=(),
        override_reason="Gelijkwaardige opleiding in België",
    )
    assert result.allowed
    assert result.overridden
    assert result.missing == (BASIS.name,)


def test_it_offers_freed_seats_first_come_first_served():
    early = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    waiting = [
        InLine(enrolment_id=5, waiting_since=early + datetime.timedelta(hours=2)),
        InLine(enrolment_id=9, waiting_since=early),
        InLine(enrolment_id=3, waiting_since=early),
    ]
    assert rules.promotion_order(waiting) == [3, 9, 5]
    assert rules.offers_to_make(free=1, waiting=waiting) == [3]
    assert rules.offers_to_make(free=0, waiting=waiting) == []


def test_it_holds_an_offer_until_its_deadline_and_not_after():
    deadline = rules.offer_deadline(offered_at=NOW, hours=48)
    assert deadline == NOW + datetime.timedelta(days=2)
    assert rules.offer_live(expires_at=deadline, now=deadline - datetime.timedelta(seconds=1))
    assert not rules.offer_live(expires_at=deadline, now=deadline)


def test_it_never_counts_negative_seats():
    assert rules.seats_free(capacity=8, taken=8) == 0
    assert rules.seats_free(capacity=8, taken=10) == 0
    assert rules.seats_free(capacity=8, taken=5) == 3


def _status(**overrides):
    facts = {
        "now": NOW,
        "cancelled_at": None,
        "published_at": NOW - datetime.timedelta(days=10),
        "first_start": NOW + datetime.timedelta(days=10),
        "last_end": NOW + datetime.timedelta(days=20),
        "seats_taken": 3,
        "capacity": 8,
    }
    facts.update(overrides)
    return edition_status(**facts)


def test_it_derives_the_edition_status_from_its_facts():
    assert _status() == EditionStatus.OPEN
    assert _status(published_at=None) == EditionStatus.PLANNED
    assert _status(seats_taken=8) == EditionStatus.FULL
    assert _status(first_start=NOW) == EditionStatus.RUNNING
    assert (
        _status(first_start=NOW - datetime.timedelta(days=3), last_end=NOW)
        == EditionStatus.COMPLETED
    )
    assert _status(cancelled_at=NOW - datetime.timedelta(days=1)) == EditionStatus.CANCELLED
    assert _status(first_start=None, last_end=None) == EditionStatus.PLANNED


def test_it_completes_when_attendance_reaches_the_threshold():
    rule = CompletionRule(attendance_threshold=80, test_required=False, evaluation_required=False)
    # Cursus hechting (seed 002): five meetings of 150 net minutes; four attended is 80%.
    done = evaluate_completion(rule, CompletionFacts(750, 600, False, False))
    assert done.complete
    assert done.attendance_percent == Decimal("80.0")
    short = evaluate_completion(rule, CompletionFacts(750, 450, False, False))
    assert not short.complete
    assert short.unmet == ("attendance",)


def test_it_asks_for_test_and_evaluation_where_the_course_does():
    """Seed 000: a test and an evaluation afterwards."""
    rule = CompletionRule(attendance_threshold=100, test_required=True, evaluation_required=True)
    result = evaluate_completion(rule, CompletionFacts(840, 840, False, False))
    assert result.unmet == ("test", "evaluation")
    assert evaluate_completion(rule, CompletionFacts(840, 840, True, True)).complete


def test_it_never_completes_a_course_without_planned_time():
    rule = CompletionRule(attendance_threshold=0, test_required=False, evaluation_required=False)
    assert not evaluate_completion(rule, CompletionFacts(0, 0, True, True)).complete


def test_it_counts_hours_attended_for_accreditation():
    # Two Masterclass days 11:00–18:00 (seed 000) of 420 minutes each; one of 2.5 h (seed 002).
    assert rules.hours_attended([420, 420]) == Decimal("14.00")
    assert rules.hours_attended([150]) == Decimal("2.50")
    assert rules.hours_attended([]) == Decimal("0.00")


def test_it_dates_the_absg_report_six_weeks_after_the_last_session():
    assert rules.absg_report_due(datetime.date(2026, 11, 7)) == datetime.date(2026, 12, 19)


def test_it_answers_valid_expired_or_revoked():
    today = datetime.date(2027, 1, 1)
    assert (
        rules.certificate_standing(revoked_at=None, valid_until=None, today=today)
        == CertificateStanding.VALID
    )
    assert (
        rules.certificate_standing(
            revoked_at=None, valid_until=datetime.date(2026, 12, 31), today=today
        )
        == CertificateStanding.EXPIRED
    )
    assert (
        rules.certificate_standing(revoked_at=NOW, valid_until=None, today=today)
        == CertificateStanding.REVOKED
    )


def test_it_ends_a_certificate_on_the_day_before_its_anniversary():
    assert rules.certificate_valid_until(datetime.date(2026, 1, 31), 1) == datetime.date(
        2026, 2, 27
    )
    assert rules.certificate_valid_until(datetime.date(2026, 3, 15), 12) == datetime.date(
        2027, 3, 14
    )
    assert rules.certificate_valid_until(datetime.date(2026, 3, 15), None) is None


def test_it_flags_an_edition_below_its_minimum():
    assert rules.below_minimum(enrolled=5, minimum=6)
    assert not rules.below_minimum(enrolled=6, minimum=6)
