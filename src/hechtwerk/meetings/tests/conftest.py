from __future__ import annotations

import datetime

import pytest

from hechtwerk.meetings import services
from hechtwerk.meetings.models import BuildingBlock, Meeting


@pytest.fixture
def script_library(db) -> None:
    services.ensure_script_library()


@pytest.fixture
def meeting(organiser, script_library) -> Meeting:
    return services.create_meeting(
        actor=organiser.user,
        organisation=organiser.organisation,
        title="Verdiepende bijeenkomst Eerste 1000 dagen",
        date=datetime.date.today() + datetime.timedelta(weeks=10),
        starts_at=datetime.time(13, 0),
        place="Wijkcentrum De Brug",
    )


@pytest.fixture
def blocks(script_library) -> dict[int, BuildingBlock]:
    return {b.script_number: b for b in BuildingBlock.objects.filter(organisation=None)}
