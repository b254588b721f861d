"""Data built once per test module (`module_db`, root conftest): each test of the module sees it,
no test sees another test's changes, and what cannot work is refused loudly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from hechtwerk.accounts.models import Organisation
from hechtwerk.accounts.tests.factories import OrganisationFactory
from hechtwerk.core.tests.module_db import refuse_transactional_tests_beside_module_db

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_organisation(module_db) -> Organisation:
    with module_db.access():
        return OrganisationFactory(name="Eenmaal gebouwd")


@pytest.fixture(scope="module")
def layered_organisation(module_db, shared_organisation) -> Organisation:
    with module_db.layer():
        with module_db.access():
            organisation = OrganisationFactory(name="Op een laag")
        yield organisation


# Two rounds, each checking that the other's changes are gone, so the order does not matter.
@pytest.mark.parametrize("round_", ["eerste", "tweede"])
def test_it_shows_module_data_to_each_test_and_no_other_tests_changes(
    shared_organisation, layered_organisation, round_
):
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {"Eenmaal gebouwd", "Op een laag"} <= names
    assert not {n for n in names if n.startswith("Door de test")}
    OrganisationFactory(name=f"Door de test {round_}")
    Organisation.objects.filter(pk=shared_organisation.pk).update(name=f"Door de test {round_} 2")
    assert Organisation.objects.filter(name__startswith="Door de test").count() == 2


def test_it_refuses_to_build_module_data_inside_a_test(module_db):
    with pytest.raises(RuntimeError, match="module-scoped fixture"), module_db.access():
        pass  # pragma: no cover
    with pytest.raises(RuntimeError, match="outside a test"), module_db.layer():
        pass  # pragma: no cover


@pytest.mark.parametrize("round_", ["eerste", "tweede"])
def test_it_starts_each_test_with_an_empty_local_cache(round_):
    """Rate-limit counters of one test must not count against the next (ids are reused)."""
    assert cache.get("module-db-test") is None
    cache.set("module-db-test", round_)


def _item(path: str, name: str, *, fixtures: tuple[str, ...] = (), transaction: bool = False):
    marker = pytest.mark.django_db(transaction=transaction).mark
    return SimpleNamespace(
        path=Path(path),
        nodeid=f"{path}::{name}",
        fixturenames=("db", *fixtures),
        get_closest_marker=lambda name: marker if name == "django_db" else None,
    )


def test_it_refuses_a_transactional_test_in_a_module_that_builds_data_once():
    shared = _item("tests/test_shared.py", "test_shared", fixtures=("module_db",))
    committing = _item("tests/test_shared.py", "test_committing", transaction=True)
    live = _item("tests/test_shared.py", "test_live", fixtures=("live_server",))
    with pytest.raises(pytest.UsageError, match="module_db") as refused:
        refuse_transactional_tests_beside_module_db([shared, committing, live])
    assert committing.nodeid in str(refused.value)
    assert live.nodeid in str(refused.value)
    assert shared.nodeid not in str(refused.value)
    # Elsewhere a transactional test is fine.
    refuse_transactional_tests_beside_module_db(
        [shared, _item("tests/test_elsewhere.py", "test_committing", transaction=True)]
    )
