"""Matching and the suppression of small referral counts, as pure functions (no database)."""

from __future__ import annotations

from datetime import date

from hechtwerk.catalogue.constants import EvidenceLevel, PreventionLevel
from hechtwerk.catalogue.counts import OrganisationReferrals
from hechtwerk.catalogue.rules import (
    InterventionFacts,
    Situation,
    SituationRule,
    Window,
    match_interventions,
    may_start,
    tally_referrals,
)
from hechtwerk.method.ages import check_age_input, format_age, format_window
from hechtwerk.method.codes import (
    Dimension,
    ReferralCriterion,
    SamenStartenDomain,
    VulnerabilityGrade,
)

SHANTALA = InterventionFacts(
    id="shantala",
    name="Shantala",
    windows=(Window(0, 274, source="samenvatting"), Window(42, 274, alternative=True)),
    prevention_level=PreventionLevel.SELECTIVE,
    evidence_level=EvidenceLevel.WELL_FOUNDED,
    themes=frozenset({"sensitiviteit", "regulatieproblemen"}),
)
VIPP_SD = InterventionFacts(
    id="vipp-sd",
    name="VIPP-SD",
    windows=(Window(365, 2556),),
    prevention_level=PreventionLevel.INDICATED,
    evidence_level=EvidenceLevel.STRONG_INDICATIONS,
    themes=frozenset({"sensitiviteit"}),
)
KUIPERS = InterventionFacts(
    id="kuipers",
    name="Werkwijze Kuipers",
    windows=(Window(0, 365),),
    prevention_level=PreventionLevel.UNIVERSAL,
    evidence_level=EvidenceLevel.NOT_ASSESSED,
    themes=frozenset({"ouder-kindinteractie", "sensitiviteit"}),
)
K_VHT = InterventionFacts(
    id="k-vht",
    name="K-VHT",
    windows=(Window(0, 1461),),
    prevention_level=PreventionLevel.SELECTIVE,
    evidence_level=EvidenceLevel.WELL_FOUNDED,
    themes=frozenset({"sensitiviteit"}),
)
NO_AGE = InterventionFacts(
    id="theraplay",
    name="Theraplay",
    windows=(),
    prevention_level=PreventionLevel.INDICATED,
    evidence_level=EvidenceLevel.NOT_ASSESSED,
    themes=frozenset({"sensitiviteit"}),
)
ALL = [SHANTALA, VIPP_SD, KUIPERS, K_VHT, NO_AGE]
RULES = [
    SituationRule("dimensie", "aansluiten", "thema", "sensitiviteit", 3, "sensitief reageren"),
    SituationRule("dimensie", "comfortzone", "thema", "regulatieproblemen", 3, "regulatie"),
    SituationRule("algemeen", "geen_signalen", "preventieniveau", "universeel", 2, "universeel"),
    SituationRule(
        "kwetsbaarheid", "zeer_kwetsbaar", "preventieniveau", "selectief", 2, "selectief"
    ),
    SituationRule("kwetsbaarheid", "zeer_kwetsbaar", "preventieniveau", "universeel", -5, "x"),
]


def searching(*dims, age_days=60, **kw):
    return Situation(age_days=age_days, searching_dimensions=frozenset(dims), **kw)


def test_it_ranks_by_points_then_evidence_then_name():
    matches = match_interventions(
        searching(Dimension.ATTUNEMENT, Dimension.COMFORT_ZONE), ALL, RULES
    )
    # Shantala: 3 + 3; then the three with 3 points by evidence: K-VHT (goed onderbouwd) above
    # Kuipers (niet beoordeeld). VIPP-SD does not fit a 60-day-old; Theraplay has no age window.
    assert [m.intervention_id for m in matches] == ["shantala", "k-vht", "kuipers"]
    assert [m.score for m in matches] == [6, 3, 3]


def test_it_puts_the_own_organisations_offer_first():
    matches = match_interventions(
        searching(Dimension.ATTUNEMENT, Dimension.COMFORT_ZONE), ALL, RULES, own_offer={"kuipers"}
    )
    assert [m.intervention_id for m in matches] == ["kuipers", "shantala", "k-vht"]
    assert matches[0].own_offer
    assert matches[0].reasons[0] == "Je eigen organisatie biedt deze interventie aan."


