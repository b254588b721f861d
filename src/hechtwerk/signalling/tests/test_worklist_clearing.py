"""A worklist that can be cleared: moments not held, referrals followed up, each referral a line."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hechtwerk.catalogue.tests.factories import InterventionFactory
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent
from hechtwerk.signalling import services
from hechtwerk.signalling.models import ContactMoment, MomentNotHeld, SignallingPolicy
from hechtwerk.signalling.rules import Policy, referral_needs_follow_up
from hechtwerk.signalling.services import SignallingError

from .factories import ChildFactory, make_consult, make_referral

pytestmark = pytest.mark.django_db

URL = reverse("signalling:worklist")


def _born(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _moment(nurse, code: str) -> ContactMoment:
    services.ensure_schedule(nurse.organisation)
    return ContactMoment.objects.get(organisation=nurse.organisation, code=code)


def test_it_takes_a_moment_noted_as_not_held_off_the_worklist(client_for, nurse):
    """T1.1: the note is written through the page, and the access log names the child."""
    child = ChildFactory(
        organisation=nurse.organisation, case_code="VERHUISD-1", birth_date=_born(20)
    )
    client = client_for(nurse)
    page = client.get(URL).content.decode()
    url = reverse("signalling:moment_not_held", args=[child.uuid, "huisbezoek_2w"])
    assert url in page  # the list offers it next to the moment

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "verhuisd"})
    assert response.status_code == 302

    note = MomentNotHeld.objects.get(child=child)
    assert (note.contact_moment.code, note.reason, note.professional) == (
        "huisbezoek_2w",
        "verhuisd",
        nurse.user,
    )
    assert AccessEvent.objects.filter(
        action=AccessAction.CREATE, client_ref="VERHUISD-1", outcome="success"
    ).exists()
    # The 4-week moment is not due yet at 20 days: nothing else keeps the child on the list.
    assert "VERHUISD-1" not in client.get(URL).content.decode()
    # The child's page shows the note, with the way to correct it.
    detail = client.get(reverse("signalling:child_detail", args=[child.uuid])).content.decode()
    assert "niet gehouden: Verhuisd" in detail
    assert reverse("signalling:mark_in_error", args=["niet-gehouden", note.uuid]) in detail


def test_it_refuses_a_note_without_a_reason_and_keeps_the_child_listed(client_for, nurse):
    child = ChildFactory(
        organisation=nurse.organisation, case_code="ZONDER-1", birth_date=_born(20)
    )
    client = client_for(nurse)
    url = reverse("signalling:moment_not_held", args=[child.uuid, "huisbezoek_2w"])
    response = client.post(url, {"reason": "iets"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not MomentNotHeld.objects.exists()
    assert (
        client.get(reverse("signalling:moment_not_held", args=[child.uuid, "nope"])).status_code
        == 404
    )


def test_it_puts_the_moment_back_when_the_note_is_marked_in_error(nurse):
    child = ChildFactory(organisation=nurse.organisation, birth_date=_born(50))
    moment = _moment(nurse, "4w")
    note = services.mark_moment_not_held(
        actor=nurse.user, child=child, contact_moment=moment, reason="elders_gehouden"
    )
    with pytest.raises(SignallingError, match="al als niet gehouden"):
        services.mark_moment_not_held(
            actor=nurse.user, child=child, contact_moment=moment, reason="verhuisd"
        )
    services.mark_entered_in_error(actor=nurse.user, record=note, reason="Verkeerd kind")
    again = services.mark_moment_not_held(
        actor=nurse.user, child=child, contact_moment=moment, reason="verhuisd"
    )
    assert again.pk != note.pk


def test_it_refuses_to_note_a_moment_that_was_held(nurse, version):
    child = ChildFactory(organisation=nurse.organisation, birth_date=_born(50))
    make_consult(child=child, actor=nurse.user, days_old=22, moment_code="4w")
    with pytest.raises(SignallingError, match="al een consult"):
        services.mark_moment_not_held(
            actor=nurse.user, child=child, contact_moment=_moment(nurse, "4w"), reason="verhuisd"
        )


def test_it_refuses_another_organisations_child_with_a_404(client_for, nurse, outsider):
    child = ChildFactory(organisation=outsider.organisation, birth_date=_born(20))
    url = reverse("signalling:moment_not_held", args=[child.uuid, "huisbezoek_2w"])
    assert client_for(nurse).post(url, {"reason": "verhuisd"}).status_code == 404
    assert not MomentNotHeld.objects.exists()


def test_it_waits_the_configured_days_before_a_referral_is_without_follow_up():
    today = dt.date(2026, 3, 2)
    six_weeks = Policy()
    assert six_weeks.referral_follow_up_days == 42
    assert not referral_needs_follow_up(today - dt.timedelta(days=41), today, policy=six_weeks)
    assert referral_needs_follow_up(today - dt.timedelta(days=42), today, policy=six_weeks)
    short = Policy(referral_follow_up_days=7)
    assert referral_needs_follow_up(today - dt.timedelta(days=7), today, policy=short)
    # Settled by what the parents did; a waiting list counts again from the day it was noted.
    old = today - dt.timedelta(days=100)
    assert not referral_needs_follow_up(old, today, status="afgezien")
    assert not referral_needs_follow_up(old, today, status="elders_gestart")
    assert not referral_needs_follow_up(old, today, started=True)
    noted = today - dt.timedelta(days=10)
    assert not referral_needs_follow_up(old, today, status="wachtlijst", noted_on=noted)
    assert referral_needs_follow_up(
        old, today, status="wachtlijst", noted_on=today - dt.timedelta(days=42)
    )


def test_it_lists_a_referral_only_after_the_policys_days(client_for, nurse):
    recent = ChildFactory(
        organisation=nurse.organisation, case_code="RECENT", birth_date=_born(400)
    )
    older = ChildFactory(organisation=nurse.organisation, case_code="OUDER", birth_date=_born(400))
    make_referral(child=recent, actor=nurse.user, days_old=10)
    make_referral(child=older, actor=nurse.user, days_old=42)
    page = client_for(nurse).get(URL).content.decode()
    assert "OUDER" in page
    assert "RECENT" not in page
    SignallingPolicy.objects.filter(pk=SignallingPolicy.objects.current().pk).update(
        referral_follow_up_days=7
    )
    assert "RECENT" in client_for(nurse).get(URL).content.decode()


@pytest.mark.parametrize(
    ("status", "listed"),
    [("afgezien", False), ("elders_gestart", False), ("wachtlijst", False), ("", True)],
)
def test_it_takes_a_referral_off_when_the_follow_up_says_what_became_of_it(
    client_for, nurse, status, listed
):
    child = ChildFactory(
        organisation=nurse.organisation, case_code="VERVOLG", birth_date=_born(400)
    )
    referral = make_referral(child=child, actor=nurse.user, days_old=60)
    client = client_for(nurse)
    url = reverse("signalling:referral_follow_up", args=[referral.uuid])
    assert "Op een wachtlijst" in client.get(url).content.decode()
    response = client.post(url, {"started_on": "", "completed_on": "", "status": status})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.follow_up_status == status
    assert (referral.follow_up_noted_on == timezone.localdate()) is bool(status)
    assert ("VERVOLG" in client.get(URL).content.decode()) is listed


def test_it_refuses_a_waiting_list_for_help_that_started(nurse):
    child = ChildFactory(organisation=nurse.organisation, birth_date=_born(400))
    referral = make_referral(child=child, actor=nurse.user, days_old=60)
    with pytest.raises(SignallingError, match="wachtlijst") as error:
        services.record_referral_follow_up(
            actor=nurse.user,
            referral=referral,
            started_on=timezone.localdate(),
            completed_on=None,
            status="wachtlijst",
        )
    assert error.value.field == "status"


def test_it_shows_each_referral_on_its_own_line_naming_the_intervention(client_for, nurse):
    child = ChildFactory(
        organisation=nurse.organisation, case_code="TWEE-VERW", birth_date=_born(400)
    )
    services.refer_child(
        actor=nurse.user,
        child=child,
        destination="jeugd_ggz",
        reason="Huilen",
        referred_on=_born(50),
        intervention=InterventionFactory(name="Stevig Ouderschap"),
    )
    make_referral(child=child, actor=nurse.user, days_old=45)
    page = client_for(nurse).get(URL).content.decode()
    row = page[page.index("TWEE-VERW") :]
    row = row[: row.index("</tr>")]
    assert row.count("<li>") == 2
    assert "Stevig Ouderschap" in row
