"""Signed links for people without an account: a parent enrolling, a meeting invitee answering.

Modelled on the personal API tokens: the secret is shown once (in the link), only its SHA-256
hash is stored. A link is bound to one purpose and one object, expires, can be revoked, and a
single-use link works once. Trying links is rate-limited per client address, so guessing stops
long before it could succeed (a secret has 256 bits).

    link, token = issue_link(purpose="enrolment", target=edition, expires_in=timedelta(days=14),
                             single_use=True, actor=request.user)
    url = reverse("training:enrol", args=[token])
    ...
    link = consume_link(token, purpose="enrolment", target=edition,
                        client_address=client_address(request))
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .addresses import client_address
from .audit import log_action
from .errors import DomainError
from .models import SignedLink
from .ratelimit import hit, peek

if TYPE_CHECKING:
    # The kernel imports no app: a user is Django's user model, an organisation a DomainModel.
    from django.contrib.auth.base_user import AbstractBaseUser as User

    from .models import DomainModel as Organisation

__all__ = [
    "LinkError",
    "LinkProblem",
    "client_address",
    "consume_link",
    "issue_link",
    "resolve_link",
    "revoke_link",
    "revoke_links",
]

# Longest lifetime of a link; a calendar feed is re-issued after a year.
MAX_LINK_LIFETIME = timedelta(days=400)
# Attempts (right or wrong) per client address before it has to wait: a person opens a link a
# few times; a guesser needs billions of tries.
ATTEMPT_LIMIT = 30
ATTEMPT_PERIOD_SECONDS = 10 * 60
_PURPOSE = re.compile(r"^[a-z][a-z0-9-]{0,49}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")

Target = models.Model | str


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"
    RATE_LIMITED = "rate_limited"


class LinkError(DomainError):
    """A signed link that cannot be used; `problem` says why, the message says it to the user.

    A link for another purpose or object reads as unknown: it reveals nothing about other links.
    """

    def __init__(self, problem: LinkProblem) -> None:
        messages = {
            LinkProblem.UNKNOWN: (
                _("Deze link bestaat niet. Controleer of je hem helemaal hebt overgenomen."),
                404,
            ),
            LinkProblem.EXPIRED: (_("Deze link is verlopen. Vraag om een nieuwe link."), 410),
            LinkProblem.REVOKED: (_("Deze link is ingetrokken en werkt niet meer."), 410),
            LinkProblem.USED: (_("Deze link is al gebruikt en werkt maar één keer."), 410),
            LinkProblem.RATE_LIMITED: (
                _("Te veel pogingen vanaf dit adres. Probeer het over tien minuten opnieuw."),
                429,
            ),
        }
        message, status = messages[problem]
        super().__init__(message, status=status)
        self.problem = problem


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def target_key(target: Target) -> tuple[str, str]:
    """(target_type, target_id) of a model instance (label and uuid) or of a free string."""
    if isinstance(target, str):
        if not target or len(target) > 200:
            raise ValueError("a link target string must be 1-200 characters")
        return "", target
    if target.pk is None:
        raise ValueError("a link target must be saved first")
    return target._meta.label_lower, str(getattr(target, "uuid", None) or target.pk)


@transaction.atomic
def issue_link(
    *,
    purpose: str,
    target: Target,
    expires_in: timedelta,
    single_use: bool,
    actor: User | None,
    organisation: Organisation | None = None,
) -> tuple[SignedLink, str]:
    """Create a link; returns the stored link and the raw token, which is never stored."""
    if not _PURPOSE.match(purpose):
        raise ValueError(f"invalid link purpose {purpose!r}")
    if not timedelta(0) < expires_in <= MAX_LINK_LIFETIME:
        raise DomainError(_("Een link moet tussen een minuut en 400 dagen geldig zijn."))
    target_type, target_id = target_key(target)
    raw_token = secrets.token_urlsafe(32)  # 256 bits
    link = SignedLink(
        purpose=purpose,
        token_hash=hash_token(raw_token),
        target_type=target_type,
        target_id=target_id,
        single_use=single_use,
        expires_at=timezone.now() + expires_in,
        organisation_id=organisation.uuid if organisation is not None else None,
        created_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    try:
        link.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    link.save()
    log_action(
        "core.link.issued",
        actor=actor,
        target=link,
        organisation=organisation,
        data={
            "purpose": purpose,
            "single_use": single_use,
            "expires_at": link.expires_at.isoformat(),
        },
    )
    return link, raw_token


def _refuse_when_guessing(address: str | None) -> None:
    """An address that tried too many unknown tokens is refused for a while, even a right one."""
    if address is None:
        return  # called from code, not with a token from a request: nothing to guess
    if peek(_attempts_key(address), limit=ATTEMPT_LIMIT, period=ATTEMPT_PERIOD_SECONDS):
        raise LinkError(LinkProblem.RATE_LIMITED)


def _count_guess(address: str | None) -> None:
    # Only tokens that match no link count: people answering from one office network (one
    # address) with their own valid links are never slowed down.
    if address is not None:
        hit(_attempts_key(address), limit=ATTEMPT_LIMIT, period=ATTEMPT_PERIOD_SECONDS)


def _attempts_key(address: str) -> str:
    return f"signed-link:{address}"


def _check(link: SignedLink | None, *, purpose: str, target: Target | None) -> SignedLink:
    if link is None or link.purpose != purpose:
        raise LinkError(LinkProblem.UNKNOWN)
    if target is not None and (link.target_type, link.target_id) != target_key(target):
        raise LinkError(LinkProblem.UNKNOWN)
    if link.revoked_at is not None:
        raise LinkError(LinkProblem.REVOKED)
    if link.single_use and link.used_at is not None:
        raise LinkError(LinkProblem.USED)
    if link.expires_at <= timezone.now():
        raise LinkError(LinkProblem.EXPIRED)
    return link


def resolve_link(
    raw_token: str,
    *,
    purpose: str,
    target: Target | None = None,
    client_address: str | None = None,
) -> SignedLink:
    """The usable link for this token, purpose (and object, when given), or a `LinkError`.

    Pass `client_address` whenever the token came from a request: attempts are counted per
    address. Without `target` the caller must act on `link.target_type/target_id` itself.
    """
    _refuse_when_guessing(client_address)
    link = None
    if _TOKEN.match(raw_token or ""):
        link = SignedLink.objects.filter(token_hash=hash_token(raw_token)).first()
    try:
        return _check(link, purpose=purpose, target=target)
    except LinkError as error:
        if error.problem == LinkProblem.UNKNOWN:
            _count_guess(client_address)
        raise


@transaction.atomic
def consume_link(
    raw_token: str,
    *,
    purpose: str,
    target: Target | None = None,
    client_address: str | None = None,
    actor: User | None = None,
) -> SignedLink:
    """Resolve and use a link; a single-use link works exactly once, also when two requests race."""
    link = resolve_link(raw_token, purpose=purpose, target=target, client_address=client_address)
    if link.single_use:
        now = timezone.now()
        # Conditional update: of two concurrent requests only one changes the row.
        won = SignedLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=now, updated_at=now
        )
        if not won:
            raise LinkError(LinkProblem.USED)
        link.used_at = now
        log_action(
            "core.link.used",
            actor=actor,
            target=link,
            organisation_id=link.organisation_id,
            data={"purpose": link.purpose},
        )
    return link


@transaction.atomic
def revoke_link(*, link: SignedLink, actor: User | None) -> SignedLink:
    """Stop a link from working; revoking twice changes nothing."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.updated_by_id = actor.pk if actor is not None and actor.is_authenticated else None
        link.save(update_fields=["revoked_at", "updated_by", "updated_at"])
        log_action(
            "core.link.revoked",
            actor=actor,
            target=link,
            organisation_id=link.organisation_id,
            data={"purpose": link.purpose},
        )
    return link


@transaction.atomic
def revoke_links(*, purpose: str, target: Target, actor: User | None) -> int:
    """Revoke every usable link of this purpose for this object (e.g. before issuing a new feed)."""
    target_type, target_id = target_key(target)
    links = list(
        SignedLink.objects.usable().for_target(purpose, target_type, target_id).select_for_update()
    )
    for link in links:
        revoke_link(link=link, actor=actor)
    return len(links)
