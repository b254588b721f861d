"""Users (sign-in by email), organisations, memberships with a role, personal API tokens and
integration clients (systems calling the API on a professional's behalf)."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel

from .constants import MFA_REQUIRED_ROLES, MailLanguage, OrganisationKind, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Professionals only: children and parents are never users' records."""

    username = None  # type: ignore[assignment]
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mailadres"), unique=True)
    # Honoured only while the site runs in demo mode, which refuses to start without DEBUG.
    demo_mfa_exempt = models.BooleanField(
        _("demo: vrijgesteld van tweestapsverificatie"), default=False
    )
    # Raised to end every session of the user at once (a beheerder reset their second factor):
    # it is part of the session hash, like the password, so old sessions stop on their next request.
    session_generation = models.PositiveIntegerField(
        _("sessiegeneratie"), default=0, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def _get_session_auth_hash(self, secret: Any = None) -> str:
        if not self.session_generation:
            return str(super()._get_session_auth_hash(secret=secret))  # type: ignore[misc]
        # Same salt as Django's, with the generation added: raising it ends every session.
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def requires_mfa(self) -> bool:
        """Two factors are required for staff and for any role that sees client data or manages."""
        if self.is_staff or self.is_superuser:
            return True
        return self.memberships.active().filter(role__in=MFA_REQUIRED_ROLES).exists()


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def of_kind(self, kind: OrganisationKind) -> OrganisationQuerySet:
        return self.filter(kind=kind)


class Organisation(DomainModel):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    # Client records are kept this long after the last change (WGBO: 20 years), per organisation.
    client_retention_years = models.PositiveSmallIntegerField(
        _("bewaartermijn cliëntgegevens (jaren)"), default=20
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamQuerySet(models.QuerySet["Team"]):
    def for_organisation(self, organisation: Organisation) -> TeamQuerySet:
        return self.filter(organisation=organisation).order_by("name")


class Team(DomainModel):
    """A team within a JGZ organisation; a membership may name its team (figures per team)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=100)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "organisation",
                name="accounts_team_name_unique_in_organisation",
                violation_error_message=_("Er is al een team met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(is_active=True).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))

    def in_organisation(self, organisation: Organisation) -> MembershipQuerySet:
        return self.filter(organisation=organisation)

    def in_team(self, team: Team) -> MembershipQuerySet:
        """The memberships that name `team` (active or not: combine with `active()`)."""
        return self.filter(team=team)

    def with_second_factor(self) -> MembershipQuerySet:
        """Annotate `has_second_factor`: the member has an authenticator app (TOTP) set up."""
        from allauth.mfa.models import Authenticator

        totp = Authenticator.objects.filter(user=OuterRef("user"), type=Authenticator.Type.TOTP)
        return self.annotate(has_second_factor=Exists(totp))

    def people_of(self, organisation: Organisation) -> MembershipQuerySet:
        """The organisation's active roles for the people page: person, team, second factor."""
        return (
            self.active()
            .in_organisation(organisation)
            .select_related("user", "team")
            .with_second_factor()
            .order_by("user__first_name", "user__last_name", "user__email", "role")
        )

    def for_user(self, user: User) -> MembershipQuerySet:
        return (
            self.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name", "role")
        )


class Membership(DomainModel):
    """A user's role in one organisation. A user may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("gebruiker")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices)
    is_active = models.BooleanField(_("actief"), default=True)
    ends_on = models.DateField(_("eindigt op"), null=True, blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("team"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"

    def clean(self) -> None:
        team = self.team if self.team_id is not None else None
        if team is not None and team.organisation_id != self.organisation_id:
            raise ValidationError({"team": _("Dit team hoort niet bij deze organisatie.")})


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def for_organisation(self, organisation: Organisation) -> InvitationQuerySet:
        return self.filter(organisation=organisation)

    def open(self) -> InvitationQuerySet:
        """Not accepted, not revoked and not expired: the link still works."""
        return self.filter(
            accepted_at__isnull=True,
            link__revoked_at__isnull=True,
            link__expires_at__gt=timezone.now(),
        )


class Invitation(DomainModel):
    """A beheerder's invitation to join the organisation in a role, opened by a signed link
    (`core.links`, purpose "invitation"); only the link's hash is stored."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("organisatie"),
    )
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    language = models.CharField(
        _("taal"), max_length=8, choices=MailLanguage.choices, default=MailLanguage.DUTCH
    )
    link = models.OneToOneField(
        "core.SignedLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("link"),
    )
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangenomen door"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()}"

    def clean(self) -> None:
        team = self.team if self.team_id is not None else None
        if team is not None and team.organisation_id != self.organisation_id:
            raise ValidationError({"team": _("Dit team hoort niet bij deze organisatie.")})


class APITokenQuerySet(models.QuerySet["APIToken"]):
    def usable(self) -> APITokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class APIToken(DomainModel):
    """A personal API token: stored as a SHA-256 hash, bound to one membership (organisation + role)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("gebruiker")
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("rol en organisatie"),
    )
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(_("begin van de sleutel"), max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    objects = APITokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IntegrationClientQuerySet(models.QuerySet["IntegrationClient"]):
    def usable(self) -> IntegrationClientQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def for_organisation(self, organisation: Organisation) -> IntegrationClientQuerySet:
        return self.filter(organisation=organisation).order_by("revoked_at", "-created_at")


class IntegrationClient(DomainModel):
    """A system (e.g. the organisation's JGZ-dossier) that calls the API with its own key.

    The key is stored as a SHA-256 hash like a personal token. It is bound to one organisation
    and to the scopes its beheerder chose; every call names the professional on whose behalf it
    acts, whose role in that organisation still decides what may be done (NEN 7512, NEN 7513).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="integration_clients",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=100)
    # Scope codes (capabilities.Scope); validated by the service, read on every call.
    scopes = models.JSONField(_("rechten"), default=list)
    prefix = models.CharField(_("begin van de sleutel"), max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    objects = IntegrationClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("gekoppeld systeem")
        verbose_name_plural = _("gekoppelde systemen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class UsedTOTPStep(models.Model):
    """A TOTP time step that was used with an authenticator: each code is accepted once, in
    every worker process (T3.4, ASVS 6.5.1). Written only by accounts.mfa.claim_totp_step."""

    authenticator = models.ForeignKey(
        "mfa.Authenticator", on_delete=models.CASCADE, related_name="+"
    )
    step = models.BigIntegerField(_("tijdstap"))
    used_at = models.DateTimeField(_("gebruikt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gebruikte TOTP-code")
        verbose_name_plural = _("gebruikte TOTP-codes")
        constraints = [
            models.UniqueConstraint(
                fields=["authenticator", "step"], name="accounts_totp_step_used_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authenticator_id}@{self.step}"
