"""The app's one domain error and helpers shared by the signalling services."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.compiled import CompiledQuery
from hechtwerk.core.errors import ConflictError, DomainError, domain_error_from
from hechtwerk.signalling.models import Child, SignallingPolicy
from hechtwerk.signalling.rules.bounds import record_date_problem, text_bound_problem

if TYPE_CHECKING:
    from hechtwerk.signalling.rules import Policy


# The data category of every access-log event about signalling records.
DATA_CATEGORY = "signalering"


class SignallingError(DomainError):
    """A Dutch message for the user; `field` names the form field it belongs to, if any."""


class ConsultConflictError(SignallingError, ConflictError):
    """Someone else saved the consult after it was opened; nothing was overwritten (409)."""


# The policy row's SELECT compiled once per process (core.compiled): read on every consult.
_POLICY = CompiledQuery(SignallingPolicy, lambda: SignallingPolicy.objects.filter(pk=1))


def current_policy() -> Policy:
    found = _POLICY.fetch()
    # The row is made with the rules' defaults on first use (SignallingPolicy.objects.current).
    return (found[0] if found else SignallingPolicy.objects.current()).to_rules()


def today() -> date:
    return timezone.localdate()


def not_in_future(value: date | None, *, field: str, on: date | None = None) -> None:
    if value is not None and value > (on or today()):
        raise SignallingError(_("Deze datum ligt in de toekomst."), field=field)


def check_text(value: str, *, field: str) -> str:
    """The text as stored (trimmed), or a SignallingError when it is too long or unstorable."""
    problem = text_bound_problem(value)
    if problem:
        raise SignallingError(problem, field=field)
    return value.strip()


def check_record_date(value: date, *, child: Child, field: str) -> None:
    """Not in the future and not before the child's pregnancy (rules.bounds)."""
    problem = record_date_problem(
        value, birth_date=child.birth_date, due_date=child.due_date, today=today()
    )
    if problem:
        raise SignallingError(problem, field=field)


def clean_or_raise(obj: models.Model) -> None:
    """full_clean, with the first problem turned into a SignallingError at its field."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise domain_error_from(exc, SignallingError) from exc


def loaded_relations(obj: models.Model) -> list[str]:
    """The foreign keys of `obj` that point at an object the caller read from the database."""
    names = []
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.is_cached(obj):  # type: ignore[attr-defined]
            related = field.get_cached_value(obj)  # type: ignore[attr-defined]
            if related is not None and not related._state.adding:
                names.append(field.name)
    return names


def clean_new_or_raise(obj: models.Model) -> None:
    """clean_or_raise for a new row whose foreign keys hold objects read in this request: their
    existence is not asked again (one `SELECT 1` each), nor the uniqueness of its fresh uuid4.
    Every other field and the model's clean() are checked as full_clean does; the database's
    foreign-key and unique constraints still hold at the INSERT."""
    try:
        obj.full_clean(exclude=loaded_relations(obj), validate_unique=False)
    except ValidationError as exc:
        raise domain_error_from(exc, SignallingError) from exc