def test_it_says_when_the_own_organisation_has_contracted_it():
    matches = match_interventions(
        searching(Dimension.ATTUNEMENT), ALL, RULES, own_offer={"k-vht": "gecontracteerd"}
    )
    assert matches[0].reasons[0] == "Je eigen organisatie heeft deze interventie gecontracteerd."


def test_it_words_only_the_matches_it_returns():
    matches = match_interventions(
        searching(Dimension.ATTUNEMENT, Dimension.COMFORT_ZONE), ALL, RULES, limit=1
    )
    assert [m.intervention_id for m in matches] == ["shantala"]


def test_it_explains_each_match_in_plain_dutch():
    [first, *_] = match_interventions(searching(Dimension.ATTUNEMENT), ALL, RULES)
    assert first.intervention_id == "k-vht"
    assert first.reasons == (
        "Aansluiten is zoekend: richt zich op sensitief reageren.",
        "Past bij 2 maanden: bedoeld van de geboorte tot 4 jaar.",
    )
    assert first.evidence_label == "Goed onderbouwd"


def test_it_uses_the_beheerders_explanation_when_a_rule_has_one():
    rule = SituationRule(
        "dimensie", "aansluiten", "thema", "sensitiviteit", 3, "x", "oefent het lezen van signalen."
    )
    [match, *_] = match_interventions(searching(Dimension.ATTUNEMENT), [KUIPERS], [rule])
    assert match.reasons[0] == "Aansluiten is zoekend: oefent het lezen van signalen."


def test_it_warns_when_only_another_sources_age_window_fits():
    four_weeks = searching(Dimension.ATTUNEMENT, age_days=28)
    [match] = match_interventions(four_weeks, [SHANTALA], RULES)
    assert match.age_note == ""  # 4 weeks is inside 0–9 months, the primary window
    only_alt = InterventionFacts(
        **{**SHANTALA.__dict__, "windows": (Window(42, 274), Window(0, 274, True))}
    )
    [match] = match_interventions(four_weeks, [only_alt], RULES)
    assert "alleen volgens één bron" in match.age_note
    assert "van 6 weken tot 9 maanden" in match.age_note


def test_it_shows_universal_offers_when_nothing_is_of_concern():
    matches = match_interventions(Situation(age_days=60), ALL, RULES)
    assert [m.intervention_id for m in matches] == ["kuipers"]
    assert matches[0].reasons[0] == (
        "Geen bijzondere signalen: past bij het preventieniveau universeel."
    )


def test_it_lets_a_negative_weight_push_an_intervention_out():
    very = Situation(age_days=60, vulnerability_grade=VulnerabilityGrade.VERY_VULNERABLE)
    ids = [m.intervention_id for m in match_interventions(very, ALL, RULES)]
    assert ids == ["k-vht", "shantala"]  # selective; Kuipers (universal) gets -5


def test_it_matches_a_pregnancy_week_against_windows_before_birth():
    zbk = InterventionFacts(
        "zbk", "ZBK", (Window(-140, 0),), "universeel", "goed_onderbouwd", frozenset()
    )
    assert match_interventions(Situation(pregnancy_week=20), [zbk], RULES)
    assert not match_interventions(Situation(pregnancy_week=19), [zbk], RULES)


VOORZORG = InterventionFacts(
    id="voorzorg",
    name="VoorZorg",
    windows=(Window(-274, 730),),
    prevention_level=PreventionLevel.SELECTIVE,
    evidence_level=EvidenceLevel.GOOD_INDICATIONS,
    themes=frozenset({"sensitiviteit"}),
)


