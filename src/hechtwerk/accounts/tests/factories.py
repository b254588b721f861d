"""Factories for users, organisations and memberships, with traits for the domain's states."""

from __future__ import annotations

import factory
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from hechtwerk.accounts.constants import OrganisationKind, Role
from hechtwerk.accounts.models import Membership, Organisation, User

TEST_PASSWORD = "lang-en-sterk-wachtwoord-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"JGZ Regio {n}")
    kind = OrganisationKind.JGZ

    class Params:
        foundation = factory.Trait(
            name=factory.Sequence(lambda n: f"Stichting {n}"),
            kind=OrganisationKind.TRAINING_PROVIDER,
        )
        coalition = factory.Trait(
            name=factory.Sequence(lambda n: f"Coalitie {n}"), kind=OrganisationKind.COALITION
        )
        platform = factory.Trait(
            name=factory.Sequence(lambda n: f"Platform {n}"), kind=OrganisationKind.PLATFORM
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.example")
    first_name = factory.Faker("first_name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def totp_secret(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        """Pass `totp_secret=True` (or a secret) to give the user an active TOTP authenticator."""
        if not create or not extracted:
            return
        secret = extracted if isinstance(extracted, str) else generate_totp_secret()
        TOTP.activate(self, secret)
        RecoveryCodes.activate(self)
        self.totp_secret_value = secret

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: object = None) -> None:
        if create:
            instance.save()  # stores the password set by the post-generation hook


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.YOUTH_NURSE
