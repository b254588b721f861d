"""Personas shared by every test: a nurse, a doctor, a team leader, the platform's beheerder, a
training provider's beheerder, a JGZ organisation's beheerder, a trainer, a coalition organiser, a
participant, a log manager, and an outsider from another JGZ organisation.

Roles that need two factors get an active TOTP authenticator, so a forced login reaches the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from hechtwerk.accounts.constants import MFA_REQUIRED_ROLES, OrganisationKind, Role
from hechtwerk.accounts.models import Membership, Organisation, User
from hechtwerk.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` run only when DATABASE_URL points at PostgreSQL."""
    import os

    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@dataclass
class Persona:
    user: User
    membership: Membership

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation


@pytest.fixture
def jgz(db) -> Organisation:
    return OrganisationFactory(name="JGZ Hollands Testland", kind=OrganisationKind.JGZ)


@pytest.fixture
def other_jgz(db) -> Organisation:
    return OrganisationFactory(name="JGZ Elders", kind=OrganisationKind.JGZ)


@pytest.fixture
def foundation(db) -> Organisation:
    return OrganisationFactory(name="Stichting Testleven", kind=OrganisationKind.TRAINING_PROVIDER)


@pytest.fixture
def coalition(db) -> Organisation:
    return OrganisationFactory(name="Coalitie Testdorp", kind=OrganisationKind.COALITION)


@pytest.fixture
def platform(db) -> Organisation:
    return OrganisationFactory(name="Hechtwerk Testplatform", kind=OrganisationKind.PLATFORM)


@pytest.fixture
def make_persona(db) -> Callable[..., Persona]:
    def make(
        role: Role, organisation: Organisation, *, email: str | None = None, mfa: bool | None = None
    ) -> Persona:
        with_mfa = role in MFA_REQUIRED_ROLES if mfa is None else mfa
        kwargs = {"email": email} if email else {}
        user = UserFactory(totp_secret=with_mfa, **kwargs)
        membership = MembershipFactory(user=user, organisation=organisation, role=role)
        return Persona(user=user, membership=membership)

    return make


@pytest.fixture
def nurse(make_persona, jgz) -> Persona:
    return make_persona(Role.YOUTH_NURSE, jgz, email="vera@jgz.example")


@pytest.fixture
def doctor(make_persona, jgz) -> Persona:
    return make_persona(Role.YOUTH_DOCTOR, jgz, email="jasper@jgz.example")


@pytest.fixture
def team_leader(make_persona, jgz) -> Persona:
    return make_persona(Role.TEAM_LEADER, jgz, email="tara@jgz.example")


@pytest.fixture
def log_manager(make_persona, jgz) -> Persona:
    return make_persona(Role.LOG_MANAGER, jgz, email="lotte@jgz.example")


@pytest.fixture
def administrator(make_persona, platform) -> Persona:
    """The platform's beheerder: manages the national catalogue and the instruments."""
    persona = make_persona(Role.ADMINISTRATOR, platform, email="bea@platform.example")
    persona.user.is_staff = True
    persona.user.save(update_fields=["is_staff"])
    return persona


@pytest.fixture
def provider_administrator(make_persona, foundation) -> Persona:
    """A training provider's beheerder: its own courses and staff, nothing national."""
    return make_persona(Role.ADMINISTRATOR, foundation, email="bram@stichting.example")


@pytest.fixture
def jgz_administrator(make_persona, jgz) -> Persona:
    """A JGZ organisation's beheerder: its own offer and staff, no children."""
    return make_persona(Role.ADMINISTRATOR, jgz, email="joke@jgz.example")


@pytest.fixture
def trainer(make_persona, foundation) -> Persona:
    return make_persona(Role.TRAINER, foundation, email="tim@stichting.example")


@pytest.fixture
def participant(make_persona, foundation) -> Persona:
    return make_persona(Role.PARTICIPANT, foundation, email="daan@stichting.example")


@pytest.fixture
def organiser(make_persona, coalition) -> Persona:
    return make_persona(Role.COALITION_ORGANISER, coalition, email="olga@coalitie.example")


@pytest.fixture
def outsider(make_persona, other_jgz) -> Persona:
    return make_persona(Role.YOUTH_NURSE, other_jgz, email="anouk@elders.example")


@pytest.fixture
def client_for(db) -> Callable[[Persona], Client]:
    """A test client signed in as the persona (after two factors where the role needs them)."""

    def make(persona: Persona) -> Client:
        client = Client()
        client.force_login(persona.user)
        return client

    return make


@pytest.fixture(autouse=True)
def _empty_access_log_after_transactional_tests(request):
    """The access log refuses deletes; transactional tests empty it under a purge permit so
    that the database flush between tests succeeds."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection, transaction

    from hechtwerk.core.models import AccessLogPurgePermit

    with transaction.atomic():
        AccessLogPurgePermit.objects.create()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_accessevent")
        AccessLogPurgePermit.objects.all().delete()
