"""Fixtures for the accounts tests: a clean cache per test and a frozen clock."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache

from .helpers import FROZEN_AT


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth keeps rate limits and used TOTP codes in the cache; user ids are reused between
    tests (rolled-back transactions), so every test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():
    """Time stands still at FROZEN_AT (move it with `frozen.shift(seconds)`)."""
    with time_machine.travel(FROZEN_AT, tick=False) as traveller:
        yield traveller
