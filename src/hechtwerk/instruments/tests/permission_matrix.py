"""Permission-matrix rows for the instrument pages: the beheerder only."""

from __future__ import annotations

from hechtwerk.core.tests.matrix import SIGNED_IN, ApiRow, Row, World
from hechtwerk.instruments.tests.factories import version_with_items

URL_NAMES = frozenset(
    {
        "instruments:index",
        "instruments:import_version",
        "instruments:version_detail",
        "instruments:export_json",
        "instruments:export_fhir",
        "instruments:publish_version",
        "instruments:retire_version",
    }
)

ADMIN = frozenset({"platform_administrator"})


def rows(world: World) -> dict[str, Row]:
    published = version_with_items()
    draft = version_with_items(publish=False)
    on = {"version_uuid": published.uuid}
    return {
        "instruments:index": Row.allow(ADMIN),
        "instruments:import_version": Row.allow(ADMIN),
        "instruments:version_detail": Row.allow(ADMIN, kwargs=on),
        "instruments:export_json": Row.allow(ADMIN, kwargs=on),
        "instruments:export_fhir": Row.allow(ADMIN, kwargs=on),
        "instruments:publish_version": Row.allow(
            ADMIN,
            ok=302,
            method="post",
            kwargs={"version_uuid": draft.uuid},
            data={"confirm": "1"},
        ),
        "instruments:retire_version": Row.allow(ADMIN, ok=302, method="post", kwargs=on),
    }


API_OPERATIONS = frozenset(
    {
        ("GET", "/api/v1/instruments/versions"),
        ("GET", "/api/v1/instruments/versions/{version_id}"),
        ("GET", "/api/v1/instruments/versions/{version_id}/questionnaire"),
    }
)

# The item texts are licensed material: only for those who use the instruments (JGZ nurses and
# doctors, of any JGZ organisation) and the platform's beheerder who manages them.
ITEM_READERS = frozenset({"nurse", "doctor", "outsider", "platform_administrator"})


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    published = version_with_items()
    return {
        ("GET", "/api/v1/instruments/versions"): ApiRow.allow(SIGNED_IN),
        ("GET", "/api/v1/instruments/versions/{version_id}"): ApiRow.allow(
            ITEM_READERS, path_params={"version_id": published.uuid}
        ),
        ("GET", "/api/v1/instruments/versions/{version_id}/questionnaire"): ApiRow.allow(
            ITEM_READERS, path_params={"version_id": published.uuid}
        ),
    }