def test_it_does_not_propose_after_birth_what_families_can_only_start_in_pregnancy():
    # VoorZorg's window runs from pregnancy to 2 years, but families start in pregnancy.
    assert match_interventions(searching(Dimension.ATTUNEMENT, age_days=-70), [VOORZORG], RULES)
    assert not match_interventions(searching(Dimension.ATTUNEMENT, age_days=60), [VOORZORG], RULES)
    assert not match_interventions(searching(Dimension.ATTUNEMENT, age_days=0), [VOORZORG], RULES)
    # Unless the intervention says families may also start after birth (Stevig Ouderschap).
    open_after_birth = InterventionFacts(**{**VOORZORG.__dict__, "starts_after_birth": True})
    assert match_interventions(
        searching(Dimension.ATTUNEMENT, age_days=60), [open_after_birth], RULES
    )


def test_it_decides_when_a_family_may_start_by_the_window():
    pregnancy_start = Window(-140, 365)
    assert may_start(pregnancy_start, -1, starts_after_birth=False)
    assert not may_start(pregnancy_start, 0, starts_after_birth=False)
    assert may_start(pregnancy_start, 0, starts_after_birth=True)
    assert not may_start(pregnancy_start, 366, starts_after_birth=True)
    # A window that starts at or after birth is open throughout.
    assert may_start(Window(0, 274), 200, starts_after_birth=False)


def test_it_says_when_this_child_was_already_referred_to_a_match():
    matches = match_interventions(
        searching(Dimension.ATTUNEMENT), ALL, RULES, referred={"kuipers": date(2026, 3, 2)}
    )
    by_id = {m.intervention_id: m for m in matches}
    assert by_id["kuipers"].referred_on == date(2026, 3, 2)
    assert by_id["k-vht"].referred_on is None


def test_it_reads_every_signalling_code_in_a_situation():
    situation = Situation(
        age_days=60,
        searching_dimensions=frozenset({Dimension.BALANCE}),
        referral_criteria=frozenset({ReferralCriterion.STRESS_FACTORS}),
        vulnerability_grade=VulnerabilityGrade.VULNERABLE,
        samenstarten_problems=frozenset({SamenStartenDomain.SOCIAL_NETWORK}),
    )
    labels = [label for _k, _c, label in situation.triggers()]
    assert labels == [
        "Balans is zoekend",
        "Een opeenstapeling van stressfactoren",
        "Gezin is kwetsbaar",
        "SamenStarten: probleem bij sociaal netwerk",
    ]


def test_it_refuses_impossible_ages_with_dutch_messages():
    assert [e.field for e in check_age_input(-1, None)] == ["age_days"]
    assert "negatief" in check_age_input(-1, None)[0].message
    assert "tussen 1 en 42" in check_age_input(None, 43)[0].message
    assert check_age_input(None, 42) == []
    assert check_age_input(0, None) == []


def test_it_words_ages_plainly():
    assert format_age(-140) == "20 weken zwangerschap"
    assert format_age(42) == "6 weken"
    assert format_age(274) == "9 maanden"
    assert format_age(730) == "2 jaar"
    assert format_age(913) == "2,5 jaar"
    assert format_window(0, 365) == "van de geboorte tot 1 jaar"


def _values(row):
    return tuple(c.value for c in row.counts)


def test_it_suppresses_small_counts_and_a_second_count_instead_of_the_total():
    """T4.7. Noord completed 3 (withheld). The column's total 8 is shown: with Zuid's 5 withheld
    as well, 8 minus what is shown gives nothing away. (It used to read "minder dan 5".)"""
    tally = tally_referrals(
        [
            OrganisationReferrals(2, "JGZ Zuid", 6, 6, 5),
            OrganisationReferrals(1, "JGZ Noord", 12, 9, 3),
        ]
    )
    noord, zuid = tally.rows
    assert noord.label == "JGZ Noord"
    assert _values(noord) == (12, 9, None)
    assert str(noord.counts[2]) == "niet getoond"
    assert _values(zuid) == (6, 6, None)
    assert [c.value for c in tally.totals] == [18, 15, 8]


def test_it_shows_counts_of_five_and_zero():
    tally = tally_referrals([OrganisationReferrals(1, "JGZ Noord", 5, 5, 0)])
    [row] = tally.rows
    assert _values(row) == (5, 5, 0)
    assert [c.value for c in tally.totals] == [5, 5, 0]
    assert tally_referrals([]).rows == ()
