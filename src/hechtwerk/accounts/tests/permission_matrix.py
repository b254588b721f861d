"""Permission-matrix rows for the user's own account pages."""

from __future__ import annotations

import uuid

from hechtwerk.core.tests.matrix import SIGNED_IN, ApiRow, Row, World

URL_NAMES = frozenset(
    {
        "accounts:account",
        "accounts:switch_membership",
        "accounts:create_token",
        "accounts:revoke_token",
        "accounts:mail_log",
    }
)


def rows(world: World) -> dict[str, Row]:
    return {
        "accounts:account": Row.allow(SIGNED_IN),
        # Posting an unknown membership or token is a 404 for everyone signed in.
        "accounts:switch_membership": Row.allow(
            SIGNED_IN, ok=404, method="post", data={"membership": str(uuid.uuid4())}
        ),
        "accounts:create_token": Row.allow(SIGNED_IN, ok=302, method="post", data={"name": ""}),
        "accounts:revoke_token": Row.allow(
            SIGNED_IN, ok=404, method="post", kwargs={"token_uuid": uuid.uuid4()}
        ),
        # Every beheerder sees the mail log of their own organisation only.
        "accounts:mail_log": Row.allow(
            {"platform_administrator", "provider_administrator", "jgz_administrator"}
        ),
    }

API_OPERATIONS = frozenset({("GET", "/api/v1/me")})


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    return {("GET", "/api/v1/me"): ApiRow.allow(SIGNED_IN)}
