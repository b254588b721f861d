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
        "accounts:people",
        "accounts:invite",
        "accounts:revoke_invitation",
        "accounts:person",
        "accounts:grant_role",
        "accounts:reset_second_factor",
        "accounts:end_membership",
        "accounts:assign_team",
        "accounts:teams",
        "accounts:rename_team",
        "accounts:accept_invitation",
        "accounts:integrations",
        "accounts:revoke_integration",
    }
)
BEHEERDERS = frozenset({"platform_administrator", "provider_administrator", "jgz_administrator"})


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
        "accounts:mail_log": Row.allow(BEHEERDERS),
        **_people_rows(world),
        # Only a JGZ organisation's beheerder registers systems; an unknown one is a 404.
        "accounts:integrations": Row.allow({"jgz_administrator"}),
        "accounts:revoke_integration": Row.allow(
            {"jgz_administrator"}, ok=404, method="post", kwargs={"client_uuid": uuid.uuid4()}
        ),
    }


def _people_rows(world: World) -> dict[str, Row]:
    """A beheerder manages the people of their own organisation only: the JGZ organisation's
    person, role, invitation and team are a 404 for the platform's and a provider's beheerder."""
    from hechtwerk.accounts.services import create_team, invite_member

    jgz_admin = world.personas["jgz_administrator"].user
    nurse = world.personas["nurse"]
    team = create_team(actor=jgz_admin, organisation=world.jgz, name="Team Noord")
    invitation = invite_member(
        actor=jgz_admin, organisation=world.jgz, email="nieuw@jgz.example", role="jeugdarts"
    )
    not_jgz = {"platform_administrator": 404, "provider_administrator": 404}
    return {
        "accounts:people": Row.allow(BEHEERDERS),
        "accounts:invite": Row.allow(BEHEERDERS),
        "accounts:revoke_invitation": Row.allow(
            {"jgz_administrator"},
            ok=302,
            method="post",
            kwargs={"invitation_uuid": invitation.uuid},
            **not_jgz,
        ),
        "accounts:person": Row.allow(
            {"jgz_administrator"}, kwargs={"user_uuid": nurse.user.uuid}, **not_jgz
        ),
        # An empty form: the page again with the message (400), nothing changed.
        "accounts:grant_role": Row.allow(
            {"jgz_administrator"},
            ok=400,
            method="post",
            kwargs={"user_uuid": nurse.user.uuid},
            **not_jgz,
        ),
        "accounts:reset_second_factor": Row.allow(
            {"jgz_administrator"},
            ok=302,
            method="post",
            kwargs={"user_uuid": nurse.user.uuid},
            **not_jgz,
        ),
        "accounts:end_membership": Row.allow(
            {"jgz_administrator"},
            ok=302,
            method="post",
            kwargs={"membership_uuid": nurse.membership.uuid},
            **not_jgz,
        ),
        "accounts:assign_team": Row.allow(
            {"jgz_administrator"},
            ok=302,
            method="post",
            kwargs={"membership_uuid": nurse.membership.uuid},
            **not_jgz,
        ),
        # Only a JGZ organisation has teams.
        "accounts:teams": Row.allow({"jgz_administrator"}, **not_jgz),
        "accounts:rename_team": Row.allow(
            {"jgz_administrator"},
            ok=302,
            method="post",
            kwargs={"team_uuid": team.uuid},
            **not_jgz,
        ),
        # Public: the link is the key; a guessed token reads as unknown (404) for everyone.
        "accounts:accept_invitation": Row.public(ok=404, kwargs={"token": "x" * 43}),
    }


API_OPERATIONS = frozenset({("GET", "/api/v1/me")})


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    return {("GET", "/api/v1/me"): ApiRow.allow(SIGNED_IN)}
