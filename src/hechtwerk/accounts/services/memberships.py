"""Roles in an organisation: giving and ending them, teams, and resetting a second factor."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.core.errors import DomainError, domain_error_from

from ..capabilities import Capability, can
from ..constants import ROLES_BY_KIND, OrganisationKind, Role
from ..models import APIToken, Invitation, Membership, Organisation, Team, User
from ..security_log import log_event


class AccountError(DomainError):
    """A request about accounts that cannot be carried out; the message is for the user."""


def _check_role_fits(role: Role | str, organisation: Organisation) -> None:
    if str(role) not in ROLES_BY_KIND[organisation.kind]:
        raise AccountError(
            _("De rol %(role)s past niet bij een %(kind)s.")
            % {"role": Role(role).label, "kind": organisation.get_kind_display()},
            field="role",
        )


def _check_manages_staff(actor: User, organisation: Organisation) -> None:
    """The actor must be a beheerder of this very organisation (capability MANAGE_OWN_STAFF)."""
    memberships = Membership.objects.active().filter(user=actor, organisation=organisation)
    if not any(
        can(m, Capability.MANAGE_OWN_STAFF) for m in memberships.select_related("organisation")
    ):
        raise AccountError(_("Je beheert de medewerkers van deze organisatie niet."), status=403)


def _check_team(team: Team | None, organisation: Organisation) -> None:
    if team is None:
        return
    if organisation.kind != OrganisationKind.JGZ or team.organisation_id != organisation.pk:
        raise AccountError(_("Dit team hoort niet bij deze organisatie."), field="team")


def _save(
    instance: Membership | Invitation | Team, *, update_fields: list[str] | None = None
) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise domain_error_from(exc, AccountError) from exc
    instance.save(update_fields=update_fields)


def _give_role(
    *,
    actor: User | None,
    user: User,
    organisation: Organisation,
    role: Role | str,
    team: Team | None = None,
) -> Membership:
    """Create the membership, or make an ended one active again without its old end date."""
    _check_role_fits(role, organisation)
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=str(role),
        defaults={"created_by": actor, "team": team},
    )
    ended = not membership.is_active or (
        membership.ends_on is not None and membership.ends_on < timezone.localdate()
    )
    if not created and (ended or (team is not None and membership.team_id != team.pk)):
        membership.is_active = True
        membership.ends_on = None
        membership.team = team if team is not None else membership.team
        membership.updated_by = actor
        _save(
            membership, update_fields=["is_active", "ends_on", "team", "updated_by", "updated_at"]
        )
    return membership


@transaction.atomic
def add_membership(
    *, actor: User | None, user: User, organisation: Organisation, role: Role | str
) -> Membership:
    """Give `user` a role in `organisation`; the role must fit the kind of organisation."""
    membership = _give_role(actor=actor, user=user, organisation=organisation, role=role)
    log_action(
        "accounts.membership.added",
        actor=actor,
        target=membership,
        organisation=organisation,
        data={"role": str(role)},
    )
    return membership


@transaction.atomic
def end_membership(*, actor: User | None, membership: Membership) -> Membership:
    """Revoke a role; it stops working on the user's next request, and so do its API tokens
    (revoked, so that giving the role again later does not bring old tokens back).

    An organisation keeps at least one beheerder: the last one cannot end their own role.
    """
    organisation = membership.organisation
    if actor is not None:
        _check_manages_staff(actor, organisation)
    if membership.role == Role.ADMINISTRATOR:
        others = (
            Membership.objects.active()
            .select_for_update(of=("self",))
            .filter(organisation=organisation, role=Role.ADMINISTRATOR)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise AccountError(
                _(
                    "Dit is de laatste beheerder van %(org)s. Geef eerst iemand anders de rol "
                    "beheerder, anders kan niemand de medewerkers nog beheren."
                )
                % {"org": organisation.name}
            )
    membership.is_active = False
    membership.updated_by = actor
    membership.save(update_fields=["is_active", "updated_by", "updated_at"])
    revoked = APIToken.objects.usable().filter(membership=membership)
    now = timezone.now()
    token_count = revoked.update(revoked_at=now, updated_by=actor, updated_at=now)
    log_action(
        "accounts.membership.ended",
        actor=actor,
        target=membership,
        organisation=organisation,
        data={"role": membership.role, "tokens_revoked": token_count},
    )
    return membership


def _person_in(user: User, organisation: Organisation) -> None:
    """A beheerder acts on people who have (or had) a role in the organisation, nobody else."""
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise AccountError(_("Deze persoon hoort niet bij je organisatie."), status=404)


@transaction.atomic
def grant_role(
    *,
    actor: User,
    organisation: Organisation,
    user: User,
    role: Role | str,
    team: Team | None = None,
) -> Membership:
    """Give a person of the organisation (another) role; a new person is invited instead."""
    _check_manages_staff(actor, organisation)
    _person_in(user, organisation)
    _check_team(team, organisation)
    if Membership.objects.active().filter(user=user, organisation=organisation, role=str(role)):
        raise AccountError(_("Deze persoon heeft deze rol al."), field="role")
    membership = _give_role(actor=actor, user=user, organisation=organisation, role=role, team=team)
    log_action(
        "accounts.membership.added",
        actor=actor,
        target=membership,
        organisation=organisation,
        data={"role": str(role), "team": str(team.uuid) if team else ""},
    )
    return membership


@transaction.atomic
def create_team(*, actor: User, organisation: Organisation, name: str) -> Team:
    """A new team within a JGZ organisation."""
    _check_manages_staff(actor, organisation)
    if organisation.kind != OrganisationKind.JGZ:
        raise AccountError(_("Alleen een JGZ-organisatie heeft teams."))
    team = Team(organisation=organisation, name=name.strip(), created_by=actor)
    _save(team)
    log_action("accounts.team.created", actor=actor, target=team, organisation=organisation)
    return team


@transaction.atomic
def rename_team(*, actor: User, team: Team, name: str) -> Team:
    """Give a team another name; its members stay in it."""
    _check_manages_staff(actor, team.organisation)
    old_name = team.name
    team.name = name.strip()
    team.updated_by = actor
    _save(team)
    log_action(
        "accounts.team.renamed",
        actor=actor,
        target=team,
        organisation=team.organisation,
        data={"from": old_name, "to": team.name},
    )
    return team


@transaction.atomic
def assign_team(*, actor: User, membership: Membership, team: Team | None) -> Membership:
    """Set (or clear, with None) the team a membership works in."""
    organisation = membership.organisation
    _check_manages_staff(actor, organisation)
    _check_team(team, organisation)
    membership.team = team
    membership.updated_by = actor
    _save(membership, update_fields=["team", "updated_by", "updated_at"])
    log_action(
        "accounts.member.team_assigned",
        actor=actor,
        target=membership,
        organisation=organisation,
        data={"team": str(team.uuid) if team else ""},
    )
    return membership


@transaction.atomic
def reset_second_factor(*, actor: User, organisation: Organisation, user: User) -> int:
    """Remove a person's authenticator app and recovery codes and end their sessions: at the
    next sign-in they must set up a new second factor (their role still requires one)."""
    from allauth.mfa.models import Authenticator

    _check_manages_staff(actor, organisation)
    _person_in(user, organisation)
    if user.pk == actor.pk:
        raise AccountError(_("Je eigen tweestapsverificatie wijzig je zelf, via Mijn account."))
    removed, _per_model = Authenticator.objects.filter(user=user).delete()
    # Part of the session hash: every session of the user ends on its next request.
    User.objects.filter(pk=user.pk).update(session_generation=user.session_generation + 1)
    user.refresh_from_db(fields=["session_generation"])
    log_action(
        "accounts.member.second_factor_reset",
        actor=actor,
        target=user,
        organisation=organisation,
        data={"authenticators_removed": removed},
    )
    log_event(
        "mfa.reset_by_administrator",
        user=str(user.uuid),
        by=str(actor.uuid),
        organisation=str(organisation.uuid),
    )
    return int(removed)
