"""Reads: referral counts through the registered counter, and the matching inputs read from the
database."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hechtwerk.catalogue import views
from hechtwerk.catalogue.counts import (
    OrganisationReferrals,
    referral_counter,
    register_referral_counter,
    unregister_referral_counter,
)
from hechtwerk.catalogue.models import MatchingRule
from hechtwerk.catalogue.queries import matching_inputs, referral_counts
from hechtwerk.catalogue.rules import tally_referrals
from hechtwerk.catalogue.services import save_matching_rule

pytestmark = pytest.mark.django_db


def test_it_counts_referrals_from_the_counter_the_owning_app_registered(catalogue):
    # The catalogue imports nothing from signalling: the counts come through the hook.
    voorzorg = catalogue["voorzorg"]
    asked = []

    def counter(intervention_id):
        asked.append(intervention_id)
        return [
            OrganisationReferrals(2, "JGZ Zuid", 6, 6, 5),
            OrganisationReferrals(1, "JGZ Noord", 12, 9, 3),
        ]

    previous = referral_counter()
    register_referral_counter(counter)
    try:
        table = referral_counts(voorzorg)
    finally:
        register_referral_counter(previous) if previous else unregister_referral_counter()

    assert asked == [voorzorg.pk]
    assert [row.label for row in table.rows] == ["JGZ Noord", "JGZ Zuid"]
    assert [str(c) for c in table.totals] == ["18", "15", "8"]


def test_it_says_referrals_are_not_tracked_without_a_counter(catalogue):
    previous = referral_counter()
    unregister_referral_counter()
    try:
        assert referral_counts(catalogue["voorzorg"]) is None
    finally:
        register_referral_counter(previous)


def test_it_says_no_referral_names_the_intervention_yet(client_for, nurse, catalogue):
    # signalling registered its counter when the apps were loaded.
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
    rows = [OrganisationReferrals(1, "JGZ Voorbeeldstad", 7, 7, 3)]
    monkeypatch.setattr(views, "referral_counts", lambda intervention: tally_referrals(rows))
    body = (
        client_for(nurse)
        .get(reverse("catalogue:detail", args=[catalogue["voorzorg"].uuid]))
        .content.decode()
    )
    assert "JGZ Voorbeeldstad" in body
    assert ">7<" in body
    assert "niet getoond" in body
    assert "aantallen van 1 tot en met 4 tonen we niet" in body


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
