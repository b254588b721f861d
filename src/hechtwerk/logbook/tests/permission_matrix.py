"""Permission-matrix rows for the access-log viewer.

The viewer needs the capability to read the access log (a log manager) AND a session verified
with a second factor (T1.8). The matrix signs in with `force_login`, which records no second
factor, so the log manager is sent to allauth's re-authentication (302) here; the 200 after a real
two-factor sign-in, and with an MFA record in the session, is asserted in test_logbook.py.
"""

from __future__ import annotations

from hechtwerk.core.tests.matrix import Row, World

URL_NAMES = frozenset({"logbook:events", "logbook:client", "logbook:review", "logbook:employee"})


def rows(world: World) -> dict[str, Row]:
    employee = {"user_uuid": world.personas["nurse"].user.uuid}
    return {
        "logbook:events": Row.allow({"log_manager"}, ok=302),
        "logbook:client": Row.allow({"log_manager"}, ok=302, query="client_ref=DOS-1"),
        "logbook:review": Row.allow({"log_manager"}, ok=302),
        "logbook:employee": Row.allow({"log_manager"}, ok=302, kwargs=employee),
    }
