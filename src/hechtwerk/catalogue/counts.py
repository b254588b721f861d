"""Referral counts per intervention, published by the app that owns the referrals.

The catalogue shows how often an intervention was referred to, but it does not own referrals and
imports nothing from the app that does: that app registers a counter here (signalling does so in
its `AppConfig.ready`). Without a counter the catalogue says that referrals are not tracked yet.
The counts arrive per organisation and unsuppressed; `rules.tally_referrals` suppresses them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class OrganisationReferrals:
    """Referrals naming one intervention, for one organisation (no child in sight)."""

    organisation_id: Hashable
    organisation_name: str
    referred: int
    started: int  # help started (or already completed)
    completed: int


# Given an intervention's primary key: one row per organisation that referred to it.
ReferralCounter = Callable[[int], Sequence[OrganisationReferrals]]

_counter: list[ReferralCounter] = []


def register_referral_counter(counter: ReferralCounter) -> None:
    """Make `counter` the source of the catalogue's referral counts (one source; registering
    again replaces it, so a reloaded app does not count twice)."""
    _counter[:] = [counter]


def unregister_referral_counter() -> None:
    """Forget the registered counter (tests)."""
    _counter.clear()


def referral_counter() -> ReferralCounter | None:
    return _counter[0] if _counter else None
