"""The seed catalogue for tests, loaded once per test module (a pytest plugin, listed in the
root conftest's `pytest_plugins`, so that other apps' tests can ask for it too)."""

from __future__ import annotations

import pytest

from hechtwerk.catalogue.models import Intervention
from hechtwerk.catalogue.services import load_catalogue


@pytest.fixture(scope="module")
def catalogue_seed(module_db) -> None:
    """The seed documents' interventions, themes and matching rules, loaded once per test module
    (~0.3 s) on the module's transaction. A module where some tests read the catalogue without
    asking for it names this fixture in `pytestmark`, so that each test sees the same data
    whatever the order."""
    with module_db.access():
        load_catalogue()


@pytest.fixture
def catalogue(db, catalogue_seed) -> dict[str, Intervention]:
    """The initial catalogue of the seed documents, keyed by slug, read afresh for each test."""
    return {i.slug: i for i in Intervention.objects.all()}
