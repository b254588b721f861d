"""Reads: referral counts through a queryset, and the matching inputs read from the database."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.urls import reverse

from hechtwerk.accounts.tests.factories import OrganisationFactory
from hechtwerk.catalogue import views
from hechtwerk.catalogue.constants import OfferKind
from hechtwerk.catalogue.models import MatchingRule, OrganisationOffer
from hechtwerk.catalogue.queries import matching_inputs, referral_counts
from hechtwerk.catalogue.rules import ReferralRow, tally_referrals
from hechtwerk.catalogue.services import save_matching_rule

pytestmark = pytest.mark.django_db


def test_it_counts_referrals_per_organisation_from_any_queryset_with_the_same_shape(catalogue):
    # Until signalling's Referral names an intervention, any queryset with `intervention` and
    # `organisation` foreign keys stands in; here an organisation's offer row is one "referral".
    voorzorg = catalogue["voorzorg"]
    for n in range(3):
        OrganisationOffer.objects.create(
            organisation=OrganisationFactory(name=f"JGZ {n}"),
            intervention=voorzorg,
            kind=OfferKind.CONTRACTED if n else OfferKind.OFFERS,
        )
    tally = referral_counts(
        voorzorg,
        OrganisationOffer.objects.all(),
        started=Q(kind__in=[OfferKind.OFFERS, OfferKind.CONTRACTED]),
        completed=Q(kind=OfferKind.CONTRACTED),
    )
    assert [r.organisation_name for r in tally.rows] == ["JGZ 0", "JGZ 1", "JGZ 2"]
    assert all(r.referred.suppressed and r.started.suppressed for r in tally.rows)
    assert tally.referred.suppressed


def test_it_says_no_referral_names_the_intervention_yet(client_for, nurse, catalogue):
    # signalling.Referral names an intervention: it is the default source of the counts.
    assert referral_counts(catalogue["voorzorg"]).rows == ()
    body = (
        client_for(nurse)
        .get(reverse("catalogue:detail", args=[catalogue["voorzorg"].uuid]))
        .content.decode()
    )
    assert "nog geen verwijzingen naar deze interventie" in body


def test_it_shows_counts_on_the_detail_page_without_small_numbers(
    client_for, nurse, catalogue, monkeypatch
):
    rows = [ReferralRow(1, "JGZ Voorbeeldstad", True, i < 3) for i in range(7)]
    monkeypatch.setattr(views, "referral_counts", lambda intervention: tally_referrals(rows))
    body = (
        client_for(nurse)
        .get(reverse("catalogue:detail", args=[catalogue["voorzorg"].uuid]))
        .content.decode()
    )
    assert "JGZ Voorbeeldstad" in body
    assert ">7<" in body
    assert "minder dan 5" in body


def test_it_reloads_the_matching_inputs_after_a_change(catalogue):
    _facts, rules = matching_inputs()
    rule = MatchingRule.objects.get(
        situation_kind="dimensie", code="balans", target="sociaal-netwerk"
    )
    assert (
        next(r for r in rules if r.code == "balans" and r.target == "sociaal-netwerk").weight == 1
    )
    rule.weight = 4
    save_matching_rule(actor=None, rule=rule)
    _facts, rules = matching_inputs()
    assert (
        next(r for r in rules if r.code == "balans" and r.target == "sociaal-netwerk").weight == 4
    )
