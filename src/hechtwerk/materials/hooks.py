"""Who may open the material library, asked of whoever registered a check.

Licensing (same layer; materials may not import it, nor it materials) provides "trainer in good
standing". The project wires it through the setting `MATERIALS_LIBRARY_ACCESS_CHECKS`, a list of
dotted paths loaded with `import_string` (the way Django loads `AUTHENTICATION_BACKENDS`): the
dependency is configuration, not an import between the two apps. `register_library_access_check(fn)`
adds a check at run time (tests). A check is `fn(user, organisation, on=date)` returning
`(allowed, reason)`; the reason is Dutch and shown to the user when the answer is no.

The owner organisation's beheerder (MANAGE_MATERIALS) always has access: they publish the
material. Everyone else needs every registered check to allow; with no check registered the
library is closed to them (fail closed), so that a trainer never downloads before licensing says
they may.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string
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


@functools.cache
def _load(paths: tuple[str, ...]) -> tuple[AccessCheck, ...]:
    return tuple(import_string(path) for path in paths)


def configured_checks() -> tuple[AccessCheck, ...]:
    """The checks named in settings.MATERIALS_LIBRARY_ACCESS_CHECKS (read on every call)."""
    return _load(tuple(getattr(settings, "MATERIALS_LIBRARY_ACCESS_CHECKS", ())))


def registered_checks() -> tuple[AccessCheck, ...]:
    """Configured checks first, then those registered at run time."""
    return configured_checks() + tuple(c for c in _CHECKS if c not in configured_checks())


def run_checks(user: User, organisation: Organisation, *, on: datetime.date) -> tuple[bool, str]:
    """(allowed, reason) for a user who is not the owner's beheerder: every check must allow."""
    checks = registered_checks()
    if not checks:
        return False, _(
            "De materiaalbibliotheek is nog niet open voor trainers: de controle op een geldige "
            "licentie is niet ingesteld."
        )
    for check in checks:
        allowed, reason = check(user, organisation, on=on)
        if not allowed:
            return False, reason or _("Je hebt op dit moment geen toegang tot de materialen.")
    return True, ""
