"""Recording a consult reads and writes a fixed number of SQL statements in a fixed number of
round trips to the database (issue 13).

Each count is exact and lists its statements, so that a check re-reading what the request already
holds, or a write that could be folded into another, shows up here as a changed number. The
second consult of the test is counted: the first warms what a running server keeps per process
(the published Signalenlijst's items and options) and what it writes at most once a minute (the
token's last use), as well as the access log's head row (made by the first line ever written).
Inside the test's own transaction BEGIN/COMMIT are SAVEPOINT/RELEASE SAVEPOINT. A round trip is
a statement on its own or a pipeline of them (core.compiled.run_together; counted by
core.tests.round_trips, which leaves out the connection's health check).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent, AuditEntry
from hechtwerk.core.tests.round_trips import round_trips
from hechtwerk.method.codes import Dimension
from hechtwerk.signalling.models import Consult, DimensionAssessment

from .api_client import Api
from .factories import PARENT_ITEMS, ChildFactory, answers_with

pytestmark = pytest.mark.django_db

ATT1, _ = PARENT_ITEMS[Dimension.ATTUNEMENT]


@pytest.fixture
def children(nurse, version):
    return [ChildFactory(organisation=nurse.organisation, case_code=f"TEL-{n}") for n in range(2)]


def _on(child):
    return str(child.birth_date + dt.timedelta(days=28))


def _statements(queries):
    return "\n".join(q["sql"][:120] for q in queries.captured_queries)


# POST /api/v1/signalling/children/{id}/consults with a token, on PostgreSQL, inside the test's
# transaction, round trip by round trip:
#   1 the token, its user, membership and organisation, and whether the user has a second factor
#   2 six statements in one pipeline (signalling.services.consult_inputs): the child (scoped to
#     the token's organisation), the organisation's contact moments (the schedule), the
#     signalling policy, the current Signalenlijst version, another consult of the child for
#     this contact moment? (one consult per moment), and a key for the new consult
#   3 SAVEPOINT (record_consult's transaction)
#   4 two statements in one pipeline: INSERT the consult, complete with its derived advice; one
#     data-modifying WITH (core.compiled.write_together): INSERT its answers, INSERT its
#     dimensions, INSERT the audit entry, UPDATE the child's worklist facts
#   5 RELEASE SAVEPOINT
#   6 SAVEPOINT (the access log's transaction, after the response is known)
#   7 SELECT ... FOR UPDATE the access log's head (the chain stays linear)
#   8 one statement: INSERT the access-log line, UPDATE the head
#   9 RELEASE SAVEPOINT
# 15 statements in 9 round trips. On SQLite every statement is a round trip of its own: 2 is
# five reads (no key is taken: the consult's INSERT returns it), 4 is five statements, 8 two.
API_RECORD = {"postgresql": (15, 9)}.get(connection.vendor, (18, 18))


def _second_api_consult(nurse, children):
    """Record the first child's 4-weeks consult, then the second's while counting statements."""
    api = Api(nurse)
    first, second = children
    body = {"contact_moment": "4w", "answers": answers_with(**{ATT1: "nog_niet_positief"})}
    url = f"/signalling/children/{second.uuid}/consults"
    first_url = f"/signalling/children/{first.uuid}/consults"
    assert api.post(first_url, body | {"consult_date": _on(first)}).status_code == 201
    with CaptureQueriesContext(connection) as queries, round_trips(connection) as trips:
        response = api.post(url, body | {"consult_date": _on(second)})
    assert response.status_code == 201, response.content
    return api, url, body | {"consult_date": _on(second)}, response, queries, trips


def test_recording_a_consult_through_the_api_takes_a_fixed_number_of_statements(nurse, children):
    _api, _url, _body, response, queries, trips = _second_api_consult(nurse, children)
    second = children[1]
    assert (len(queries), trips.count) == API_RECORD, _statements(queries)
    # Everything is still there: the consult with its answers and dimensions, the audit entry
    # and the access-log line; the answer shows what was stored.
    consult = Consult.objects.get(child=second)
    assert response.json()["id"] == str(consult.uuid)
    assert response.json()["answers"] == {
        a.item.code: a.option.code for a in consult.answers.select_related("item", "option")
    }
    assert DimensionAssessment.objects.filter(consult=consult).count() == len(Dimension)
    assert consult.has_searching_dimension
    assert consult.offer_conversation_model
    assert AuditEntry.objects.filter(
        action="signalling.consult.recorded", target_id=str(consult.uuid)
    ).exists()
    line = AccessEvent.objects.get(action=AccessAction.CREATE, client_ref="TEL-1")
    assert line.outcome == AccessOutcome.SUCCESS


# POST of the consult form (signed in with a session; the same service as the API), on
# PostgreSQL inside the test's transaction, round trip by round trip:
#   1 the session
#   2 the user
#   3 the user's active memberships (the organisation and role acted in; also tell whether the
#     role needs two factors)
#   4 whether the user has a second factor (a role that needs one is sent to set it up)
#   5 six statements in one pipeline, as for the API (consult_inputs): the child, the schedule
#     (the form's choices and the service's check), the policy, the current Signalenlijst
#     version, the second-consult check for the moment posted, and a key for the new consult
#   6 SAVEPOINT (record_consult's transaction)
#   7 two statements in one pipeline: INSERT the consult; INSERT its answers, its dimensions
#     and the audit entry and UPDATE the child's worklist facts (one WITH statement)
#   8 RELEASE SAVEPOINT
#   9 SAVEPOINT (the access log's transaction, after the response is known)
#  10 SELECT ... FOR UPDATE the access log's head
#  11 one statement: INSERT the access-log line, UPDATE the head
#  12 RELEASE SAVEPOINT
#  13 SAVEPOINT (the session, saved on every request for its idle limit)
#  14 UPDATE the session
#  15 RELEASE SAVEPOINT
# 21 statements in 15 round trips. On SQLite 5 is five reads, 7 five statements and 11 two,
# each a round trip of its own.
PAGE_RECORD = {"postgresql": (21, 15)}.get(connection.vendor, (24, 24))


def test_recording_a_consult_through_the_page_takes_a_fixed_number_of_statements(
    client_for, nurse, children
):
    client = client_for(nurse)
    first, second = children

    def post(child):
        data = {"contact_moment": "4w", "consult_date": _on(child)}
        answers = answers_with(**{ATT1: "nog_niet_positief"})
        data |= {f"item_{code}": option for code, option in answers.items()}
        return client.post(reverse("signalling:consult_create", args=[child.uuid]), data)

    assert post(first).status_code == 302
    with CaptureQueriesContext(connection) as queries, round_trips(connection) as trips:
        response = post(second)
    assert response.status_code == 302
    assert (len(queries), trips.count) == PAGE_RECORD, _statements(queries)
    consult = Consult.objects.get(child=second)
    assert response.url == reverse("signalling:consult_detail", args=[consult.uuid])
    line = AccessEvent.objects.get(action=AccessAction.CREATE, client_ref="TEL-1")
    assert line.outcome == AccessOutcome.SUCCESS


# The same request as a server runs it, outside any transaction, on PostgreSQL: 13 statements
# in five round trips (besides the connection's health check and the rate limit's one round trip
# to Redis):
#   1 the token (as above)
#   2 consult_inputs' six statements (as above)
#   3 INSERT the consult; the WITH statement: one implicit transaction, all or nothing
#   4 BEGIN; SELECT ... FOR UPDATE the access log's head
#   5 INSERT the access-log line and UPDATE the head (one WITH statement); COMMIT
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_consult_through_the_api_takes_five_round_trips(nurse, children):
    assert not connection.in_atomic_block
    api, url, body, response, queries, trips = _second_api_consult(nurse, children)
    second = children[1]
    assert (len(queries), trips.count) == (13, 5), _statements(queries)
    consult = Consult.objects.get(child=second)
    assert response.json()["id"] == str(consult.uuid)
    assert consult.answers.count() == len(response.json()["answers"])
    assert DimensionAssessment.objects.filter(consult=consult).count() == len(Dimension)
    assert AuditEntry.objects.filter(
        action="signalling.consult.recorded", target_id=str(consult.uuid)
    ).exists()
    line = AccessEvent.objects.get(action=AccessAction.CREATE, client_ref="TEL-1")
    assert line.outcome == AccessOutcome.SUCCESS
    # A second 4-weeks consult for the same child is refused and leaves nothing behind; its
    # access-log line says it failed.
    again = api.post(url, body)
    assert again.status_code == 400
    assert again.json()["errors"][0]["field"] == "contact_moment"
    assert Consult.objects.filter(child=second).count() == 1
    refused = AccessEvent.objects.filter(action=AccessAction.CREATE, client_ref="TEL-1")
    assert sorted(refused.values_list("outcome", flat=True)) == sorted(
        [AccessOutcome.SUCCESS, AccessOutcome.FAILURE]
    )
