"""The meeting script's rules (seed 004, Draaiboek Kansrijke Start; domain.md §7)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from hechtwerk.meetings.rules import (
    Block,
    Bounds,
    Person,
    finalise_refusal,
    invitation_lead_warning,
    participant_count_warning,
    preparation_timeline,
    profession_mix,
    program_time,
    promote_from_waiting_list,
    task_is_late,
)

# The seven building blocks with the script's default minutes (seed 004 §4): 15, 10–15 (15
# taken), 20, 50, 45, 45, 15 = 205 minutes, well over the two hours.
SCRIPT_BLOCKS = [
    Block("Inloop", 15),
    Block("Welkom", 15),
    Block("Kennismaking", 20),
    Block("Kwetsbaarheid", 50),
    Block("Samenwerking", 45),
    Block("Communicatie", 45),
    Block("Afsluiting", 15),
]


def test_it_adds_up_the_script_blocks_to_more_than_two_hours():
    """Seed 004 §4: the default durations add up to more than the 2-hour limit."""
    program = program_time(SCRIPT_BLOCKS, starts_at=time(13, 0))
    assert program.total_minutes == 205
    assert program.limit_minutes == 120
    assert program.minutes_left == -85
    assert program.over_limit


def test_it_gives_each_block_its_start_time_from_the_meeting_start():
    program = program_time(SCRIPT_BLOCKS[:3], starts_at=time(13, 30))
    assert [i.starts_at for i in program.items] == [time(13, 30), time(13, 45), time(14, 0)]
    assert program.ends_at == time(14, 20)
    assert program.minutes_left == 70


def test_it_uses_a_coalition_limit_instead_of_two_hours():
    program = program_time(SCRIPT_BLOCKS[:4], starts_at=time(9, 0), limit_minutes=150)
    assert program.total_minutes == 100
    assert program.minutes_left == 50


def test_it_refuses_to_finalise_a_program_over_the_limit_with_a_dutch_message():
    """Seed 004 §3 stap 2: the meeting lasts at most 2 hours."""
    message = finalise_refusal(program_time(SCRIPT_BLOCKS, starts_at=time(13, 0)))
    assert message is not None
    assert "205 minuten" in message
    assert "85 minuten langer" in message
    assert "120 minuten" in message


def test_it_finalises_a_program_of_exactly_two_hours():
    blocks = [Block("Inloop", 15), Block("Kwetsbaarheid", 50), Block("Samenwerking", 45)]
    blocks.append(Block("Afsluiting", 10))
    assert finalise_refusal(program_time(blocks, starts_at=time(13, 0))) is None


def test_it_refuses_to_finalise_an_empty_program():
    assert "leeg" in (finalise_refusal(program_time([], starts_at=time(13, 0))) or "")


def test_it_warns_when_invitations_go_out_less_than_six_weeks_ahead():
    """Seed 004 §3 stap 2: invite at least 6 weeks ahead."""
    meeting = date(2026, 10, 1)
    assert (
        invitation_lead_warning(meeting_date=meeting, sent_on=meeting - timedelta(weeks=6)) is None
    )
    warning = invitation_lead_warning(meeting_date=meeting, sent_on=meeting - timedelta(days=41))
    assert warning is not None
    assert "41 dagen" in warning.message


@pytest.mark.parametrize(
    ("accepted", "code"),
    [
        (0, "few_participants"),
        (11, "few_participants"),
        (12, None),
        (20, None),
        (21, "many_participants"),
    ],
)
def test_it_warns_outside_twelve_to_twenty_accepted(accepted, code):
    """Seed 004 §3 stap 2: preferably between 12 and 20 participants."""
    warning = participant_count_warning(accepted)
    assert (warning.code if warning else None) == code


def _people(*professions: str) -> list[Person]:
    domains = {"verloskundige": "medisch", "jgz": "medisch", "wijkteam": "sociaal"}
    return [
        Person(f"p{i}", prof, domains.get(prof, "informeel")) for i, prof in enumerate(professions)
    ]


def test_it_counts_the_mix_per_profession_and_domain_against_bounds():
    """Seed 004 §3 stap 2: a broad mix from the medical, social and informal domains."""
    people = _people("verloskundige", "verloskundige", "verloskundige", "wijkteam")
    report = profession_mix(
        people, {"verloskundige": Bounds(maximum=2), "buurtgezin": Bounds(minimum=1)}
    )
    assert report.by_profession == {"verloskundige": 3, "wijkteam": 1}
    assert report.by_domain == {"medisch": 3, "sociaal": 1}
    assert report.above_maximum == ("verloskundige",)
    assert report.below_minimum == ("buurtgezin",)
    assert not report.within_bounds


def test_it_refuses_a_minimum_above_the_maximum():
    with pytest.raises(ValueError, match="minimum"):
        Bounds(minimum=3, maximum=2)


def test_it_promotes_from_the_waiting_list_keeping_the_mix_within_bounds():
    accepted = _people("verloskundige", "verloskundige")
    waiting = [
        Person("w1", "verloskundige", "medisch"),
        Person("w2", "wijkteam", "sociaal"),
        Person("w3", "buurtgezin", "informeel"),
        Person("w4", "jgz", "medisch"),
    ]
    result = promote_from_waiting_list(
        accepted=accepted,
        waiting=waiting,
        bounds={"verloskundige": Bounds(maximum=2), "buurtgezin": Bounds(minimum=1)},
        capacity=4,
    )
    # The third midwife would pass the maximum; the informal domain is short, so it goes first.
    assert result.promoted == ("w3", "w2")
    assert "w1" in result.skipped_full
    report = profession_mix(
        accepted + [p for p in waiting if p.key in result.promoted],
        {"verloskundige": Bounds(maximum=2), "buurtgezin": Bounds(minimum=1)},
    )
    assert report.within_bounds


def test_it_promotes_in_waiting_list_order_without_bounds():
    waiting = [Person("w1", "jgz", "medisch"), Person("w2", "jgz", "medisch")]
    result = promote_from_waiting_list(accepted=[], waiting=waiting, bounds={}, capacity=1)
    assert result.promoted == ("w1",)


def test_it_counts_the_preparation_back_from_the_meeting_and_shows_what_is_late():
    """Seed 004 §3: learning goals, invitations (≥ 6 weeks ahead), practicalities."""
    meeting = date(2026, 10, 1)
    steps = preparation_timeline(
        meeting_date=meeting, today=date(2026, 8, 25), done={"learning_goals"}
    )
    by_key = {s.key: s for s in steps}
    assert by_key["invitations"].due == date(2026, 8, 20)
    assert by_key["invitations"].late
    assert not by_key["learning_goals"].late  # done, even though its date has passed
    assert by_key["learning_goals"].due == date(2026, 8, 6)
    assert not by_key["practicalities"].late
    assert [s.key for s in steps] == ["learning_goals", "invitations", "practicalities"]


def test_it_marks_an_open_task_late_only_after_its_due_date():
    assert not task_is_late(due=date(2026, 5, 1), done=False, today=date(2026, 5, 1))
    assert task_is_late(due=date(2026, 5, 1), done=False, today=date(2026, 5, 2))
    assert not task_is_late(due=date(2026, 5, 1), done=True, today=date(2026, 6, 1))
