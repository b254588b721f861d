from __future__ import annotations

import pytest

from hechtwerk.catalogue.models import Intervention
from hechtwerk.catalogue.services import load_catalogue


@pytest.fixture
def catalogue(db) -> dict[str, Intervention]:
    """The initial catalogue of the seed documents, keyed by slug."""
    load_catalogue()
    return {i.slug: i for i in Intervention.objects.all()}
