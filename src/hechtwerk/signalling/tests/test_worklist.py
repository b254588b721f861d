"""The worklist at scale: a page at a time, in a documented order, logging only the page shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hechtwerk.core.access import verify_chain
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent
from hechtwerk.method.codes import Dimension
from hechtwerk.signalling.worklist import PAGE_SIZE

from .factories import (
    PARENT_ITEMS,
    ChildFactory,
    answers_with,
    make_consult,
    make_referral,
)

pytestmark = pytest.mark.django_db

ATT1, _ATT2 = PARENT_ITEMS[Dimension.ATTUNEMENT]
URL = reverse("signalling:worklist")


def _born(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _logged_refs() -> list[str]:
    return list(
        AccessEvent.objects.filter(action=AccessAction.QUERY)
        .order_by("seq")
        .values_list("client_ref", flat=True)
    )


def _overdue_children(nurse, count: int) -> list[str]:
    codes = [f"LAAT-{n:03d}" for n in range(count)]
    for code in codes:
        ChildFactory(organisation=nurse.organisation, case_code=code, birth_date=_born(50))
    return codes


def test_it_shows_fifty_children_a_page_and_logs_only_those(client_for, nurse):
    codes = _overdue_children(nurse, PAGE_SIZE + 5)
    client = client_for(nurse)
    first = client.get(URL).content.decode()
    assert f"{PAGE_SIZE + 5} kinderen vragen aandacht" in first
    assert "Pagina 1 van 2" in first
    assert all(code in first for code in codes[:PAGE_SIZE])
    assert codes[PAGE_SIZE] not in first
    assert _logged_refs() == codes[:PAGE_SIZE]

    second = client.get(URL, {"pagina": 2}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in second  # the htmx page link gets the list only
    assert all(code in second for code in codes[PAGE_SIZE:])
    assert codes[0] not in second
    assert _logged_refs() == codes[:PAGE_SIZE] + codes[PAGE_SIZE:]
    assert list(verify_chain()) == []


def test_it_answers_a_page_out_of_range_with_the_last_page(client_for, nurse):
    codes = _overdue_children(nurse, 3)
    page = client_for(nurse).get(URL, {"pagina": "99"}).content.decode()
    assert all(code in page for code in codes)
    assert client_for(nurse).get(URL, {"pagina": "x"}).status_code == 200


def test_it_lists_overdue_then_due_then_zoekend_then_referrals(client_for, nurse, version):
    make_referral(
        child=ChildFactory(
            organisation=nurse.organisation, case_code="A-REF", birth_date=_born(400)
        ),
        actor=nurse.user,
        days_old=60,
    )
    searching = ChildFactory(
        organisation=nurse.organisation, case_code="B-ZOEK", birth_date=_born(300)
    )
    # Every first-half-year consult held; the last one has a zoekende dimension.
    for age, code in ((14, "huisbezoek_2w"), (28, "4w"), (56, "8w"), (91, "3m"), (122, "4m")):
        make_consult(child=searching, actor=nurse.user, days_old=age, moment_code=code)
    make_consult(
        child=searching,
        actor=nurse.user,
        days_old=183,
        moment_code="6m",
        answers=answers_with(**{ATT1: "nog_niet_positief"}),
    )
    ChildFactory(organisation=nurse.organisation, case_code="C-BEURT", birth_date=_born(10))
    ChildFactory(organisation=nurse.organisation, case_code="D-LAAT", birth_date=_born(50))
    page = client_for(nurse).get(URL).content.decode()
    positions = [page.index(code) for code in ("D-LAAT", "C-BEURT", "B-ZOEK", "A-REF")]
    assert positions == sorted(positions)
    assert _logged_refs() == ["D-LAAT", "C-BEURT", "B-ZOEK", "A-REF"]


def test_it_leaves_a_zoekende_dimension_off_once_the_child_is_past_the_signalenlijst_age(
    client_for, nurse, version
):
    older = ChildFactory(organisation=nurse.organisation, case_code="OUDER", birth_date=_born(400))
    make_consult(
        child=older,
        actor=nurse.user,
        days_old=200,
        moment_code="7_5m",
        answers=answers_with(**{ATT1: "nog_niet_positief"}),
    )
    page = client_for(nurse).get(URL).content.decode()
    assert "OUDER" not in page
    assert "Niets op de werklijst." in page


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_it_loads_a_page_in_the_same_number_of_queries_however_many_children(
    client_for, nurse, version
):
    client = client_for(nurse)
    _overdue_children(nurse, 2)
    _count(client)  # the first request also starts a session and the schedule
    before = _count(client)
    _overdue_children(nurse, 0)
    for n in range(PAGE_SIZE + 10):
        ChildFactory(
            organisation=nurse.organisation, case_code=f"MEER-{n:03d}", birth_date=_born(50)
        )
    searching = ChildFactory(organisation=nurse.organisation, birth_date=_born(300))
    make_consult(
        child=searching,
        actor=nurse.user,
        days_old=200,
        moment_code="7_5m",
        answers=answers_with(**{ATT1: "nog_niet_positief"}),
    )
    make_referral(child=searching, actor=nurse.user, days_old=60)
    assert _count(client) == before


def _open_conversation_codes(nurse) -> set[str]:
    from hechtwerk.signalling.services import current_policy, ensure_schedule
    from hechtwerk.signalling.worklist import worklist

    entries = worklist(
        nurse.membership,
        ensure_schedule(nurse.organisation),
        current_policy(),
        timezone.localdate(),
    )
    return {e.child.case_code for e in entries if e.open_conversations}


def test_it_follows_the_professionals_confirmation_of_a_zoekende_dimension(nurse, version):
    from hechtwerk.signalling import services

    child = ChildFactory(
        organisation=nurse.organisation, case_code="BEVESTIGD", birth_date=_born(100)
    )
    consult = make_consult(child=child, actor=nurse.user, days_old=91, moment_code="3m")
    assert not consult.has_searching_dimension
    assert "BEVESTIGD" not in _open_conversation_codes(nurse)
    # Overridden to zoekend: on the list ...
    services.confirm_dimensions(
        actor=nurse.user,
        consult=consult,
        expected_version=consult.version,
        decisions={Dimension.BALANCE: ("zoekend", "Moeder oogt uitgeput")},
    )
    consult.refresh_from_db()
    assert consult.has_searching_dimension
    assert "BEVESTIGD" in _open_conversation_codes(nurse)
    # ... and confirmed positief again: off it.
    services.confirm_dimensions(
        actor=nurse.user,
        consult=consult,
        expected_version=consult.version,
        decisions={Dimension.BALANCE: ("positief", "")},
    )
    consult.refresh_from_db()
    assert not consult.has_searching_dimension
    assert "BEVESTIGD" not in _open_conversation_codes(nurse)


def test_it_marks_a_consult_zoekend_from_its_answers(nurse, version):
    child = ChildFactory(organisation=nurse.organisation, birth_date=_born(100))
    consult = make_consult(
        child=child,
        actor=nurse.user,
        days_old=91,
        moment_code="3m",
        answers=answers_with(**{ATT1: "nog_niet_positief"}),
    )
    assert consult.has_searching_dimension
