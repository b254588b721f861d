"""The catalogue's pages: public search with filters at their boundaries, detail, matching,
and the beheerder's forms with their Dutch messages and history."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hechtwerk.catalogue.constants import OfferKind
from hechtwerk.catalogue.models import Intervention, MatchingRule, Revision
from hechtwerk.catalogue.queries import bump_matching_version
from hechtwerk.catalogue.services import set_organisation_offer

pytestmark = pytest.mark.django_db

LIST = "/interventies/"


def names(response) -> set[str]:
    return set(
        re.findall(r'<h3 class="utrecht-heading-3"><a [^>]*>([^<]+)</a>', response.content.decode())
    )


def test_it_shows_the_catalogue_to_anyone_without_signing_in(client, catalogue):
    response = client.get(LIST)
    assert response.status_code == 200
    assert len(names(response)) == 20
    body = response.content.decode()
    assert "<svg" in body
    assert ' style="' not in body  # CSP: no inline styles, SVG uses classes and attributes


@pytest.mark.parametrize(
    ("query", "slug_name", "present"),
    [
        ("pregnancy_week=19", "Zwanger, Bevallen, een Kind (ZBK)", False),
        ("pregnancy_week=20", "Zwanger, Bevallen, een Kind (ZBK)", True),
        ("age=2&age_unit=jaar", "VoorZorg", True),
        ("age=2.1&age_unit=jaar", "VoorZorg", False),
        ("age=9&age_unit=maanden", "Shantala Babymassage Individueel", True),
        ("age=9.1&age_unit=maanden", "Shantala Babymassage Individueel", False),
        ("age=6&age_unit=weken", "Shantala Babymassage Individueel", True),
    ],
)
def test_it_filters_on_age_at_the_boundaries(client, catalogue, query, slug_name, present):
    assert (slug_name in names(client.get(f"{LIST}?{query}"))) is present


def test_it_finds_shantala_before_six_weeks_by_its_other_source_and_says_so(client, catalogue):
    # 0–9 months (summary) and 6 weeks–9 months (description): at 5 weeks only one source fits.
    response = client.get(f"{LIST}?age=5&age_unit=weken")
    assert "Shantala Babymassage Individueel" in names(response)
    assert "de bronnen noemen verschillende waarden" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "evidence=sterke_aanwijzingen",
            {"VIPP-SD (videofeedback voor positief opvoeden en sensitief disciplineren)"},
        ),
        (
            "evidence=goede_aanwijzingen",
            {
                "VoorZorg",
                "VIPP-SD (videofeedback voor positief opvoeden en sensitief disciplineren)",
            },
        ),
        ("format=app", {"BewustZwanger (app)"}),
        (
            "prevention=geindiceerd&theme=gedragsproblemen",
            {"VIPP-SD (videofeedback voor positief opvoeden en sensitief disciplineren)"},
        ),
        ("q=babymassage", {"Shantala Babymassage Individueel"}),
    ],
)
def test_it_filters_on_evidence_format_prevention_theme_and_words(
    client, catalogue, query, expected
):
    assert names(client.get(f"{LIST}?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("age=-1&age_unit=maanden", "Een leeftijd kan niet negatief zijn"),
        ("pregnancy_week=43", "Een zwangerschapsweek ligt tussen 1 en 42."),
        ("age=2&pregnancy_week=20", "niet allebei"),
        ("evidence=heel_goed", "Selecteer een geldige keuze"),
    ],
)
def test_it_explains_bad_filter_input_in_dutch(client, catalogue, query, message):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert names(response) == set()


def test_it_answers_htmx_with_only_the_results(client, catalogue):
    response = client.get(f"{LIST}?format=app", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="resultaten"')
    assert "<html" not in body


def test_it_shows_both_values_where_the_sources_disagree(client, catalogue):
    response = client.get(reverse("catalogue:detail", args=[catalogue["vipp-sd"].uuid]))
    body = response.content.decode()
    assert "De bronnen noemen verschillende leeftijden." in body
    assert "1 tot en met 6 jaar" in body
    assert "1 tot en met 3 jaar" in body
    assert "cat-bar__window--alt" in body  # the other window drawn dashed beside the first
    assert "(loopt door na 4 jaar)" in body
    stevig = client.get(reverse("catalogue:detail", args=[catalogue["stevig-ouderschap"].uuid]))
    assert "De bronnen noemen een verschillend aantal contacten." in stevig.content.decode()


def test_it_shows_kuipers_databank_status_and_its_own_claim_apart(client, catalogue):
    body = client.get(
        reverse("catalogue:detail", args=[catalogue["werkwijze-kuipers"].uuid])
    ).content.decode()
    assert "Niet beoordeeld" in body
    assert "(geen beoordeling door de databank)" in body


def test_it_hides_referral_counts_from_visitors_and_a_hidden_intervention_from_everyone(
    client, catalogue, client_for, nurse
):
    url = reverse("catalogue:detail", args=[catalogue["zbk"].uuid])
    assert "Verwijzingen" not in client.get(url).content.decode()
    assert "Verwijzingen" in client_for(nurse).get(url).content.decode()
    Intervention.objects.filter(slug="zbk").update(is_active=False)
    assert client.get(url).status_code == 404


def test_it_matches_for_a_nurse_with_own_offer_first_and_reasons(client_for, nurse, catalogue):
    set_organisation_offer(
        actor=None,
        organisation=nurse.organisation,
        intervention=catalogue["werkwijze-kuipers"],
        kind=OfferKind.OFFERS,
    )
    response = client_for(nurse).get(
        reverse("catalogue:match"),
        {"age": "2", "age_unit": "maanden", "dimensions": ["aansluiten", "comfortzone"]},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # the partial, for hx-get from the consult page
    found = names(response)
    assert {"Werkwijze Kuipers", "Shantala Babymassage Individueel"} <= found
    assert body.index("Werkwijze Kuipers") < body.index("Shantala Babymassage Individueel")
    assert "Eigen aanbod" in body
    assert (
        "Aansluiten is zoekend: richt zich op sensitief reageren op signalen van het kind." in body
    )


def test_it_asks_for_an_age_before_matching(client_for, doctor, catalogue):
    response = client_for(doctor).get(reverse("catalogue:match"), {"dimensions": ["balans"]})
    assert "Vul de leeftijd van het kind of de zwangerschapsweek in." in response.content.decode()


def _form(intervention: Intervention, **changes) -> dict[str, str]:
    data = {
        "name": intervention.name,
        "slug": intervention.slug,
        "owner": intervention.owner,
        "target_group": intervention.target_group,
        "goal": intervention.goal,
        "approach": intervention.approach,
        "age_from": str(intervention.age_from_days),
        "age_from_unit": "dagen",
        "age_to": str(intervention.age_to_days),
        "age_to_unit": "dagen",
        "format": intervention.format,
        "contacts_min": str(intervention.contacts_min or ""),
        "contacts_max": str(intervention.contacts_max or ""),
        "prevention_level": intervention.prevention_level,
        "evidence_level": intervention.evidence_level,
        "evidence_source": intervention.evidence_source,
        "source": intervention.source,
        "is_active": "on",
        "themes": [t.pk for t in intervention.themes.all()],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"age_from": "300", "age_to": "100"}, "Het leeftijdsvenster moet eindigen na het begin."),
        (
            {"contacts_min": "70", "contacts_max": "64"},
            "Het maximale aantal contacten moet minstens",
        ),
        ({"evidence_source": ""}, "Noem de bron van de erkenning"),
        ({"evidence_source": "Eigen folder"}, "Een erkenning komt uit de Databank"),
        ({"evidence_level": "super_effectief"}, "Selecteer een geldige keuze"),
        (
            {"age_from": "43", "age_from_unit": "zwangerschapsweek"},
            "Een zwangerschapsweek ligt tussen 0 en 42.",
        ),
        ({"age_from": "-3", "age_from_unit": "maanden"}, "kan niet negatief zijn"),
        ({"age_to": ""}, "Vul het leeftijdsvenster helemaal in"),
    ],
)
def test_it_refuses_invalid_edits_with_a_dutch_message_at_the_field(
    client_for, administrator, catalogue, changes, message
):
    voorzorg = catalogue["voorzorg"]
    response = client_for(administrator).post(
        reverse("catalogue:edit", args=[voorzorg.uuid]), _form(voorzorg, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Revision.objects.filter(intervention=voorzorg, action="gewijzigd").count() == 0


def test_it_refuses_to_rate_kuipers_on_its_own_materials_claims(
    client_for, administrator, catalogue
):
    kuipers = catalogue["werkwijze-kuipers"]
    response = client_for(administrator).post(
        reverse("catalogue:edit", args=[kuipers.uuid]),
        _form(
            kuipers,
            age_from="0",
            age_to="365",
            evidence_level="goed_onderbouwd",
            evidence_source="Eigen procesevaluatie van de methode",
        ),
    )
    assert response.status_code == 400
    kuipers.refresh_from_db()
    assert kuipers.evidence_level == "niet_beoordeeld"


def test_it_keeps_every_edit_in_the_history_with_who_and_what(client_for, administrator, catalogue):
    voorzorg = catalogue["voorzorg"]
    client = client_for(administrator)
    response = client.post(
        reverse("catalogue:edit", args=[voorzorg.uuid]),
        _form(
            voorzorg, age_from="12", age_from_unit="zwangerschapsweek", evidence_date="2024-05-01"
        ),
    )
    assert response.status_code == 302
    voorzorg.refresh_from_db()
    assert voorzorg.age_from_days == -196
    revision = Revision.objects.filter(intervention=voorzorg).first()
    assert revision.changed_by == administrator.user
    assert revision.changes["age_from_days"] == [-274, -196]
    assert revision.changes["evidence_date"] == [None, "2024-05-01"]
    history = client.get(reverse("catalogue:history", args=[voorzorg.uuid])).content.decode()
    assert administrator.user.email in history
    assert "-274 → -196" in history


def test_it_lets_the_beheerder_add_another_sources_value(client_for, administrator, catalogue):
    zbk = catalogue["zbk"]
    client = client_for(administrator)
    response = client.post(
        reverse("catalogue:add_alternative", args=[zbk.uuid]),
        {
            "field": "leeftijd",
            "low": "24",
            "low_unit": "zwangerschapsweek",
            "high": "3",
            "high_unit": "maanden",
            "text": "vanaf 24 weken",
            "source": "Folder 2025",
        },
    )
    assert response.status_code == 302
    [alternative] = zbk.age_alternatives()
    assert (alternative.low, alternative.high) == (-112, 91)
    bad = client.post(
        reverse("catalogue:add_alternative", args=[zbk.uuid]),
        {
            "field": "leeftijd",
            "low": "3",
            "low_unit": "maanden",
            "high": "1",
            "high_unit": "maanden",
            "source": "x",
        },
    )
    assert bad.status_code == 400
    assert "De waarde ‘tot en met’ moet na de waarde ‘van’ liggen." in bad.content.decode()


def test_it_lets_the_beheerder_adjust_a_matching_rule(client_for, administrator, catalogue):
    rule = MatchingRule.objects.get(
        situation_kind="dimensie", code="aansluiten", target="sensitiviteit"
    )
    client = client_for(administrator)
    data = {
        "situation_kind": "dimensie",
        "code": "aansluiten",
        "target_kind": "thema",
        "target": "sensitiviteit",
        "weight": "7",
        "explanation": "oefent signalen lezen.",
        "is_active": "on",
    }
    assert client.post(reverse("catalogue:rule_edit", args=[rule.uuid]), data).status_code == 302
    rule.refresh_from_db()
    assert rule.weight == 7
    wrong = client.post(
        reverse("catalogue:rule_edit", args=[rule.uuid]),
        {**data, "code": "balans", "situation_kind": "kwetsbaarheid"},
    )
    assert "Deze code hoort niet bij de gekozen soort situatie." in wrong.content.decode()


def test_it_lets_a_jgz_beheerder_set_the_own_offer(client_for, jgz_administrator, catalogue):
    client = client_for(jgz_administrator)
    page = client.get(reverse("catalogue:offer")).content.decode()
    # One form with one save button for the whole offer.
    assert page.count('<form method="post"') == 2  # the offer and the sign-out button
    assert page.count("Aanbod opslaan") == 1
    response = client.post(
        reverse("catalogue:offer"),
        {
            f"aanbod-{catalogue['voorzorg'].uuid}": OfferKind.CONTRACTED,
            f"aanbod-{catalogue['shantala'].uuid}": OfferKind.OFFERS,
        },
    )
    assert response.status_code == 302
    assert catalogue["voorzorg"].offers.get().organisation == jgz_administrator.organisation
    assert catalogue["shantala"].offers.get().kind == OfferKind.OFFERS


def test_it_shows_an_age_window_in_the_fields_units_not_days(client_for, administrator, catalogue):
    page = (
        client_for(administrator)
        .get(reverse("catalogue:edit", args=[catalogue["stevig-ouderschap"].uuid]))
        .content.decode()
    )
    # -5 months is shown as pregnancy week 18.3, 2.5 years as 2.5 years; never "-152" days.
    assert 'name="age_from" value="18.3"' in page
    assert 'name="age_to" value="2.5"' in page
    assert "-152" not in page
    assert re.search(r'<option value="zwangerschapsweek" selected>', page)
    assert re.search(r'<option value="jaar" selected>', page)


def test_it_keeps_the_filters_on_the_detail_pages_way_back(client, catalogue):
    listing = client.get(LIST, {"age": "3", "age_unit": "maanden", "format": "groep"})
    link = re.search(
        r'href="(/interventies/[0-9a-f-]{36}/\?terug=[^"]+)"', listing.content.decode()
    )
    assert link
    detail = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    back = re.search(r'href="(/interventies/\?[^"]+)">Terug naar alle interventies', detail)
    assert back
    assert "age=3" in back.group(1)
    assert "format=groep" in back.group(1)
    forged = client.get(
        reverse("catalogue:detail", args=[catalogue["voorzorg"].uuid]), {"terug": "next=//evil"}
    ).content.decode()
    assert 'href="/interventies/">Terug naar alle interventies' in forged


def test_it_says_who_provides_an_intervention_and_how_to_refer(client, catalogue):
    detail = client.get(reverse("catalogue:detail", args=[catalogue["voorzorg"].uuid]))
    body = detail.content.decode()
    assert "Wie biedt het aan en hoe verwijs je" in body
    assert "Zo verwijs je" in body


def test_it_links_the_match_page_from_the_catalogue_for_a_nurse(
    client_for, client, nurse, catalogue
):
    assert reverse("catalogue:match") in client_for(nurse).get(LIST).content.decode()
    assert reverse("catalogue:match") not in client.get(LIST).content.decode()


def test_it_refuses_a_team_leader_the_own_offer(client_for, team_leader, catalogue):
    response = client_for(team_leader).get(reverse("catalogue:offer"))
    assert response.status_code == 403


def test_it_refuses_a_provider_beheerder_the_national_catalogue(
    client_for, provider_administrator, catalogue
):
    """A training provider's beheerder shares the role name, not the capability (T5.1)."""
    client = client_for(provider_administrator)
    edit = reverse("catalogue:edit", args=[catalogue["voorzorg"].uuid])
    assert client.get(reverse("catalogue:manage")).status_code == 403
    assert client.post(edit, {"name": "Overgenomen"}).status_code == 403
    catalogue["voorzorg"].refresh_from_db()
    assert catalogue["voorzorg"].name != "Overgenomen"


