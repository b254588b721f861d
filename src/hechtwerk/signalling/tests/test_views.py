"""Pages: what a JGZ professional sees and does, and that every access is logged."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent
from hechtwerk.method.codes import Dimension
from hechtwerk.signalling.models import Child, Consult, Referral

from .factories import (
    PARENT_ITEMS,
    ChildFactory,
    all_positive,
    answers_with,
    make_consult,
    make_referral,
)

pytestmark = pytest.mark.django_db

ATT1, _ATT2 = PARENT_ITEMS[Dimension.ATTUNEMENT]
INV1, _INV2 = PARENT_ITEMS[Dimension.INVOLVEMENT]


@pytest.fixture
def child(nurse):
    return ChildFactory(organisation=nurse.organisation, case_code="DOS-123")


def _consult_post(child, answers, **extra):
    data = {"contact_moment": "4w", "consult_date": str(child.birth_date + dt.timedelta(days=28))}
    data |= {f"item_{code}": option for code, option in answers.items()}
    return data | extra


def test_it_adds_a_child_and_logs_the_creation(client_for, nurse):
    response = client_for(nurse).post(
        reverse("signalling:child_create"),
        {"case_code": "NIEUW-1", "birth_date": "", "due_date": str(timezone.localdate())},
    )
    child = Child.objects.get(case_code="NIEUW-1")
    assert response.url == reverse("signalling:child_detail", args=[child.uuid])
    event = AccessEvent.objects.get(action=AccessAction.CREATE)
    assert event.client_ref == "NIEUW-1"
    assert event.client_organisation_id == nurse.organisation.uuid


def test_it_shows_a_case_code_in_use_at_the_field_and_keeps_the_input(client_for, nurse, child):
    response = client_for(nurse).post(
        reverse("signalling:child_create"),
        {"case_code": "dos-123", "birth_date": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "al in gebruik" in response.content.decode()
    assert 'value="dos-123"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_it_logs_each_child_found_by_a_search(client_for, nurse, child):
    ChildFactory(organisation=nurse.organisation, case_code="ANDERS-9")
    response = client_for(nurse).get(reverse("signalling:child_list"), {"q": "dos"})
    assert "DOS-123" in response.content.decode()
    assert "ANDERS-9" not in response.content.decode()
    event = AccessEvent.objects.get(action=AccessAction.QUERY)
    assert event.client_ref == "DOS-123"
    assert event.client_organisation_id == nurse.organisation.uuid


def test_it_does_not_find_another_organisations_child(client_for, outsider, child):
    response = client_for(outsider).get(reverse("signalling:child_list"), {"q": "DOS"})
    assert "DOS-123" not in response.content.decode()


def test_it_answers_404_and_logs_a_denied_read_for_another_organisations_child(
    client_for, outsider, child
):
    response = client_for(outsider).get(reverse("signalling:child_detail", args=[child.uuid]))
    assert response.status_code == 404
    assert AccessEvent.objects.get().outcome == "failure"


def test_it_records_a_consult_and_shows_the_advice(client_for, nurse, child, version):
    client = client_for(nurse)
    response = client.post(
        reverse("signalling:consult_create", args=[child.uuid]),
        _consult_post(child, answers_with(**{ATT1: "nog_niet_positief"})),
    )
    consult = Consult.objects.get()
    assert response.url == reverse("signalling:consult_detail", args=[consult.uuid])
    assert AccessEvent.objects.filter(action=AccessAction.CREATE, client_ref="DOS-123").exists()
    page = client.get(response.url).content.decode()
    assert "bied het ééngespreksmodel aan" in page
    assert "Geef geen adviezen" in page


def test_it_gives_the_live_advice_for_a_half_filled_list(client_for, nurse, version):
    response = client_for(nurse).post(
        reverse("signalling:consult_advice"),
        {
            "instrument_version": str(version.uuid),
            f"item_{ATT1}": "nog_niet_positief",
            f"item_{INV1}": "nog_niet_positief",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Bespreek de signalen met de ouders" in html
    assert "Verbindende taal" in html
    assert "<html" not in html


def test_it_previews_the_advice_without_javascript_and_saves_nothing(
    client_for, nurse, child, version
):
    response = client_for(nurse).post(
        reverse("signalling:consult_create", args=[child.uuid]),
        _consult_post(child, {ATT1: "nog_niet_positief"}, preview="1"),
    )
    assert response.status_code == 200
    assert "zoekend" in response.content.decode().lower()
    assert not Consult.objects.exists()


def test_it_keeps_the_answers_when_the_date_is_refused(client_for, nurse, child, version):
    data = _consult_post(child, {ATT1: "nog_niet_positief"})
    data["consult_date"] = str(child.birth_date - dt.timedelta(days=3))
    response = client_for(nurse).post(reverse("signalling:consult_create", args=[child.uuid]), data)
    html = response.content.decode()
    assert "vóór de geboortedatum" in html
    assert re.search(rf'name="item_{ATT1}" value="nog_niet_positief"[^>]*checked', html)
    assert not Consult.objects.exists()


def test_it_tells_the_second_saver_about_the_conflict(client_for, nurse, doctor, child, version):
    consult = make_consult(child=child, actor=nurse.user)
    url = reverse("signalling:consult_edit", args=[consult.uuid])
    first = _consult_post(child, answers_with(**{ATT1: "nog_niet_positief"}), version="1")
    second = _consult_post(child, answers_with(**{INV1: "nog_niet_positief"}), version="1")
    assert client_for(nurse).post(url, first).status_code == 302
    response = client_for(doctor).post(url, second)
    assert response.status_code == 409
    assert "Iemand anders heeft dit consult intussen opgeslagen" in response.content.decode()
    stored = {a.item.code: a.option.code for a in consult.answers.select_related("item", "option")}
    assert stored[INV1] == "positief"


def test_it_confirms_dimensions_and_shows_a_missing_reason_at_the_field(
    client_for, nurse, child, version
):
    consult = make_consult(child=child, actor=nurse.user)
    data = {"version": "1"} | {f"status_{d.value}": "positief" for d in Dimension}
    data["status_balans"] = "zoekend"
    response = client_for(nurse).post(
        reverse("signalling:consult_dimensions", args=[consult.uuid]), data
    )
    assert "geef een reden op" in response.content.decode()
    data["reason_balans"] = "Ouder oogt overbelast"
    response = client_for(nurse).post(
        reverse("signalling:consult_dimensions", args=[consult.uuid]), data
    )
    assert response.status_code == 302
    assert consult.dimensions.get(dimension="balans").confirmed_status == "zoekend"


def test_it_marks_a_consult_in_error_and_leaves_it_out_of_the_chart(
    client_for, nurse, child, version
):
    consult = make_consult(child=child, actor=nurse.user)
    client = client_for(nurse)
    client.post(
        reverse("signalling:mark_in_error", args=["consult", consult.uuid]),
        {"reason": "Verkeerd kind gekozen"},
    )
    page = client.get(reverse("signalling:child_detail", args=[child.uuid])).content.decode()
    assert "Verkeerd kind gekozen" in page
    assert "Nog geen consult met Signalenlijst" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_it_loads_the_child_page_in_the_same_number_of_queries_for_a_long_history(
    client_for, nurse, version
):
    client = client_for(nurse)
    short = ChildFactory(
        organisation=nurse.organisation, birth_date=timezone.localdate() - dt.timedelta(days=170)
    )
    long = ChildFactory(organisation=nurse.organisation, birth_date=short.birth_date)
    make_consult(child=short, actor=nurse.user)
    for days, code in ((14, "huisbezoek_2w"), (28, "4w"), (56, "8w"), (91, "3m"), (122, "4m")):
        make_consult(child=long, actor=nurse.user, days_old=days, moment_code=code)
    make_referral(child=long, actor=nurse.user)
    make_referral(child=short, actor=nurse.user)
    _queries(client, reverse("signalling:child_detail", args=[short.uuid]))  # warm caches
    assert _queries(client, reverse("signalling:child_detail", args=[short.uuid])) == _queries(
        client, reverse("signalling:child_detail", args=[long.uuid])
    )


def test_it_shows_the_chart_and_the_table_beside_it(client_for, nurse, child, version):
    make_consult(child=child, actor=nurse.user, answers=answers_with(**{ATT1: "nog_niet_positief"}))
    page = (
        client_for(nurse)
        .get(reverse("signalling:child_detail", args=[child.uuid]))
        .content.decode()
    )
    assert "<svg" in page
    assert "Status per dimensie per consult" in page


def test_it_lists_due_moments_open_conversations_and_referrals_on_the_worklist(
    client_for, nurse, outsider, version
):
    today = timezone.localdate()
    overdue = ChildFactory(
        organisation=nurse.organisation,
        case_code="TE-LAAT",
        birth_date=today - dt.timedelta(days=50),
    )
    searching = ChildFactory(
        organisation=nurse.organisation,
        case_code="ZOEKEND",
        birth_date=today - dt.timedelta(days=300),
    )
    make_consult(
        child=searching,
        actor=nurse.user,
        days_old=200,
        moment_code="7_5m",
        answers=answers_with(**{ATT1: "nog_niet_positief"}),
    )
    referred = ChildFactory(
        organisation=nurse.organisation,
        case_code="VERWEZEN",
        birth_date=today - dt.timedelta(days=400),
    )
    make_referral(child=referred, actor=nurse.user, days_old=60)
    ChildFactory(
        organisation=outsider.organisation,
        case_code="ELDERS",
        birth_date=today - dt.timedelta(days=50),
    )
    page = client_for(nurse).get(reverse("signalling:worklist")).content.decode()
    for code in ("TE-LAAT", "ZOEKEND", "VERWEZEN"):
        assert code in page
    assert "ELDERS" not in page
    assert "te laat" in page
    assert overdue.case_code in page
    logged = set(
        AccessEvent.objects.filter(action=AccessAction.QUERY).values_list("client_ref", flat=True)
    )
    assert logged == {"TE-LAAT", "ZOEKEND", "VERWEZEN"}


def test_it_keeps_a_missed_six_month_consult_on_the_worklist_after_the_half_year(
    client_for, nurse, version
):
    today = timezone.localdate()
    child = ChildFactory(
        organisation=nurse.organisation,
        case_code="ZEVEN-MND",
        birth_date=today - dt.timedelta(days=212),
    )
    for days, code in ((14, "huisbezoek_2w"), (28, "4w"), (56, "8w"), (91, "3m"), (122, "4m")):
        make_consult(child=child, actor=nurse.user, days_old=days, moment_code=code)
    page = client_for(nurse).get(reverse("signalling:worklist")).content.decode()
    assert "ZEVEN-MND" in page
    assert page.count(": te laat") == 1  # the 6-month consult, and only that one
    make_consult(child=child, actor=nurse.user, days_old=183, moment_code="6m")
    assert "ZEVEN-MND" not in client_for(nurse).get(reverse("signalling:worklist")).content.decode()


def test_it_loads_the_worklist_in_the_same_number_of_queries_for_a_long_history(
    client_for, nurse, version
):
    client = client_for(nurse)
    child = ChildFactory(
        organisation=nurse.organisation, birth_date=timezone.localdate() - dt.timedelta(days=130)
    )
    make_consult(child=child, actor=nurse.user, days_old=14, moment_code="huisbezoek_2w")
    _queries(client, reverse("signalling:worklist"))  # the first request also starts a session
    before = _queries(client, reverse("signalling:worklist"))
    for days, code in ((28, "4w"), (56, "8w"), (91, "3m")):
        make_consult(child=child, actor=nurse.user, days_old=days, moment_code=code)
    assert _queries(client, reverse("signalling:worklist")) == before


def test_it_exports_a_consult_as_fhir_and_logs_the_export(client_for, nurse, child, version):
    consult = make_consult(child=child, actor=nurse.user, answers=all_positive())
    response = client_for(nurse).get(reverse("signalling:consult_fhir", args=[consult.uuid]))
    data = json.loads(response.content)
    assert data["resourceType"] == "QuestionnaireResponse"
    assert data["subject"]["identifier"]["value"] == "DOS-123"
    assert {item["linkId"] for item in data["item"]} >= {ATT1, INV1}
    assert AccessEvent.objects.filter(action=AccessAction.EXPORT, client_ref="DOS-123").exists()


def test_it_exports_the_history_as_a_bundle(client_for, nurse, child, version):
    make_consult(child=child, actor=nurse.user)
    response = client_for(nurse).get(reverse("signalling:child_fhir", args=[child.uuid]))
    data = json.loads(response.content)
    kinds = [entry["resource"]["resourceType"] for entry in data["entry"]]
    assert kinds.count("QuestionnaireResponse") == 1
    assert kinds.count("Observation") == 5


def test_it_exports_the_organisation_csv_with_case_codes_only(client_for, nurse, child, version):
    make_consult(child=child, actor=nurse.user)
    response = client_for(nurse).get(reverse("signalling:organisation_csv"))
    text = response.content.decode()
    assert "DOS-123" in text
    assert str(child.birth_date) not in text
    assert AccessEvent.objects.filter(action=AccessAction.EXPORT, client_ref="DOS-123").exists()


def test_it_records_the_birth_after_a_due_date(client_for, nurse):
    child = ChildFactory(organisation=nurse.organisation, unborn=True)
    born = timezone.localdate() - dt.timedelta(days=2)
    client_for(nurse).post(
        reverse("signalling:child_dates", args=[child.uuid]),
        {"birth_date": str(born), "due_date": str(child.due_date)},
    )
    child.refresh_from_db()
    assert child.birth_date == born


def test_it_suggests_a_referral_after_an_informatiekaart_check(client_for, nurse, child):
    client = client_for(nurse)
    response = client.post(
        reverse("signalling:informatiekaart_create", args=[child.uuid]),
        {
            "checked_on": str(timezone.localdate()),
            "regulation_problems": "on",
            "stress_factor_count": "0",
        },
    )
    assert "verwijzingen/nieuw/?check=" in response.url
    response = client.post(
        response.url,
        {
            "destination": "jeugd_ggz",
            "reason": "Huilbaby",
            "referred_on": str(timezone.localdate()),
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get().informatiekaart_check is not None
