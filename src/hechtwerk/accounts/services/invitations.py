"""Invitations: a beheerder invites a colleague by e-mail; the colleague accepts through a
signed, expiring, single-use link (`core.links`, purpose "invitation")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.core.links import consume_link, issue_link, revoke_link
from hechtwerk.core.mail import absolute_url, send_mail_once

from ..constants import MailLanguage, Role
from ..models import Invitation, Membership, Organisation, Team, User
from ..security_log import log_event
from .memberships import (
    AccountError,
    _check_manages_staff,
    _check_role_fits,
    _check_team,
    _give_role,
    _save,
)

INVITATION_PURPOSE = "invitation"
# An invitation's link works this long, and once.
INVITATION_LIFETIME = timedelta(days=7)


@transaction.atomic
def invite_member(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    role: Role | str,
    team: Team | None = None,
    language: MailLanguage | str = MailLanguage.DUTCH,
) -> Invitation:
    """Invite someone by e-mail into a role (and team); the link is mailed once."""
    _check_manages_staff(actor, organisation)
    _check_role_fits(role, organisation)
    _check_team(team, organisation)
    email = email.strip().lower()
    if Membership.objects.active().filter(
        user__email__iexact=email, organisation=organisation, role=str(role)
    ):
        raise AccountError(_("Deze persoon heeft deze rol al in je organisatie."), field="email")
    if (
        Invitation.objects.open()
        .for_organisation(organisation)
        .filter(email__iexact=email, role=str(role))
        .exists()
    ):
        raise AccountError(
            _("Er staat al een uitnodiging open voor dit e-mailadres en deze rol."),
            field="email",
        )
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=str(role),
        team=team,
        language=str(language),
        created_by=actor,
    )
    _save(invitation)
    link, token = issue_link(
        purpose=INVITATION_PURPOSE,
        target=invitation,
        expires_in=INVITATION_LIFETIME,
        single_use=True,
        actor=actor,
        organisation=organisation,
    )
    invitation.link = link
    invitation.save(update_fields=["link", "updated_at"])
    send_mail_once(
        key=("invitation", invitation.uuid),
        to=email,
        template="accounts/invitation",
        context={
            "accept_url": absolute_url(reverse("accounts:accept_invitation", args=[token])),
            "organisation_name": organisation.name,
            "role_label": _role_label(invitation.role, invitation.language),
            "valid_until": timezone.localtime(link.expires_at),
        },
        language=invitation.language,
        actor=actor,
        organisation=organisation,
    )
    log_action(
        "accounts.member.invited",
        actor=actor,
        target=invitation,
        organisation=organisation,
        data={"role": invitation.role, "team": str(team.uuid) if team else ""},
    )
    return invitation


def _role_label(role: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return str(Role(role).label)


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """Stop an open invitation's link from working."""
    _check_manages_staff(actor, invitation.organisation)
    if invitation.accepted_at is not None:
        raise AccountError(_("Deze uitnodiging is al aangenomen."))
    if invitation.link is not None:
        revoke_link(link=invitation.link, actor=actor)
    log_action(
        "accounts.member.invitation_revoked",
        actor=actor,
        target=invitation,
        organisation=invitation.organisation,
    )
    return invitation


def invited_account(invitation: Invitation) -> User | None:
    """The existing account with the invitation's e-mail address, if there is one."""
    return User.objects.filter(email__iexact=invitation.email).first()


@dataclass(frozen=True)
class Accepted:
    user: User
    membership: Membership
    new_account: bool


@transaction.atomic
def accept_invitation(
    *,
    token: str,
    client_address: str | None,
    user: User | None = None,
    password: str | None = None,
) -> Accepted:
    """Use an invitation's link: a new person sets a password and gets an account; a person
    who has one already must be signed in to it. Either way they get the invited role.

    Raises `LinkError` (expired, revoked, used, unknown, too many attempts) or `AccountError`;
    on an error nothing is changed and the link keeps working.
    """
    link = consume_link(
        token, purpose=INVITATION_PURPOSE, client_address=client_address, actor=user
    )
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "team")
        .get(link=link)
    )
    existing = invited_account(invitation)
    if existing is not None:
        if user is None or user.pk != existing.pk:
            raise AccountError(
                _("Deze uitnodiging is voor een bestaand account. Log in met dat account.")
            )
        account, new_account = existing, False
    else:
        if user is not None:
            raise AccountError(_("Deze uitnodiging is voor een ander e-mailadres. Log eerst uit."))
        account = User(email=invitation.email)
        try:
            validate_password(password or "", user=account)
        except ValidationError as exc:
            raise AccountError(" ".join(exc.messages), field="password1") from exc
        account = User.objects.create_user(invitation.email, password)
        new_account = True
    membership = _give_role(
        actor=account,
        user=account,
        organisation=invitation.organisation,
        role=invitation.role,
        team=invitation.team,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = account
    invitation.updated_by = account
    _save(invitation, update_fields=["accepted_at", "accepted_by", "updated_by", "updated_at"])
    log_action(
        "accounts.member.joined",
        actor=account,
        target=membership,
        organisation=invitation.organisation,
        data={
            "invitation": str(invitation.uuid),
            "role": invitation.role,
            "new_account": new_account,
        },
    )
    log_event(
        "invitation.accepted",
        user=str(account.uuid),
        organisation=str(invitation.organisation.uuid),
        new_account=new_account,
    )
    return Accepted(user=account, membership=membership, new_account=new_account)
