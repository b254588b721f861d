"""Permission-matrix rows for the material library: the foundation's beheerder manages materials
and may always download; a trainer opens the library, but a download needs the library's access
check (licensing's "good standing"), which the matrix trainer (no licence) does not pass: 403,
recorded and logged. Everyone else is refused."""

from __future__ import annotations

import datetime
import io
from typing import Any

from hechtwerk.core.tests.matrix import ApiRow, Row, World
from hechtwerk.materials import services
from hechtwerk.training.constants import CourseKind
from hechtwerk.training.services import DatedSession, SessionPlan, create_course, schedule_edition

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

URL_NAMES = frozenset(
    {
        "materials:library",
        "materials:download",
        "materials:confirm",
        "materials:my_editions",
        "materials:edition_use",
        "materials:manage",
        "materials:material",
        "materials:publish",
    }
)

API_OPERATIONS = frozenset(
    {
        ("GET", "/api/v1/materials"),
        ("GET", "/api/v1/materials/versions/{version_id}/file"),
    }
)

LIBRARY = frozenset({"trainer", "provider_administrator"})
MANAGER = frozenset({"provider_administrator"})


class _RewindingUpload(io.BytesIO):
    """A file the test client reads afresh for every persona's request."""

    name = "matrix.pdf"

    def read(self, size: int | None = -1) -> bytes:
        self.seek(0)
        return super().read(size)


def _version(world: World) -> Any:
    admin = world.personas["provider_administrator"].user
    material = services.create_material(
        actor=admin, organisation=world.foundation, name="Matrix", registration_number="M-1"
    )
    version = services.publish_version(
        actor=admin,
        material=material,
        label="1.0",
        release_date=datetime.date(2025, 1, 1),
        data=PDF,
        original_name="matrix.pdf",
    )
    return material, version


def rows(world: World) -> dict[str, Row]:
    material, version = _version(world)
    trainer = world.personas["trainer"]
    course = create_course(
        actor=None,
        organisation=world.foundation,
        name="Matrixcursus",
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan("Eén", 120)],
    )
    day = datetime.date.today() + datetime.timedelta(days=14)
    edition = schedule_edition(
        actor=None,
        course=course,
        label="Matrix",
        sessions=[DatedSession(day, datetime.time(19, 0), datetime.time(21, 0))],
        trainers=[trainer.user],
    )
    prefix = f"m{material.pk}e{edition.pk}"
    on_version = {"version_uuid": version.uuid}
    return {
        "materials:library": Row.allow(LIBRARY),
        # The trainer has no licence: the access check refuses (and records) the download.
        "materials:download": Row.allow(MANAGER, kwargs=on_version),
        "materials:confirm": Row.allow(LIBRARY, ok=302, method="post", kwargs=on_version),
        "materials:my_editions": Row.allow(LIBRARY),
        "materials:edition_use": Row.allow(
            {"trainer"},
            ok=302,
            method="post",
            kwargs={"edition_uuid": edition.uuid, "material_uuid": material.uuid},
            data={f"{prefix}-version": str(version.uuid)},
            provider_administrator=404,  # not one of the edition's trainers
        ),
        "materials:manage": Row.allow(MANAGER),
        "materials:material": Row.allow(MANAGER, kwargs={"material_uuid": material.uuid}),
        "materials:publish": Row.allow(
            MANAGER,
            ok=302,
            method="post",
            kwargs={"material_uuid": material.uuid},
            data={
                "label": "2.0",
                "release_date": "2025-02-01",
                "release_notes": "",
                "file": _RewindingUpload(PDF),
            },
        ),
    }


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    _material, version = _version(world)
    return {
        ("GET", "/api/v1/materials"): ApiRow.allow(MANAGER),
        ("GET", "/api/v1/materials/versions/{version_id}/file"): ApiRow.allow(
            MANAGER, path_params={"version_id": version.uuid}
        ),
    }
