"""Writes for accounts (every one a typed `verb_noun(*, actor, ...)` raising `AccountError`):

- `memberships`: giving and ending roles, teams, resetting a person's second factor;
- `invitations`: inviting a colleague by e-mail and accepting through a signed link;
- `tokens`: personal API tokens.
"""

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
    "INVITATION_LIFETIME",
    "INVITATION_PURPOSE",
    "TOKEN_PREFIX",
    "Accepted",
    "AccountError",
    "NewToken",
    "accept_invitation",
    "add_membership",
    "assign_team",
    "authenticate_api_token",
    "create_api_token",
    "create_team",
    "end_membership",
    "grant_role",
    "invite_member",
    "invited_account",
    "rename_team",
    "reset_second_factor",
    "revoke_api_token",
    "revoke_invitation",
]
