"""Permission-matrix rows for licensing: the trainer's own licence pages (SEE_OWN_LICENCE), the
foundation beheerder's compliance overview and export (MANAGE_LICENCES), and the public
register. The matrix trainer holds no licence and no Masterclass certificate: starting is
answered with a message (302), cancelling and submitting a report of an edition that has not
ended are refused with a message at the form (400)."""

from __future__ import annotations

import datetime

from hechtwerk.core.tests.matrix import ApiRow, Row, World
from hechtwerk.licensing.constants import PeriodKind
from hechtwerk.licensing.models import Period
from hechtwerk.training.constants import CourseKind
from hechtwerk.training.services import DatedSession, SessionPlan, create_course, schedule_edition

URL_NAMES = frozenset(
    {
        "licensing:mine",
        "licensing:start",
        "licensing:cancel",
        "licensing:submit_report",
        "licensing:listing",
        "licensing:register",
        "licensing:compliance",
        "licensing:compliance_export",
    }
)

API_OPERATIONS = frozenset(
    {
        ("GET", "/api/v1/licences/mine"),
        ("GET", "/api/v1/licences/trainers/{trainer_id}"),
        ("GET", "/api/v1/licences/register"),
    }
)

TRAINER = frozenset({"trainer"})
FOUNDATION = frozenset({"provider_administrator"})


def rows(world: World) -> dict[str, Row]:
    trainer = world.personas["trainer"]
    course = create_course(
        actor=None,
        organisation=world.foundation,
        name="Matrix Basistraining",
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan("Eén", 120)],
    )
    edition = schedule_edition(
        actor=None,
        course=course,
        label="Matrix",
        sessions=[
            DatedSession(
                datetime.date.today() + datetime.timedelta(days=14),
                datetime.time(19, 0),
                datetime.time(21, 0),
            )
        ],
        trainers=[trainer.user],
    )
    return {
        "licensing:mine": Row.allow(TRAINER),
        "licensing:start": Row.allow(TRAINER, ok=302, method="post"),
        "licensing:cancel": Row.allow(TRAINER, ok=400, method="post", data={"reason": ""}),
        "licensing:submit_report": Row.allow(
            TRAINER, ok=400, method="post", kwargs={"edition_uuid": edition.uuid}
        ),
        "licensing:listing": Row.allow(TRAINER, ok=302, method="post", data={"region": "Limburg"}),
        "licensing:register": Row.public(),
        "licensing:compliance": Row.allow(FOUNDATION),
        "licensing:compliance_export": Row.allow(FOUNDATION, kwargs={"fmt": "csv"}),
    }


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    trainer = world.personas["trainer"].user
    today = datetime.date.today()
    Period.objects.create(
        organisation=world.foundation,
        trainer=trainer,
        kind=PeriodKind.LICENCE,
        start=today,
        end=today.replace(year=today.year + 1) - datetime.timedelta(days=1)
        if not (today.month == 2 and today.day == 29)
        else datetime.date(today.year + 1, 2, 27),
    )
    return {
        ("GET", "/api/v1/licences/mine"): ApiRow.allow(TRAINER),
        ("GET", "/api/v1/licences/trainers/{trainer_id}"): ApiRow.allow(
            FOUNDATION, path_params={"trainer_id": trainer.uuid}
        ),
        ("GET", "/api/v1/licences/register"): ApiRow.public(),
    }
