"""Writes for accounts (every one a typed `verb_noun(*, actor, ...)` raising `AccountError`):

- `memberships`: giving and ending roles, teams, resetting a person's second factor;
- `invitations`: inviting a colleague by e-mail and accepting through a signed link;
- `tokens`: personal API tokens;
- `integrations`: systems of a JGZ organisation calling the API on a professional's behalf.
"""

from .integrations import (
    CLIENT_TOKEN_PREFIX,
    ON_BEHALF_OF_HEADER,
    NewClientKey,
    authenticate_integration_client,
    on_behalf_of,
    register_integration_client,
    revoke_integration_client,
)
from .invitations import (
    INVITATION_LIFETIME,
    INVITATION_PURPOSE,
    Accepted,
    accept_invitation,
    invite_member,
    invited_account,
    revoke_invitation,
)
from .memberships import (
    AccountError,
    add_membership,
    assign_team,
    create_team,
    end_membership,
    grant_role,
    rename_team,
    reset_second_factor,
)
from .tokens import (
    TOKEN_PREFIX,
    NewToken,
    authenticate_api_token,
    create_api_token,
    revoke_api_token,
)

__all__ = [
    "CLIENT_TOKEN_PREFIX",
    "INVITATION_LIFETIME",
    "INVITATION_PURPOSE",
    "ON_BEHALF_OF_HEADER",
    "TOKEN_PREFIX",
    "Accepted",
    "AccountError",
    "NewClientKey",
    "NewToken",
    "accept_invitation",
    "add_membership",
    "assign_team",
    "authenticate_api_token",
    "authenticate_integration_client",
    "create_api_token",
    "create_team",
    "end_membership",
    "grant_role",
    "invite_member",
    "invited_account",
    "on_behalf_of",
    "register_integration_client",
    "rename_team",
    "reset_second_factor",
    "revoke_api_token",
    "revoke_integration_client",
    "revoke_invitation",
]