def test_it_lets_the_beheerder_add_a_theme_and_refuses_a_duplicate_code(
    client_for, administrator, catalogue
):
    client = client_for(administrator)
    data = {"name": "Slaap", "code": "slaap", "kind": "thema"}
    assert client.post(reverse("catalogue:theme_create"), data).status_code == 302
    again = client.post(reverse("catalogue:theme_create"), data)
    assert again.status_code == 400
    assert "bestaat al" in again.content.decode()


def test_it_lists_with_a_fixed_number_of_queries(client, catalogue, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import InterventionFactory

    with CaptureQueriesContext(connection) as before:
        client.get(LIST)
    InterventionFactory.create_batch(15)
    bump_matching_version()  # the factory writes past the services, which would bump it
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(LIST)
    assert len(names(response)) == 35


def test_it_matches_with_a_fixed_number_of_queries(client_for, nurse, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(nurse)
    params = {"age": "2", "age_unit": "maanden", "dimensions": ["aansluiten"]}
    client.get(reverse("catalogue:match"), params)  # loads the matching inputs once
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("catalogue:match"), params, headers={"HX-Request": "true"})
    catalogue_queries = [q for q in ctx.captured_queries if "catalogue_" in q["sql"]]
    assert len(catalogue_queries) == 2  # the organisation's offer, the shown interventions


def test_it_builds_the_match_query_the_match_view_reads_back(client_for, nurse, catalogue):
    from django.http import QueryDict

    from hechtwerk.catalogue.forms import SituationForm, situation_query
    from hechtwerk.catalogue.rules import Situation
    from hechtwerk.method.codes import Dimension, VulnerabilityGrade

    for days in range(0, 800):
        situation = Situation(
            age_days=days,
            searching_dimensions=frozenset({Dimension.BALANCE, Dimension.ATTUNEMENT}),
            vulnerability_grade=VulnerabilityGrade.VULNERABLE,
        )
        form = SituationForm(QueryDict(situation_query(situation)))
        assert form.is_valid(), form.errors
        assert form.situation() == situation
    unborn = Situation(pregnancy_week=30)
    assert SituationForm(QueryDict(situation_query(unborn))).is_valid()
    response = client_for(nurse).get(f"{reverse('catalogue:match')}?{situation_query(unborn)}")
    assert "Past bij 30 weken zwangerschap" in response.content.decode()


def test_it_serves_the_public_list_from_the_cache_until_the_catalogue_changes(
    client, administrator, catalogue, django_assert_num_queries
):
    from hechtwerk.catalogue.services import save_intervention

    first = client.get(LIST).content.decode()
    assert "VoorZorg" in first
    with django_assert_num_queries(0):
        again = client.get(LIST)
    assert again.status_code == 200
    assert "VoorZorg" in again.content.decode()
    voorzorg = catalogue["voorzorg"]
    voorzorg.name = "VoorZorg (nieuw)"
    save_intervention(
        actor=administrator.user, intervention=voorzorg, themes=list(voorzorg.themes.all())
    )
    assert "VoorZorg (nieuw)" in client.get(LIST).content.decode()


def test_it_names_each_language_in_itself_in_the_switcher(client, catalogue):
    page = client.get(LIST).content.decode()
    assert re.search(r'<option value="en" lang="en"[^>]*>English</option>', page)
    assert re.search(r'<option value="nl" lang="nl"[^>]*>Nederlands</option>', page)
