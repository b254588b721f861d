"""The interventions catalogue in a real browser (issue 4): a visitor searches by age and evidence
level and opens an intervention; then the demo nurse sees the interventions that fit a consult
with a zoekende dimension, picks one for a referral and finds it on the child's timeline. axe-core
checks the catalogue list and detail, the consult page with its matches and the referral form."""

from __future__ import annotations

import re

import pytest

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# At 3 months with at least "goed onderbouwd" (seed data of the catalogue).
FOUND_AT_3_MONTHS = [
    "Kortdurende video-hometraining (K-VHT)",
    "SamenStarten",
    "Shantala Babymassage Individueel",
    "Stevig Ouderschap",
    "VoorZorg",
]
PICKED = "Kortdurende video-hometraining (K-VHT)"


def test_it_finds_interventions_and_refers_a_child_to_a_match(page, demo, axe):
    from hechtwerk.signalling.models import Consult

    # A visitor, not signed in, searches by age and evidence level.
    page.goto("/interventies/")
    page.get_by_label("Leeftijd van het kind").fill("3")
    page.get_by_label("Eenheid", exact=True).select_option("maanden")
    page.get_by_label("Erkenning (NJi)").select_option("goed_onderbouwd")
    page.get_by_role("button", name="Zoek", exact=True).click()
    page.wait_for_url(re.compile(r"age=3.*evidence=goed_onderbouwd"))
    results = page.locator("#resultaten")
    results.get_by_role("heading", name="5 interventies").wait_for()
    names = results.locator("h3").all_inner_texts()
    assert names == FOUND_AT_3_MONTHS
    assert "Werkwijze Kuipers" not in names  # not assessed by the NJi: filtered out
    axe.check(page, "catalogus, gefilterd")

    # Its detail page: the age bar with its source, every value with its source.
    results.get_by_role("link", name="Shantala Babymassage Individueel").click()
    page.get_by_role("heading", level=1, name="Shantala Babymassage Individueel").wait_for()
    assert page.locator("svg.cat-bar").is_visible()
    assert page.locator(".cat-bar__legend li").first.inner_text().startswith("Leeftijd:")
    assert page.get_by_role("table", name="Gegevens en hun bron").is_visible()
    assert "De bronnen noemen verschillende leeftijden." in page.content()
    assert "Verwijzingen" not in page.locator("main").inner_text()  # counts only for members
    axe.check(page, "interventie, details")

    # The demo nurse opens DEMO-005's 3-month consult, where Aansluiten was confirmed zoekend.
    email, *_ = demo["users"]["verpleegkundige"]
    sign_in(page, email, demo["password"])
    consult = Consult.objects.get(child__case_code="DEMO-005", contact_moment__code="3m")
    with page.expect_response(lambda r: "/interventies/passend/" in r.url) as matched:
        page.goto(f"/signalering/consulten/{consult.uuid}/")
    # The match request carries age and situation codes only, never the case code.
    assert "DEMO" not in matched.value.url
    assert "dimensions=aansluiten" in matched.value.url
    matches = page.locator("#passende-interventies .cat-match")
    matches.first.wait_for()
    card = matches.filter(has=page.get_by_role("heading", name=PICKED))
    assert "Waarom dit past:" in card.inner_text()
    assert "Aansluiten is zoekend" in card.inner_text()
    assert "Goed onderbouwd" in card.inner_text()
    # The organisation's own offer comes first.
    assert matches.first.locator("h3").inner_text() == "Shantala Babymassage Individueel"
    axe.check(page, "consult met passende interventies")

    # Refer to the picked match: the referral form opens with it chosen.
    card.get_by_role("button", name=f"Verwijs hiernaar: {PICKED}").click()
    page.wait_for_url(re.compile(r"/verwijzingen/nieuw/\?interventie="))
    chosen = page.get_by_label("Interventie (optioneel)")
    assert chosen.locator("option:checked").inner_text() == PICKED
    axe.check(page, "verwijzing met gekozen interventie")
    page.get_by_label("Verwezen naar").select_option("eigen_organisatie")
    page.get_by_label("Reden").fill("Aansluiten blijft zoekend; ouders willen met video werken.")
    page.get_by_role("button", name="Opslaan").click()

    page.wait_for_url(f"**/signalering/kinderen/{consult.child.uuid}/")
    timeline = page.locator(".hw-timeline")
    entry = timeline.locator("li", has=page.get_by_role("link", name=PICKED))
    assert "Verwezen naar Binnen de eigen organisatie" in entry.inner_text()

    axe.assert_clean()
