"""A list's access-log lines written in one go (log_access_many): same fields, same chain."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from hechtwerk.core.access import log_access, log_access_many, verify_chain
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent, AccessLogHead


@pytest.fixture
def request_of(nurse):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.20")
    request.user = nurse.user
    request.membership = nurse.membership
    return request


def _batch(request, org, refs):
    return log_access_many(
        request,
        action=AccessAction.QUERY,
        data_category="signalenlijst",
        clients=[(ref, org) for ref in refs],
        detail={"view": "werklijst"},
    )


def test_it_writes_one_verifiable_line_per_client_of_a_batch(request_of, nurse):
    org = nurse.organisation.uuid
    events = _batch(request_of, org, ["A-1", "A-2", "A-3"])
    rows = list(AccessEvent.objects.order_by("seq"))
    assert [e.client_ref for e in rows] == ["A-1", "A-2", "A-3"]
    assert [e.seq for e in events] == [e.seq for e in rows]
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash
    assert AccessLogHead.objects.get(id=1).last_hash == rows[-1].hash
    assert list(verify_chain()) == []
    for row in rows:
        assert row.action == AccessAction.QUERY
        assert row.user_id == nurse.user.pk
        assert row.role == "jgz_verpleegkundige"
        assert row.organisation_id == org
        assert row.client_organisation_id == org
        assert row.authorisation_basis == "rol:jgz_verpleegkundige"
        assert row.access_point == "192.0.2.20"
        assert row.request_id == rows[0].request_id
        assert row.detail == {"view": "werklijst"}
    assert len({row.event_id for row in rows}) == 3


def test_it_interleaves_batches_with_single_lines_in_one_chain(request_of, nurse):
    org = nurse.organisation.uuid
    log_access(request_of, action=AccessAction.READ, data_category="x", client_ref="S-1")
    _batch(request_of, org, ["B-1", "B-2"])
    log_access(request_of, action=AccessAction.READ, data_category="x", client_ref="S-2")
    _batch(request_of, org, ["C-1"])
    refs = list(AccessEvent.objects.order_by("seq").values_list("client_ref", flat=True))
    assert refs == ["S-1", "B-1", "B-2", "S-2", "C-1"]
    assert list(verify_chain()) == []


def test_it_finds_a_changed_line_of_a_batch(request_of, nurse):
    _batch(request_of, nurse.organisation.uuid, ["D-1", "D-2", "D-3"])
    rows = list(AccessEvent.objects.order_by("seq"))
    rows[1].client_ref = "ANDERS"  # in memory only: verify_chain recomputes from what it gets
    problems = list(verify_chain(rows))
    assert [p.seq for p in problems] == [rows[1].seq]


def test_it_writes_nothing_for_an_empty_batch(request_of):
    with CaptureQueriesContext(connection) as queries:
        assert _batch(request_of, None, []) == []
    assert len(queries) == 0
    assert not AccessEvent.objects.exists()


def test_it_writes_a_batch_in_a_fixed_number_of_statements(request_of, nurse):
    org = nurse.organisation.uuid
    _batch(request_of, org, ["E-0"])  # the first line ever also creates the head
    with CaptureQueriesContext(connection) as small:
        _batch(request_of, org, ["E-1"])
    with CaptureQueriesContext(connection) as large:
        _batch(request_of, org, [f"F-{n}" for n in range(50)])  # a worklist page
    assert len(large) == len(small)
    # Savepoint, the head locked, then the lines and the head's new hash in one statement on
    # PostgreSQL (an INSERT and an UPDATE elsewhere), release.
    assert len(small) == (4 if connection.vendor == "postgresql" else 5), small.captured_queries
    assert AccessEvent.objects.count() == 52
    assert not list(verify_chain())
