"""Who may open the material library, asked of whoever registered a check.

Licensing (same layer; materials may not import it) registers "trainer in good standing" with
`register_library_access_check(fn)`. A check is `fn(user, organisation, on=date)` returning
`(allowed, reason)`; the reason is Dutch and shown to the user when the answer is no.

The owner organisation's beheerder (MANAGE_MATERIALS) always has access: they publish the
material. Everyone else needs every registered check to allow; with no check registered the
library is closed to them (fail closed), so that a trainer never downloads before licensing says
they may.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User

AccessCheck = Callable[..., tuple[bool, str]]

_CHECKS: list[AccessCheck] = []


def register_library_access_check(check: AccessCheck) -> None:
    """Add a check every library access must pass (registered once, e.g. in AppConfig.ready)."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def unregister_library_access_check(check: AccessCheck) -> None:
    """Remove a check (for tests)."""
    if check in _CHECKS:
        _CHECKS.remove(check)


def registered_checks() -> tuple[AccessCheck, ...]:
    return tuple(_CHECKS)


def run_checks(user: User, organisation: Organisation, *, on: datetime.date) -> tuple[bool, str]:
    """(allowed, reason) for a user who is not the owner's beheerder: every check must allow."""
    if not _CHECKS:
        return False, _(
            "De materiaalbibliotheek is nog niet open voor trainers: de controle op een geldige "
            "licentie is niet ingesteld."
        )
    for check in _CHECKS:
        allowed, reason = check(user, organisation, on=on)
        if not allowed:
            return False, reason or _("U heeft op dit moment geen toegang tot de materialen.")
    return True, ""
