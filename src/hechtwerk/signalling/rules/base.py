"""Shared pieces of the signalling rules: the rules version and the configurable policy."""

from __future__ import annotations

from dataclasses import dataclass, fields

# Stored with every derived result so that a later change of the rules never rewrites history.
RULES_VERSION = "signalering-2026.1"


@dataclass(frozen=True)
class Policy:
    """Configurable defaults of the method (domain.md §2–§3); stored in a database row."""

    # domain.md §2: when several (≥ 2) parent items are not yet positive, discuss the signals.
    discuss_threshold: int = 2
    # domain.md §3, Informatiekaart criterion 4: three or more stress factors.
    stress_factor_threshold: int = 3
    # domain.md §2: Signalenlijst at every consult in the first half year (age ≤ 183 days) ...
    first_half_year_days: int = 183
    # ... and allowed up to 12 months (age ≤ 365 days).
    signalenlijst_max_age_days: int = 365
    # domain.md §3: an accumulation of ≥ 3 non-urgent risk factors without strong protection.
    accumulation_threshold: int = 3
    # Worklist: a contact moment is "due" from its age minus this many days ...
    due_soon_days: int = 7
    # ... and "overdue" from this many days after its age.
    overdue_after_days: int = 14
    # Worklist: a referral is "without follow-up" only this many days after it was made (or
    # after the parents were noted on a waiting list): help rarely starts within six weeks.
    referral_follow_up_days: int = 42

    def __post_init__(self) -> None:
        # A nonsensical policy (a threshold of 0, a half year longer than the allowed window)
        # would silently change every advice; refuse it where it is made.
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"Policy.{field.name} must be an int, got {value!r}")
        for name in ("discuss_threshold", "stress_factor_threshold", "accumulation_threshold"):
            if getattr(self, name) < 1:
                raise ValueError(f"Policy.{name} must be at least 1")
        for name in (
            "first_half_year_days",
            "due_soon_days",
            "overdue_after_days",
            "referral_follow_up_days",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"Policy.{name} must not be negative")
        if self.signalenlijst_max_age_days < self.first_half_year_days:
            raise ValueError(
                "Policy.signalenlijst_max_age_days must not be smaller than first_half_year_days"
            )


DEFAULT_POLICY = Policy()


def join_codes(codes: tuple[str, ...] | list[str]) -> str:
    """Item or factor codes as one readable enumeration."""
    return ", ".join(codes)
