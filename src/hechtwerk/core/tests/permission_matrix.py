"""Permission-matrix rows for core's URLs.

The access-log viewer needs the log manager role AND a session verified with a second factor
(T1.8). The matrix signs in with `force_login`, which records no second factor, so the log manager
is sent to allauth's re-authentication (302) here; the 200 after a real two-factor sign-in, and
with an MFA record in the session, is asserted in core/tests/test_logbook.py.
"""

from __future__ import annotations

from hechtwerk.core.tests.matrix import ApiRow, Row, World

LOGBOOK = ("core:logbook", "core:logbook_client", "core:logbook_review", "core:logbook_employee")

URL_NAMES = frozenset(
    {"core:home", "core:privacy", "core:accessibility", "security_txt", "favicon", *LOGBOOK}
)


def rows(world: World) -> dict[str, Row]:
    employee = {"user_uuid": world.personas["nurse"].user.uuid}
    return {
        "core:home": Row.public(),
        "core:privacy": Row.public(),
        "core:accessibility": Row.public(),
        "security_txt": Row.public(),
        "favicon": Row.public(ok=301),
        "core:logbook": Row.allow({"log_manager"}, ok=302),
        "core:logbook_client": Row.allow({"log_manager"}, ok=302, query="client_ref=DOS-1"),
        "core:logbook_review": Row.allow({"log_manager"}, ok=302),
        "core:logbook_employee": Row.allow({"log_manager"}, ok=302, kwargs=employee),
    }

# The API root (config/api.py) says where the documentation is, to anyone.
API_OPERATIONS = frozenset({("GET", "/api/v1/")})


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    return {("GET", "/api/v1/"): ApiRow.public()}
