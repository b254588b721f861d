"""Personal API tokens: made, revoked and checked."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.core.compiled import CompiledQuery

from ..middleware import needs_mfa_setup
from ..models import APIToken, Membership, User
from .memberships import AccountError

TOKEN_PREFIX = "hw_"  # noqa: S105 - a marker, not a secret
LAST_USED_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: APIToken
    secret: str  # shown once to the user, never stored


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(
    *, user: User, membership: Membership, name: str, expires_in_days: int | None = 365
) -> NewToken:
    """Create a personal API token bound to one of the user's own memberships."""
    if (
        membership.user_id != user.pk
        or not Membership.objects.active().filter(pk=membership.pk).exists()
    ):
        raise AccountError(_("Je kunt alleen een sleutel maken voor een eigen, actieve rol."))
    name = name.strip()
    if not name:
        raise AccountError(_("Geef de sleutel een naam."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)  # 256 bits
    token = APIToken(
        user=user,
        membership=membership,
        name=name,
        prefix=secret[:10],
        token_hash=_hash_token(secret),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
        created_by=user,
    )
    try:
        token.full_clean()
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from exc
    token.save()
    log_action(
        "accounts.token.created", actor=user, target=token, organisation=membership.organisation
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def revoke_api_token(*, user: User, token: APIToken) -> APIToken:
    if token.user_id != user.pk:
        raise AccountError(_("Deze sleutel is niet van jou."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.updated_by = user
        token.save(update_fields=["revoked_at", "updated_by", "updated_at"])
        log_action(
            "accounts.token.revoked",
            actor=user,
            target=token,
            organisation=token.membership.organisation,
        )
    return token


def _unrevoked_token(token_hash: str) -> QuerySet[APIToken]:
    """The token with this hash unless revoked, with its user, membership and organisation."""
    return (
        APIToken.objects.filter(revoked_at__isnull=True, token_hash=token_hash)
        .select_related("user", "membership", "membership__organisation")
        # Whether the user has a second factor, in the same query (allauth's is_mfa_enabled).
        .annotate(user_has_mfa=Exists(Authenticator.objects.filter(user_id=OuterRef("user_id"))))
    )


# Every API call reads its token: the SELECT compiled once per process (core.compiled).
_UNREVOKED_TOKEN = CompiledQuery(APIToken, _unrevoked_token, str)


def authenticate_api_token(secret: str) -> APIToken | None:
    """The usable token for this secret, with its user and membership, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    found = _UNREVOKED_TOKEN.fetch(_hash_token(secret))  # token_hash is unique
    token = found[0] if found else None
    now = timezone.now()
    # Usable as APIToken.objects.usable() says: not revoked (in the query) and not expired.
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    membership = token.membership
    # The membership came with the token: checked here as MembershipQuerySet.active() would.
    if not membership.is_active or (
        membership.ends_on is not None and membership.ends_on < timezone.localdate()
    ):
        return None
    has_mfa = bool(getattr(token, "user_has_mfa", False))
    if needs_mfa_setup(token.user, known_role=membership.role, has_mfa=has_mfa):
        # The role needs two factors and the user has none (any more): no API access either.
        return None
    # last_used_at is bookkeeping, not a domain change: a direct update, no audit line, and at
    # most once a minute, so that a busy token does not write a row on every call.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
