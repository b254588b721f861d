"""Signalling joined to the catalogue: a referral names an intervention, the catalogue counts
those referrals, and a child's page shows the interventions that fit what was recorded."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hechtwerk.accounts.services import create_api_token
from hechtwerk.accounts.tests.factories import OrganisationFactory, UserFactory
from hechtwerk.catalogue.constants import REFERRAL_FORM_ID, OfferKind
from hechtwerk.catalogue.models import OrganisationOffer
from hechtwerk.catalogue.queries import bump_matching_version
from hechtwerk.method.codes import (
    Dimension,
    DimensionStatus,
    ReferralCriterion,
    SamenStartenDomain,
    VulnerabilityGrade,
)
from hechtwerk.signalling import services
from hechtwerk.signalling.models import Referral
from hechtwerk.signalling.queries import situation_for

from .factories import PARENT_ITEMS, ChildFactory, answers_with, make_consult, signalenlijst_version

# The seed catalogue is loaded once for the module (`catalogue_seed`), and is there for every
# test, also those that do not name `catalogue`, whatever the order.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue_seed")]

ATT1, _ATT2 = PARENT_ITEMS[Dimension.ATTUNEMENT]


@pytest.fixture
def searching_consult(nurse):
    """A two-month-old whose 8-week consult has Aansluiten confirmed zoekend."""
    signalenlijst_version()
    child = ChildFactory(
        organisation=nurse.organisation,
        case_code="GEHEIM-77",
        birth_date=timezone.localdate() - dt.timedelta(days=60),
    )
    consult = make_consult(
        child=child,
        actor=nurse.user,
        days_old=56,
        moment_code="8w",
        answers=answers_with(**{ATT1: "nog_niet_positief"}),
    )
    return services.confirm_dimensions(
        actor=nurse.user,
        consult=consult,
        expected_version=consult.version,
        decisions={
            d.dimension: (d.suggested_status, "") for d in consult.dimensions.order_by("id")
        },
    )


def _refer(child, intervention, *, started=False, completed=False, actor=None):
    actor = actor or UserFactory()
    referral = services.refer_child(
        actor=actor,
        child=child,
        destination="eigen_organisatie",
        reason="Past bij wat we zagen",
        referred_on=timezone.localdate() - dt.timedelta(days=10),
        intervention=intervention,
    )
    if started or completed:
        services.record_referral_follow_up(
            actor=actor,
            referral=referral,
            started_on=timezone.localdate() - dt.timedelta(days=5),
            completed_on=timezone.localdate() if completed else None,
        )
    return referral


# -- referral counts on the catalogue page ------------------------------------------------------


def test_it_counts_referrals_made_in_signalling_on_the_catalogue_page_hiding_small_numbers(
    client_for, nurse, catalogue
):
    voorzorg = catalogue["voorzorg"]
    big = OrganisationFactory(name="JGZ Grootstad")
    small = OrganisationFactory(name="JGZ Kleindorp")
    for n in range(6):  # 6 referred, 5 started of which 2 completed
        _refer(ChildFactory(organisation=big), voorzorg, started=n < 5, completed=n < 2)
    for _n in range(2):
        _refer(ChildFactory(organisation=small), voorzorg, started=True)
    in_error = _refer(ChildFactory(organisation=big), voorzorg)
    services.mark_entered_in_error(
        actor=nurse.user, record=in_error, reason="Verkeerd kind gekozen"
    )
    _refer(ChildFactory(organisation=big), catalogue["basic-trust"])  # another intervention

    body = client_for(nurse).get(reverse("catalogue:detail", args=[voorzorg.uuid])).content.decode()

    def cells(label: str) -> list[str]:
        row = body.split(f">{label}</th>", 1)[1].split("</tr>", 1)[0]
        return re.findall(r'<td class="[^"]*hw-num[^"]*"[^>]*>([^<]*)</td>', row)

    # The one marked in error is left out (else 7). Counts of 1-4 are withheld, and beside a
    # single withheld count in a column another one, so that the column's total is shown
    # without giving either away (T4.7): 6 + 2 = 8 referred, 5 + 2 = 7 started.
    assert cells("JGZ Grootstad") == ["niet getoond", "niet getoond", "niet getoond"]
    assert cells("JGZ Kleindorp") == ["niet getoond", "niet getoond", "0"]
    # The totals of at least 8 and 7 are shown (they used to read "minder dan 5"); the
    # completed total 2 is small itself.
    assert cells("Totaal") == ["8", "7", "niet getoond"]
    assert "GEHEIM" not in body


def test_it_shows_no_referral_counts_to_a_visitor(client, catalogue):
    _refer(
        ChildFactory(organisation=OrganisationFactory(name="JGZ Zichtbaar")), catalogue["vipp-sd"]
    )
    body = client.get(
        reverse("catalogue:detail", args=[catalogue["vipp-sd"].uuid])
    ).content.decode()
    assert "JGZ Zichtbaar" not in body


# -- the referral names an intervention -----------------------------------------------------------


def test_it_refuses_an_intervention_no_longer_in_the_catalogue_at_the_field(nurse, catalogue):
    gone = catalogue["voorzorg"]
    gone.is_active = False
    gone.save()
    with pytest.raises(services.SignallingError) as caught:
        _refer(ChildFactory(organisation=nurse.organisation), gone, actor=nurse.user)
    assert caught.value.field == "intervention"
    assert "catalogus" in caught.value.message
    assert not Referral.objects.exists()


def test_it_preselects_the_match_in_the_referral_form_and_shows_it_on_the_timeline(
    client_for, nurse, catalogue
):
    client = client_for(nurse)
    child = ChildFactory(organisation=nurse.organisation)
    shantala = catalogue["shantala"]
    url = reverse("signalling:referral_create", args=[child.uuid])

    form = client.get(url, {"interventie": str(shantala.uuid)}).content.decode()
    assert (
        f'<option value="{shantala.uuid}" selected data-destination="anders">'
        "Shantala Babymassage Individueel</option>" in form
    )
    # The destination follows from the provider: not offered here, no therapy, so elsewhere;
    # still a choice the nurse can change.
    assert '<option value="anders" selected>' in form
    OrganisationOffer.objects.create(
        organisation=nurse.organisation, intervention=shantala, kind=OfferKind.OFFERS
    )
    form = client.get(url, {"interventie": str(shantala.uuid)}).content.decode()
    assert '<option value="eigen_organisatie" selected>' in form
    assert f'value="{shantala.uuid}" selected data-destination="eigen_organisatie">' in form

    response = client.post(
        url,
        {
            "destination": "eigen_organisatie",
            "intervention": str(shantala.uuid),
            "reason": "Zoekend in aansluiten",
            "referred_on": str(timezone.localdate()),
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get().intervention == shantala
    timeline = client.get(reverse("signalling:child_detail", args=[child.uuid])).content.decode()
    assert "Shantala Babymassage Individueel" in timeline.split("tijdlijn-kop", 1)[1]


def test_it_keeps_the_typed_referral_when_the_intervention_is_unknown(client_for, nurse):
    child = ChildFactory(organisation=nurse.organisation)
    response = client_for(nurse).post(
        reverse("signalling:referral_create", args=[child.uuid]),
        {
            "destination": "huisarts",
            "intervention": "00000000-0000-0000-0000-000000000000",
            "reason": "Mijn getypte reden",
            "referred_on": str(timezone.localdate()),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "staat niet (meer) in de catalogus" in body
    assert "Mijn getypte reden" in body
    assert not Referral.objects.exists()


def test_it_takes_the_intervention_through_the_api(nurse, catalogue):
    child = ChildFactory(organisation=nurse.organisation)
    secret = create_api_token(user=nurse.user, membership=nurse.membership, name="test").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    url = f"/api/v1/signalling/children/{child.uuid}/referrals"
    payload = {"destination": "jeugd_ggz", "reason": "Via de API", "referred_on": "2026-01-05"}

    unknown = client.post(
        url,
        payload | {"intervention": "00000000-0000-0000-0000-000000000000"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert [e["field"] for e in unknown.json()["errors"]] == ["intervention"]

    made = client.post(
        url,
        payload | {"intervention": str(catalogue["vipp-sd"].uuid)},
        content_type="application/json",
    )
    assert made.status_code == 201
    history = client.get(f"/api/v1/signalling/children/{child.uuid}/history").json()
    assert history["referrals"][0]["intervention"] == str(catalogue["vipp-sd"].uuid)
    assert history["referrals"][0]["intervention_name"] == catalogue["vipp-sd"].name


# -- the situation a child's page matches on --------------------------------------------------


def test_it_builds_the_situation_from_the_latest_counted_records(nurse, searching_consult):
    child = searching_consult.child
    on = timezone.localdate()
    services.check_informatiekaart(
        actor=nurse.user,
        child=child,
        checked_on=on,
        regulation_problems=True,
        worry_or_overload=False,
        dysfunctional_pattern=False,
        stress_factor_count=0,
    )
    services.record_samenstarten(
        actor=nurse.user,
        child=child,
        held_on=on,
        ratings={
            SamenStartenDomain.PARENT_COMPETENCE: "prima",
            SamenStartenDomain.PARTNER_ROLE: "prima",
            SamenStartenDomain.SOCIAL_NETWORK: "probleem",
            SamenStartenDomain.EVENTS: "aandachtspunten",
            SamenStartenDomain.CHILD_WELLBEING: "prima",
        },
    )
    services.assess_vulnerability(
        actor=nurse.user,
        child=child,
        assessed_on=on,
        factors=[],
        balance_kept=True,
        final_grade=VulnerabilityGrade.VULNERABLE,
        rationale="Samen met de ouders gewogen",
    )

    situation = situation_for(child, on)

    assert situation is not None
    assert situation.age_days == 60
    assert situation.searching_dimensions == {Dimension.ATTUNEMENT}
    assert situation.referral_criteria == {ReferralCriterion.REGULATION_PROBLEMS}
    assert situation.samenstarten_problems == {SamenStartenDomain.SOCIAL_NETWORK}
    assert situation.vulnerability_grade == VulnerabilityGrade.VULNERABLE


def test_it_matches_the_suggestion_until_the_professional_confirms(client_for, nurse):
    """Issue 12: before confirmation the matches follow the suggested zoekend, not "nothing"."""
    signalenlijst_version()
    child = ChildFactory(organisation=nurse.organisation)
    consult = make_consult(
        child=child, actor=nurse.user, answers=answers_with(**{ATT1: "nog_niet_positief"})
    )
    assert situation_for(child, timezone.localdate()).searching_dimensions == {Dimension.ATTUNEMENT}
    page = client_for(nurse).get(reverse("signalling:consult_detail", args=[consult.uuid]))
    assert "tellen de voorgestelde statussen mee" in page.content.decode()
    services.confirm_dimensions(
        actor=nurse.user,
        consult=consult,
        expected_version=consult.version,
        decisions={
            Dimension.ATTUNEMENT: (DimensionStatus.POSITIVE, "Bij doorvragen ging het goed")
        },
    )
    assert situation_for(child, timezone.localdate()).searching_dimensions == frozenset()


def test_it_uses_the_pregnancy_week_before_birth(nurse):
    child = ChildFactory(
        organisation=nurse.organisation,
        birth_date=None,
        due_date=timezone.localdate() + dt.timedelta(weeks=12),
    )
    situation = situation_for(child, timezone.localdate())
    assert situation is not None
    assert (situation.age_days, situation.pregnancy_week) == (None, 28)


# -- the matches on the consult and child pages ---------------------------------------------------


def _match_query(body: str) -> dict[str, list[str]]:
    hx_get = body.split('hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    path, query = hx_get.split("?", 1)
    assert path == reverse("catalogue:match")
    return parse_qs(query)


def test_it_asks_the_catalogue_for_matches_with_codes_only(
    client_for, nurse, searching_consult, catalogue
):
    client = client_for(nurse)
    for url in (
        reverse("signalling:consult_detail", args=[searching_consult.uuid]),
        reverse("signalling:child_detail", args=[searching_consult.child.uuid]),
    ):
        body = client.get(url).content.decode()
        assert "Passende interventies" in body
        query = _match_query(body)
        assert query == {
            "age": ["8.6"],
            "age_unit": ["weken"],
            "dimensions": ["aansluiten"],
            "verwijzen": ["1"],
        }
        assert (
            f'<form id="{REFERRAL_FORM_ID}" method="get" action="{reverse("signalling:referral_create", args=[searching_consult.child.uuid])}">'
            in body
        )


def test_it_offers_a_referral_from_each_match_only_when_embedded_for_a_child(
    client_for, nurse, searching_consult, catalogue
):
    client = client_for(nurse)
    body = client.get(
        reverse("signalling:consult_detail", args=[searching_consult.uuid])
    ).content.decode()
    url = (
        reverse("catalogue:match")
        + "?"
        + body.split('hx-get="', 1)[1].split("?", 1)[1].split('"', 1)[0].replace("&amp;", "&")
    )

    embedded = client.get(url, headers={"HX-Request": "true"}).content.decode()
    names = [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in embedded.split("<h3")[1:]]
    assert names == [
        "Kortdurende video-hometraining (K-VHT)",
        "Shantala Babymassage Individueel",
        "Werkwijze Kuipers",
        "CenteringParenting",
    ]
    assert embedded.count(f'form="{REFERRAL_FORM_ID}" name="interventie"') == len(names)
    assert f'value="{catalogue["shantala"].uuid}"' in embedded
    assert "Waarom dit past" in embedded
    assert "Aansluiten is zoekend" in embedded

    own_page = client.get(url).content.decode()  # the catalogue's own match page: no referral
    assert "Verwijs hiernaar" not in own_page

    # What the nurse's own organisation offers comes first.
    OrganisationOffer.objects.create(
        organisation=nurse.organisation,
        intervention=catalogue["werkwijze-kuipers"],
        kind=OfferKind.OFFERS,
    )
    bump_matching_version()
    offered = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert offered.split("<h3", 2)[1].split("</a>", 1)[0].endswith(">Werkwijze Kuipers")
    assert "Eigen aanbod" in offered


def test_it_shows_no_matches_for_a_child_entered_in_error(client_for, nurse, searching_consult):
    child = searching_consult.child
    services.mark_entered_in_error(actor=nurse.user, record=child, reason="Dubbel ingevoerd")
    body = (
        client_for(nurse)
        .get(reverse("signalling:child_detail", args=[child.uuid]))
        .content.decode()
    )
    assert "hx-get" not in body


def test_it_offers_the_matches_first_in_the_referral_form(
    client_for, nurse, searching_consult, catalogue
):
    client = client_for(nurse)
    form = client.get(
        reverse("signalling:referral_create", args=[searching_consult.child.uuid])
    ).content.decode()
    fitting = form.split('label="Passend bij dit kind"', 1)[1].split("</optgroup>", 1)[0]
    rest = form.split('label="Overige interventies"', 1)[1].split("</optgroup>", 1)[0]
    assert "Kortdurende video-hometraining (K-VHT)" in fitting
    assert fitting.index("Kortdurende video-hometraining") < fitting.index("CenteringParenting")
    assert "VoorZorg" in rest
    assert "VoorZorg" not in fitting


def test_it_says_when_the_child_was_already_referred_to_a_match(
    client_for, nurse, searching_consult, catalogue
):
    client = client_for(nurse)
    kvht = next(i for i in catalogue.values() if i.name.startswith("Kortdurende"))
    referral = _refer(searching_consult.child, kvht, actor=nurse.user)
    type(referral).objects.filter(pk=referral.pk).update(referred_on=dt.date(2026, 2, 3))
    body = client.get(
        reverse("signalling:child_detail", args=[searching_consult.child.uuid])
    ).content.decode()
    url = (
        reverse("catalogue:match")
        + "?"
        + "&".join(f"{k}={v}" for k, values in _match_query(body).items() for v in values)
    )
    embedded = client.get(url, headers={"HX-Request": "true"}).content.decode()
    card = embedded.split("Kortdurende video-hometraining", 1)[1].split('<li class="cat-match', 1)[
        0
    ]
    assert "Al verwezen" in card
    assert "3 februari 2026" in card
    assert f'value="{kvht.uuid}"' not in embedded  # no second "Verwijs hiernaar"
    assert embedded.count("Verwijs hiernaar") >= 3  # the others still offer it
