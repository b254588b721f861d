"""Fixtures shared by the signalling tests."""

from __future__ import annotations

import pytest

from .factories import signalenlijst_version


@pytest.fixture
def version():
    """A published Signalenlijst version with two parent items per dimension and the risk items."""
    return signalenlijst_version()
