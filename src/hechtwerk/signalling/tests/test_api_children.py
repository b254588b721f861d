"""API, children, worklist and schedule: the page's checks, paging, isolation and the access log
(T1.1 reads and searches logged, T1.4 another organisation's child is a 404, T1.16 outcomes)."""

from __future__ import annotations

import datetime as dt

import pytest

from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent

from .api_client import Api, fields
from .factories import ChildFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def test_it_registers_a_child_and_logs_the_creation_under_its_case_code(nurse):
    response = Api(nurse).post(
        "/signalling/children",
        {"case_code": "JGZ-2026-0042", "birth_date": str(TODAY - dt.timedelta(days=10))},
    )
    assert response.status_code == 201
    assert response.json()["case_code"] == "JGZ-2026-0042"
    line = AccessEvent.objects.get(action=AccessAction.CREATE)
    assert (line.client_ref, line.outcome) == ("JGZ-2026-0042", AccessOutcome.SUCCESS)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"case_code": "Jansen-Pietje", "birth_date": str(TODAY)}, "case_code"),  # a name
        ({"case_code": "123456782", "birth_date": str(TODAY)}, "case_code"),  # a BSN
        ({"case_code": "OK-1"}, "birth_date"),  # no date at all
        ({"case_code": "OK-2", "birth_date": str(TODAY + dt.timedelta(days=2))}, "birth_date"),
        ({"case_code": "OK-3", "due_date": str(TODAY + dt.timedelta(days=900))}, "due_date"),
    ],
)
def test_it_refuses_what_the_page_refuses_at_the_field(nurse, body, field):
    response = Api(nurse).post("/signalling/children", body)
    assert response.status_code == 400, response.json()
    assert fields(response) == [field]
    assert AccessEvent.objects.get(action=AccessAction.CREATE).outcome == AccessOutcome.FAILURE


def test_it_refuses_a_case_code_already_in_use(nurse):
    ChildFactory(organisation=nurse.organisation, case_code="DUBBEL-1")
    response = Api(nurse).post(
        "/signalling/children", {"case_code": "dubbel-1", "birth_date": str(TODAY)}
    )
    assert response.status_code == 400
    assert fields(response) == ["case_code"]


def test_it_searches_only_the_own_organisation_with_paging_and_logs_each_child(nurse, outsider):
    for n in range(3):
        ChildFactory(organisation=nurse.organisation, case_code=f"ZOEK-{n}")
    ChildFactory(organisation=outsider.organisation, case_code="ZOEK-ELDERS")
    page = Api(nurse).get("/signalling/children", q="zoek", limit=2, offset=1).json()
    assert page["count"] == 3
    assert [c["case_code"] for c in page["items"]] == ["ZOEK-1", "ZOEK-2"]
    logged = set(
        AccessEvent.objects.filter(action=AccessAction.QUERY).values_list("client_ref", flat=True)
    )
    assert logged == {"ZOEK-1", "ZOEK-2"}


def test_it_needs_a_search_term(nurse):
    response = Api(nurse).get("/signalling/children")
    assert response.status_code == 422
    assert fields(response) == ["q"]


def test_it_reads_and_updates_the_dates_of_a_child(nurse):
    child = ChildFactory(organisation=nurse.organisation, unborn=True, case_code="GEBOORTE-1")
    api = Api(nurse)
    assert api.get(f"/signalling/children/{child.uuid}").json()["birth_date"] is None
    born = str(TODAY - dt.timedelta(days=1))
    response = api.put(
        f"/signalling/children/{child.uuid}/dates",
        {"birth_date": born, "due_date": str(child.due_date)},
    )
    assert response.status_code == 200
    assert response.json()["birth_date"] == born
    future = api.put(
        f"/signalling/children/{child.uuid}/dates", {"birth_date": str(TODAY + dt.timedelta(1))}
    )
    assert future.status_code == 400
    assert fields(future) == ["birth_date"]


def test_it_marks_a_child_in_error_with_a_reason(nurse):
    child = ChildFactory(organisation=nurse.organisation)
    path = f"/signalling/children/{child.uuid}/entered-in-error"
    no_reason = Api(nurse).post(path, {"reason": " "})
    assert no_reason.status_code == 400
    assert fields(no_reason) == ["reason"]
    marked = Api(nurse).post(path, {"reason": "Dubbel aangemaakt."})
    assert marked.status_code == 200
    assert marked.json()["entered_in_error"] is True


def test_it_hides_another_organisations_child_and_logs_the_denial(nurse, outsider):
    child = ChildFactory(organisation=nurse.organisation, case_code="GEHEIM-1")
    api = Api(outsider)
    assert api.get(f"/signalling/children/{child.uuid}").status_code == 404
    marked = api.post(f"/signalling/children/{child.uuid}/entered-in-error", {"reason": "x"})
    assert marked.status_code == 404
    child.refresh_from_db()
    assert not child.entered_in_error
    denied = AccessEvent.objects.filter(outcome=AccessOutcome.FAILURE, client_ref="GEHEIM-1")
    assert denied.count() == 2


def test_it_lists_the_worklist_in_the_pages_order_with_a_count(nurse):
    # Born 30 days ago: the 4-week moment is due or overdue, so the child is on the list.
    due = ChildFactory(
        organisation=nurse.organisation,
        case_code="WERK-1",
        birth_date=TODAY - dt.timedelta(days=30),
    )
    body = Api(nurse).get("/signalling/worklist").json()
    assert body["count"] >= 1
    assert (body["page"], body["page_size"]) == (1, 50)
    entry = next(e for e in body["items"] if e["child"]["id"] == str(due.uuid))
    assert {m["code"] for m in entry["moments"]} >= {"4w"}
    assert AccessEvent.objects.filter(action=AccessAction.QUERY, client_ref="WERK-1").exists()
    bad = Api(nurse).get("/signalling/worklist", page=0)
    assert bad.status_code == 422


def test_it_lists_the_contact_moments_with_their_windows(nurse):
    body = Api(nurse).get("/signalling/contact-moments", limit=3).json()
    assert body["count"] == 14
    first = body["items"][0]
    assert first["code"] == "huisbezoek_2w"
    assert first["window_from_days"] <= first["age_days"] <= first["window_to_days"]
    assert first["in_first_half_year"] is True
    assert len(body["items"]) == 3


def test_it_refuses_the_schedule_to_a_team_leader(team_leader):
    assert Api(team_leader).get("/signalling/contact-moments").status_code == 403
