"""A beheerder manages the people of their own organisation: who has which role, invitations,
roles, teams and second-factor resets. And the public page where an invitee accepts.

Every object is looked up within the beheerder's own organisation: another organisation's
person, role, invitation or team answers 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hechtwerk.core.links import LinkError, client_address, resolve_link

from .capabilities import Capability
from .constants import OrganisationKind
from .middleware import MEMBERSHIP_SESSION_KEY
from .models import Invitation, Membership, Organisation, Team, User
from .people_forms import (
    AcceptInvitationForm,
    AssignTeamForm,
    GrantRoleForm,
    InviteForm,
    TeamForm,
)
from .permissions import public, requires
from .services import (
    INVITATION_PURPOSE,
    AccountError,
    accept_invitation,
    assign_team,
    create_team,
    end_membership,
    grant_role,
    invite_member,
    invited_account,
    rename_team,
    reset_second_factor,
    revoke_invitation,
)
from .types import AuthedRequest

PAGE_SIZE = 50
# Django's and allauth's password check on sign-in; the invitee has just chosen the password.
SIGN_IN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _person_or_404(organisation: Organisation, user_uuid: uuid.UUID) -> User:
    user = User.objects.filter(uuid=user_uuid, memberships__organisation=organisation).first()
    if user is None:
        raise Http404
    return user


def _membership_or_404(organisation: Organisation, membership_uuid: uuid.UUID) -> Membership:
    found = (
        Membership.objects.in_organisation(organisation)
        .select_related("organisation", "user", "team")
        .filter(uuid=membership_uuid)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _team_or_404(organisation: Organisation, team_uuid: uuid.UUID) -> Team:
    if organisation.kind != OrganisationKind.JGZ:
        raise Http404
    team = Team.objects.for_organisation(organisation).filter(uuid=team_uuid).first()
    if team is None:
        raise Http404
    return team


def _refused(request: HttpRequest, error: AccountError) -> None:
    if error.status == 404:
        raise Http404
    messages.error(request, error.message)


@requires(Capability.MANAGE_OWN_STAFF)
@require_GET
def people(request: AuthedRequest) -> HttpResponse:
    """Who has which role (and team) since when, last sign-in, and whether a second factor is set."""
    organisation = request.membership.organisation
    page = Paginator(Membership.objects.people_of(organisation), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    invitations = (
        Invitation.objects.open()
        .for_organisation(organisation)
        .select_related("team", "link")
        .order_by("-created_at")
    )
    return render(
        request,
        "accounts/people.html",
        {
            "page": page,
            "query": "",
            "invitations": invitations,
            "has_teams": organisation.kind == OrganisationKind.JGZ,
        },
    )


def _person_page(
    request: AuthedRequest, person: User, grant_form: GrantRoleForm | None = None, status: int = 200
) -> HttpResponse:
    organisation = request.membership.organisation
    memberships = (
        Membership.objects.in_organisation(organisation)
        .filter(user=person)
        .select_related("team")
        .order_by("role")
    )
    active_ids = set(Membership.objects.active().filter(user=person).values_list("pk", flat=True))
    roles = [
        {
            "membership": m,
            "active": m.pk in active_ids,
            "team_form": AssignTeamForm(
                organisation=organisation,
                initial={"team": m.team.uuid if m.team else None},
                prefix=str(m.uuid),
            ),
        }
        for m in memberships
    ]
    return render(
        request,
        "accounts/people_person.html",
        {
            "person": person,
            "roles": roles,
            "has_second_factor": Authenticator.objects.filter(
                user=person, type=Authenticator.Type.TOTP
            ).exists(),
            "grant_form": grant_form or GrantRoleForm(organisation=organisation),
            "has_teams": organisation.kind == OrganisationKind.JGZ,
            "is_self": person.pk == request.user.pk,
        },
        status=status,
    )


@requires(Capability.MANAGE_OWN_STAFF)
@require_GET
def person(request: AuthedRequest, user_uuid: uuid.UUID) -> HttpResponse:
    return _person_page(request, _person_or_404(request.membership.organisation, user_uuid))


@requires(Capability.MANAGE_OWN_STAFF)
@require_POST
def grant_role_view(request: AuthedRequest, user_uuid: uuid.UUID) -> HttpResponse:
    organisation = request.membership.organisation
    person_ = _person_or_404(organisation, user_uuid)
    form = GrantRoleForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            membership = grant_role(
                actor=request.user,
                organisation=organisation,
                user=person_,
                role=form.cleaned_data["role"],
                team=form.cleaned_data.get("team"),
            )
        except AccountError as exc:
            if exc.status == 404:
                raise Http404 from exc
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("%(person)s heeft nu de rol %(role)s.")
                % {"person": person_, "role": membership.get_role_display()},
            )
            return redirect("accounts:person", user_uuid=person_.uuid)
    return _person_page(request, person_, grant_form=form, status=400)


@requires(Capability.MANAGE_OWN_STAFF)
@require_POST
def end_membership_view(request: AuthedRequest, membership_uuid: uuid.UUID) -> HttpResponse:
    membership = _membership_or_404(request.membership.organisation, membership_uuid)
    try:
        end_membership(actor=request.user, membership=membership)
    except AccountError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("De rol %(role)s van %(person)s is beëindigd. Dat geldt meteen.")
            % {"role": membership.get_role_display(), "person": membership.user},
        )
    return redirect("accounts:person", user_uuid=membership.user.uuid)


@requires(Capability.MANAGE_OWN_STAFF)
@require_POST
def assign_team_view(request: AuthedRequest, membership_uuid: uuid.UUID) -> HttpResponse:
    organisation = request.membership.organisation
    membership = _membership_or_404(organisation, membership_uuid)
    form = AssignTeamForm(request.POST, organisation=organisation, prefix=str(membership.uuid))
    if organisation.kind != OrganisationKind.JGZ:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Kies een team uit de lijst."))
    else:
        try:
            assign_team(actor=request.user, membership=membership, team=form.cleaned_data["team"])
        except AccountError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Het team is aangepast."))
    return redirect("accounts:person", user_uuid=membership.user.uuid)


@requires(Capability.MANAGE_OWN_STAFF)
@require_POST
def reset_second_factor_view(request: AuthedRequest, user_uuid: uuid.UUID) -> HttpResponse:
    organisation = request.membership.organisation
    person_ = _person_or_404(organisation, user_uuid)
    try:
        reset_second_factor(actor=request.user, organisation=organisation, user=person_)
    except AccountError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _(
                "De tweestapsverificatie van %(person)s is gewist en alle sessies zijn beëindigd. "
                "Bij de volgende keer inloggen stelt %(person)s een nieuwe in."
            )
            % {"person": person_},
        )
    return redirect("accounts:person", user_uuid=person_.uuid)


@requires(Capability.MANAGE_OWN_STAFF)
@require_http_methods(["GET", "POST"])
def invite(request: AuthedRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_member(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                team=form.cleaned_data.get("team"),
                language=form.cleaned_data["language"],
            )
        except AccountError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("De uitnodiging is verstuurd naar %(email)s. De link werkt zeven dagen.")
                % {"email": invitation.email},
            )
            return redirect("accounts:people")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/people_invite.html", {"form": form}, status=status)


@requires(Capability.MANAGE_OWN_STAFF)
@require_POST
def revoke_invitation_view(request: AuthedRequest, invitation_uuid: uuid.UUID) -> HttpResponse:
    invitation = (
        Invitation.objects.for_organisation(request.membership.organisation)
        .select_related("organisation", "link")
        .filter(uuid=invitation_uuid)
        .first()
    )
    if invitation is None:
        raise Http404
    try:
        revoke_invitation(actor=request.user, invitation=invitation)
    except AccountError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email},
        )
    return redirect("accounts:people")


@requires(Capability.MANAGE_OWN_STAFF)
@require_http_methods(["GET", "POST"])
def teams(request: AuthedRequest) -> HttpResponse:
    """The teams of a JGZ organisation, with the number of members; add a team."""
    organisation = request.membership.organisation
    if organisation.kind != OrganisationKind.JGZ:
        raise Http404
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = create_team(
                actor=request.user, organisation=organisation, name=form.cleaned_data["name"]
            )
        except AccountError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Team ‘%(name)s’ is toegevoegd.") % {"name": team.name})
            return redirect("accounts:teams")
    today_active = Q(memberships__is_active=True) & (
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=timezone.localdate())
    )
    team_list = Team.objects.for_organisation(organisation).annotate(
        member_count=Count("memberships", filter=today_active)
    )
    context: dict[str, Any] = {"form": form, "teams": team_list}
    return render(
        request, "accounts/people_teams.html", context, status=400 if form.is_bound else 200
    )


@requires(Capability.MANAGE_OWN_STAFF)
@require_POST
def rename_team_view(request: AuthedRequest, team_uuid: uuid.UUID) -> HttpResponse:
    team = _team_or_404(request.membership.organisation, team_uuid)
    form = TeamForm(request.POST, prefix=str(team.uuid))
    if not form.is_valid():
        messages.error(request, _("Geef het team een naam van hoogstens 100 tekens."))
        return redirect("accounts:teams")
    try:
        rename_team(actor=request.user, team=team, name=form.cleaned_data["name"])
    except AccountError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("De naam van het team is aangepast."))
    return redirect("accounts:teams")


# --- The invitee's page (public: the link is the key) -----------------------------------------


def _link_refused(request: HttpRequest, error: LinkError) -> HttpResponse:
    response = render(
        request,
        "accounts/invitation_invalid.html",
        {"message": error.message},
        status=error.status,
    )
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


@public
@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation: set a password (new account) or confirm while signed in."""
    try:
        link = resolve_link(
            token, purpose=INVITATION_PURPOSE, client_address=client_address(request)
        )
    except LinkError as exc:
        return _link_refused(request, exc)
    invitation = Invitation.objects.select_related("organisation").get(link=link)
    existing = invited_account(invitation)
    signed_in = request.user if isinstance(request.user, User) else None
    if existing is None:
        state = "new" if signed_in is None else "other"
    elif signed_in is None:
        state = "sign_in"
    else:
        state = "confirm" if signed_in.pk == existing.pk else "other"
    form = AcceptInvitationForm(request.POST or None) if state == "new" else None
    if (
        request.method == "POST"
        and state in ("new", "confirm")
        and (form is None or form.is_valid())
    ):
        try:
            accepted = accept_invitation(
                token=token,
                client_address=None,  # this request's attempt was counted above
                user=signed_in,
                password=form.cleaned_data["password1"] if form is not None else None,
            )
        except LinkError as exc:
            return _link_refused(request, exc)
        except AccountError as exc:
            if form is None:
                messages.error(request, exc.message)
            else:
                form.add_domain_error(exc)
        else:
            if accepted.new_account:
                login(request, accepted.user, backend=SIGN_IN_BACKEND)
                # The password was chosen in this very request: recorded as a fresh
                # (re)authentication, so allauth does not ask for it again before the second
                # factor is set up, as it would after an ordinary sign-in.
                record_authentication(
                    request, accepted.user, method="password", reauthenticated=True
                )
            request.session[MEMBERSHIP_SESSION_KEY] = str(accepted.membership.uuid)
            messages.success(
                request,
                _("Welkom bij %(org)s. Je werkt nu als %(role)s.")
                % {
                    "org": invitation.organisation.name,
                    "role": accepted.membership.get_role_display(),
                },
            )
            # A role that needs two factors is led to set them up first (RequireMFAMiddleware).
            return redirect("core:home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "state": state, "form": form},
        status=400 if request.method == "POST" else 200,
    )
