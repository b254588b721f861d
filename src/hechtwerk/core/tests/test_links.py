"""Signed links: hashed, bound to one purpose and object, expiring, revocable, rate-limited."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from hechtwerk.core.errors import DomainError
from hechtwerk.core.links import (
    ATTEMPT_LIMIT,
    LinkError,
    LinkProblem,
    consume_link,
    issue_link,
    resolve_link,
    revoke_link,
    revoke_links,
)
from hechtwerk.core.models import AuditEntry, SignedLink

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_it_stores_only_the_hash_of_the_token(administrator, jgz):
    link, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=True, actor=administrator.user
    )

    stored = SignedLink.objects.get(pk=link.pk)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(SignedLink.objects.filter(pk=link.pk).values().get())
    assert (stored.target_type, stored.target_id) == ("accounts.organisation", str(jgz.uuid))
    assert AuditEntry.objects.filter(action="core.link.issued", target_id=str(link.uuid)).exists()
    assert token not in str(AuditEntry.objects.values_list("data", flat=True))


def test_it_opens_a_valid_link_for_its_purpose_and_object(administrator, jgz):
    link, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=False, actor=administrator.user
    )

    assert resolve_link(token, purpose="invitation", target=jgz, client_address="192.0.2.1") == link


def test_it_refuses_an_expired_link(administrator, jgz):
    _, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=True, actor=administrator.user
    )

    later = timezone.now() + DAY + timedelta(seconds=1)
    with time_machine.travel(later), pytest.raises(LinkError) as refused:
        resolve_link(token, purpose="invitation", target=jgz)
    assert refused.value.problem == LinkProblem.EXPIRED
    assert "verlopen" in refused.value.message


def test_it_refuses_a_revoked_link(administrator, jgz):
    link, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=False, actor=administrator.user
    )
    revoke_link(link=link, actor=administrator.user)

    with pytest.raises(LinkError) as refused:
        resolve_link(token, purpose="invitation", target=jgz)
    assert refused.value.problem == LinkProblem.REVOKED
    assert "ingetrokken" in refused.value.message
    assert AuditEntry.objects.filter(action="core.link.revoked").count() == 1


def test_it_refuses_a_link_used_for_another_object(administrator, jgz, other_jgz):
    """The token of one object does not open another (e.g. another meeting's answers)."""
    _, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=False, actor=administrator.user
    )

    with pytest.raises(LinkError) as refused:
        resolve_link(token, purpose="invitation", target=other_jgz)
    assert refused.value.problem == LinkProblem.UNKNOWN
    assert refused.value.status == 404


def test_it_refuses_a_link_used_for_another_purpose(administrator, jgz):
    _, token = issue_link(
        purpose="calendar-feed", target="user:1", expires_in=DAY, single_use=False, actor=None
    )

    with pytest.raises(LinkError) as refused:
        resolve_link(token, purpose="invitation")
    # Same answer as a token that does not exist: nothing is revealed about other links.
    assert refused.value.problem == LinkProblem.UNKNOWN


@pytest.mark.parametrize("guess", ["", "x", "a" * 43, "../../etc/passwd", "é" * 50, "a" * 5000])
def test_it_refuses_a_guessed_token_with_a_dutch_message(guess):
    with pytest.raises(LinkError) as refused:
        resolve_link(guess, purpose="invitation", client_address="192.0.2.7")
    assert refused.value.problem == LinkProblem.UNKNOWN
    assert "bestaat niet" in refused.value.message


def test_it_stops_guessing_from_one_address_but_not_from_others(administrator, jgz):
    _, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=False, actor=administrator.user
    )
    for attempt in range(ATTEMPT_LIMIT):
        with pytest.raises(LinkError):
            resolve_link(f"guess{attempt:040d}", purpose="invitation", client_address="192.0.2.9")

    # Over the limit even the right token is refused from that address...
    with pytest.raises(LinkError) as refused:
        resolve_link(token, purpose="invitation", client_address="192.0.2.9")
    assert refused.value.problem == LinkProblem.RATE_LIMITED
    assert refused.value.status == 429
    # ...while someone else, elsewhere, still gets in.
    assert resolve_link(token, purpose="invitation", client_address="198.51.100.4")


def test_it_never_slows_down_people_using_their_own_links_from_one_address(administrator, jgz):
    """An office network shows one address for a whole team: valid links do not count."""
    _, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=False, actor=administrator.user
    )
    for _ in range(ATTEMPT_LIMIT * 2):
        assert resolve_link(token, purpose="invitation", client_address="192.0.2.10")


def test_it_lets_a_single_use_link_work_once(administrator, jgz):
    _, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=True, actor=administrator.user
    )

    used = consume_link(token, purpose="invitation", target=jgz, client_address="192.0.2.1")
    assert used.used_at is not None

    with pytest.raises(LinkError) as refused:
        consume_link(token, purpose="invitation", target=jgz, client_address="192.0.2.1")
    assert refused.value.problem == LinkProblem.USED
    assert "al gebruikt" in refused.value.message
    assert AuditEntry.objects.filter(action="core.link.used").count() == 1


def test_it_keeps_a_reusable_link_working_after_use(administrator, jgz):
    _, token = issue_link(
        purpose="calendar-feed", target=jgz, expires_in=DAY, single_use=False, actor=None
    )

    consume_link(token, purpose="calendar-feed", target=jgz)
    assert consume_link(token, purpose="calendar-feed", target=jgz).used_at is None


def test_it_revokes_every_link_of_an_object_for_one_purpose(administrator, jgz):
    _, first = issue_link(
        purpose="calendar-feed", target=jgz, expires_in=DAY, single_use=False, actor=None
    )
    _, second = issue_link(
        purpose="calendar-feed", target=jgz, expires_in=DAY, single_use=False, actor=None
    )
    _, other = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=False, actor=None
    )

    assert revoke_links(purpose="calendar-feed", target=jgz, actor=administrator.user) == 2

    for token in (first, second):
        with pytest.raises(LinkError):
            resolve_link(token, purpose="calendar-feed", target=jgz)
    assert resolve_link(other, purpose="invitation", target=jgz)


@pytest.mark.parametrize("lifetime", [timedelta(0), timedelta(seconds=-1), timedelta(days=401)])
def test_it_refuses_a_link_without_a_sensible_lifetime(jgz, lifetime):
    with pytest.raises(DomainError):
        issue_link(
            purpose="invitation", target=jgz, expires_in=lifetime, single_use=True, actor=None
        )
    assert not SignedLink.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_racing_requests_use_a_single_use_link(jgz):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    _, token = issue_link(
        purpose="invitation", target=jgz, expires_in=DAY, single_use=True, actor=None
    )

    def attempt() -> str:
        try:
            consume_link(token, purpose="invitation", target=jgz)
            return "consumed"
        except LinkError as exc:
            return str(exc.problem)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(lambda _: attempt(), range(2)))

    assert outcomes == ["consumed", LinkProblem.USED.value]
