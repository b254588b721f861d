"""Writes of the training capability, one module per part of it; import them from here.

- `base`: courses, editions, seats, the waiting list, attendance and certificates;
- `courses`: the beheerder's course and edition forms (create, edit, schedule);
- `intake`: intake questions answered at enrolment and the trainer's decision;
- `parents`: enrolment by signed link without an account, and the parent's own place link;
- `reminders`: the periodic mails (reminder, evaluation request) and the waiting list's moves;
- `support_groups`: Het Begint Bij Mij's support group after the last meeting.
"""

from .base import (
    CODE_ALPHABET,
    DatedSession,
    SeatTakenError,
    SessionPlan,
    TrainingError,
    accept_offer,
    add_equivalence,
    advance_waiting_list,
    cancel_edition,
    completion_of,
    create_course,
    edition_status,
    enrol,
    held_course_ids,
    issue_certificate,
    issue_certificate_if_complete,
    join_waiting_list,
    new_verification_code,
    normalise_code,
    record_attendance,
    record_evaluation_submitted,
    record_test_result,
    release_seat,
    requirements_of,
    revoke_certificate,
    schedule_edition,
)

__all__ = [
    "CODE_ALPHABET",
    "DatedSession",
    "SeatTakenError",
    "SessionPlan",
    "TrainingError",
    "accept_offer",
    "add_equivalence",
    "advance_waiting_list",
    "cancel_edition",
    "completion_of",
    "create_course",
    "edition_status",
    "enrol",
    "held_course_ids",
    "issue_certificate",
    "issue_certificate_if_complete",
    "join_waiting_list",
    "new_verification_code",
    "normalise_code",
    "record_attendance",
    "record_evaluation_submitted",
    "record_test_result",
    "release_seat",
    "requirements_of",
    "revoke_certificate",
    "schedule_edition",
]
