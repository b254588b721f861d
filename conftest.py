"""Personas shared by every test: a nurse, a doctor, a team leader, the platform's beheerder, a
training provider's beheerder, a JGZ organisation's beheerder, a trainer, a coalition organiser, a
participant, a log manager, and an outsider from another JGZ organisation.

Roles that need two factors get an active TOTP authenticator, so a forced login reaches the pages.

Data built once per test module (`module_db`)
---------------------------------------------
Some data is costly to build and the same for every test of a module: the seed catalogue
(`catalogue_seed`, ~0.3 s) or the permission matrix's organisations, personas and rows. A
module-scoped fixture builds it once on top of `module_db`:

    @pytest.fixture(scope="module")
    def catalogue_seed(module_db):
        with module_db.access():
            load_catalogue()

`module_db` opens one transaction for the module (on the database pytest-django set up) and rolls
it back after the module's last test. Every test of the module still runs in its own pytest-django
transaction, which is then a savepoint inside the module's: the module's data is there for each
test, and what a test changes is rolled back before the next one. `module_db.layer()` adds a
savepoint for data only some tests share (each app's matrix rows), rolled back when the fixture
is torn down. A function-scoped fixture re-reads module data from the database (the `catalogue`
fixture does), so that no test sees another test's in-memory changes.

Rules, checked loudly:
- Only a module-scoped fixture builds module data, inside `module_db.access()`; building it from
  inside a test's transaction is refused (it would vanish after that test).
- A module whose tests use `module_db` may hold no transactional test (`transaction=True`,
  `transactional_db`, `live_server`, `reset_sequences`): collection stops with a usage error,
  and a transactional test that starts or ends inside an open transaction fails.
- The local-memory cache is emptied before every test: rate-limit counters and the catalogue's
  matching version live there and would otherwise outlive the rolled-back rows they count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.test import Client

from hechtwerk.accounts.constants import MFA_REQUIRED_ROLES, OrganisationKind, Role
from hechtwerk.accounts.models import Membership, Organisation, User
from hechtwerk.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from hechtwerk.core.tests.module_db import (
    ModuleDb,
    is_transactional,
    refuse_transactional_tests_beside_module_db,
)

pytest_plugins = ("hechtwerk.catalogue.tests.fixtures",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` run only when DATABASE_URL points at PostgreSQL; a module that
    builds data once (`module_db`) holds no transactional test."""
    import os

    refuse_transactional_tests_beside_module_db(items)
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker) -> Iterator[ModuleDb]:
    """One transaction per test module, rolled back after its last test; each test's own
    transaction is a savepoint inside it (see the module docstring)."""
    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            raise RuntimeError("module_db opened inside a transaction (a test's, or a leak)")
    module = ModuleDb(django_db_blocker)
    with module.layer():
        yield module


@pytest.fixture(autouse=True)
def _transactional_tests_outside_module_transactions(request):
    """A transactional test that starts or ends inside an open transaction is refused."""
    if not is_transactional(request.node):
        yield
        return
    if connection.in_atomic_block:
        pytest.fail("a transactional test cannot run inside a module's transaction (module_db)")
    yield
    if connection.in_atomic_block:
        pytest.fail("a transactional test left a transaction open (module_db used inside it?)")


@pytest.fixture(autouse=True)
def _empty_local_cache() -> None:
    """Rate-limit counters and version keys in the local-memory cache outlive the rows they
    describe once those are rolled back; each test starts with an empty one. A shared cache
    (Redis) is never emptied."""
    for cache in caches.all(initialized_only=True):
        if isinstance(cache, LocMemCache):
            cache.clear()


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


def _build_persona(
    role: Role, organisation: Organisation, *, email: str | None = None, mfa: bool | None = None
) -> Persona:
    with_mfa = role in MFA_REQUIRED_ROLES if mfa is None else mfa
    kwargs = {"email": email} if email else {}
    user = UserFactory(totp_secret=with_mfa, **kwargs)
    membership = MembershipFactory(user=user, organisation=organisation, role=role)
    return Persona(user=user, membership=membership)


@pytest.fixture
def make_persona(db) -> Callable[..., Persona]:
    return _build_persona


@pytest.fixture(scope="session")
def build_persona() -> Callable[..., Persona]:
    """`make_persona` for module-scoped fixtures: call it inside `module_db.access()`."""
    return _build_persona


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
    from django.db import connection

    from hechtwerk.core.models import AccessLogPurgePermit

    with transaction.atomic():
        AccessLogPurgePermit.objects.create()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_accessevent")
        AccessLogPurgePermit.objects.all().delete()
