"""A nurse's first half year with one child, through the real forms in a real browser (issue 3):
add the child, record six consults, see the live advice turn a dimension zoekend, confirm it and
hold the ééngespreksmodel, check the Informatiekaart and refer. The child page, the chart's table
and the worklist show it, and axe-core finds no WCAG 2.1 A/AA violations on the way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CASE_CODE = "E2E-001"
# The first-half-year moments of the classic schedule with their age in days.
MOMENTS = [
    ("huisbezoek_2w", 14),
    ("4w", 28),
    ("8w", 56),
    ("3m", 91),
    ("4m", 122),
    ("6m", 183),
]
SEARCHING_MOMENT = "8w"


def _tick(page: Any, selector: str) -> None:
    """Tick one box and wait for the live suggestion it asks for, so that requests do not overlap
    (the live server's in-memory SQLite refuses parallel writes of the session)."""
    with page.expect_response(lambda response: "/voorstel/" in response.url):
        page.locator(selector).first.check()


def _worklist_row(page: Any) -> Any:
    page.goto("/signalering/werklijst/")
    return page.locator("tbody tr", has=page.get_by_role("link", name=CASE_CODE, exact=True))


# Ticks "positief" (parent items) and "niet aanwezig" (risk items) on every item but the first.
# Set in one go so that the live advice is asked for once, by the real click on the first item,
# instead of once per radio button (the live server's in-memory SQLite locks under parallel
# requests).
TICK_REST_POSITIVE_JS = """() => {
  const radios = [...document.querySelectorAll("input[type=radio][name^='item_']")];
  const first = radios[0].name;
  for (const radio of radios) {
    if (radio.name === first) continue;
    if (radio.value === 'positief' || radio.value === 'niet_aanwezig') radio.checked = true;
  }
}"""
FIRST_ITEM = "input[type=radio][name^='item_']"


def _open_consult_form(page: Any, child_url: str, code: str, on: dt.date) -> None:
    page.goto(child_url)
    page.get_by_role("link", name="Consult vastleggen").click()
    page.locator("select[name=contact_moment]").select_option(code)
    page.locator("input[name=consult_date]").fill(on.isoformat())
    page.evaluate(TICK_REST_POSITIVE_JS)


def _record_consult(page: Any, child_url: str, code: str, on: dt.date) -> None:
    _open_consult_form(page, child_url, code, on)
    page.locator(f"{FIRST_ITEM}[value='positief']").first.check()
    page.locator("#advies").get_by_text("Voorgestelde status per dimensie").wait_for()
    page.get_by_role("button", name="Consult opslaan").click()
    page.wait_for_url("**/signalering/consulten/*/")


def test_it_records_a_first_half_year_and_shows_it_everywhere(page, demo, axe):
    email, *_ = demo["users"]["verpleegkundige"]
    sign_in(page, email, demo["password"])
    today = dt.date.today()
    birth = today - dt.timedelta(days=212)

    # A new child by case code and date of birth.
    page.goto("/signalering/kinderen/nieuw/")
    page.locator("input[name=case_code]").fill(CASE_CODE)
    page.locator("input[name=birth_date]").fill(birth.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/signalering/kinderen/*/")
    child_url = page.url

    # Before: every first-half-year consult is overdue on the worklist.
    before = _worklist_row(page)
    assert before.count() == 1
    assert before.get_by_text("te laat").count() == len(MOMENTS)

    for code, age_days in MOMENTS:
        searching = code == SEARCHING_MOMENT
        on = birth + dt.timedelta(days=age_days)
        if not searching:
            _record_consult(page, child_url, code, on)
            continue
        # The zoekende consult: one item of the first dimension (Aansluiten) is not yet
        # positive; the live advice shows it before saving.
        _open_consult_form(page, child_url, code, on)
        page.locator(f"{FIRST_ITEM}[value='nog_niet_positief']").first.check()
        advice = page.locator("#advies")
        advice.get_by_text("Bied het ééngespreksmodel aan, liefst nog in dit consult.").wait_for()
        # The advice lists each dimension with its status in words (a list: a table ran out of
        # a phone's width).
        attunement = advice.locator(
            ".hw-advice-list__item",
            has=page.locator(".hw-advice-list__name").get_by_text("Aansluiten", exact=True),
        )
        assert "Zoekend" in attunement.inner_text()
        assert advice.get_by_text("Zoekend", exact=True).count() == 1
        axe.check(page, "consult vastleggen met advies")
        page.get_by_role("button", name="Consult opslaan").click()
        page.wait_for_url("**/signalering/consulten/*/")
        consult_url = page.url

        # Meanwhile the worklist asks for the ééngespreksmodel of this consult.
        waiting = _worklist_row(page).locator("td").nth(1)
        assert "8 weken" in waiting.inner_text()
        page.goto(consult_url)

        # Confirm the suggested dimensions and the ééngespreksmodel held in this consult: one
        # form, one button (issue 12).
        assert page.get_by_text("nog niet bevestigd").count() > 0
        page.locator("input[name=status][value=gevoerd]").check()
        page.get_by_label("Gevoerd in dit consult").check()
        page.get_by_role("button", name="Dimensies en gesprek vastleggen").click()
        page.get_by_text("De dimensies en het ééngespreksmodel zijn vastgelegd.").wait_for()
        assert page.get_by_text("nog niet bevestigd").count() == 0
        assert page.get_by_text("Nu: Gevoerd").count() == 1

    # The Informatiekaart: one criterion met leads to the referral form.
    page.goto(child_url)
    page.get_by_role("link", name="Check Informatiekaart").click()
    page.get_by_label("Eén of meer vroege regulatieproblemen (huilen, voeden, slapen)").check()
    page.get_by_role("button", name="Check opslaan").click()
    page.wait_for_url("**/verwijzingen/nieuw/?check=*")
    page.locator("select[name=destination]").select_option("jeugd_ggz")
    page.locator("textarea[name=reason]").fill("Veel huilen, ouders uitgeput.")
    page.locator("input[name=referred_on]").fill(today.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(child_url)

    # The child page: six consults and the referral on the timeline.
    timeline = page.locator("ol.hw-timeline")
    consults = timeline.locator("li", has=page.get_by_role("link", name="Consult "))
    assert consults.count() == len(MOMENTS)
    referral = timeline.locator("li", has_text="Verwezen naar Jeugd-GGZ")
    assert referral.count() == 1
    assert "Veel huilen, ouders uitgeput." in referral.inner_text()
    assert today.strftime("%d-%m-%Y") in referral.inner_text()
    assert timeline.get_by_text("verwijzing geadviseerd").count() == 1

    # The chart's table: a row per consult, the zoekende dimension in the 8-week row only.
    table = page.locator("table.hw-chart-table")
    rows = table.locator("tbody tr")
    assert rows.count() == len(MOMENTS)
    searching_date = (birth + dt.timedelta(days=56)).strftime("%d-%m-%Y")
    for index in range(rows.count()):
        text = rows.nth(index).inner_text()
        assert ("Zoekend" in text) == (searching_date in text), text
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    column = headers.index("Aansluiten")
    zoekend_row = table.locator("tbody tr", has_text=searching_date)
    assert "Zoekend" in zoekend_row.locator("th, td").nth(column).inner_text()
    axe.check(page, "kind")

    # After: no consult due or late and no open ééngespreksmodel, and a referral made today is
    # not yet "without follow-up" (issue 12: only after the configured number of days), so the
    # child has left the worklist.
    assert _worklist_row(page).count() == 0
    # Once those days have passed (here: platform staff set them to none), the referral awaits
    # follow-up on the worklist.
    from hechtwerk.signalling.models import SignallingPolicy

    SignallingPolicy.objects.current()
    SignallingPolicy.objects.update(referral_follow_up_days=0)
    after = _worklist_row(page)
    assert after.count() == 1
    cells = after.locator("td")
    assert after.get_by_text("te laat").count() == 0
    assert after.get_by_text("aan de beurt").count() == 0
    assert cells.nth(0).inner_text().strip() == "–"
    assert cells.nth(1).inner_text().strip() == "–"
    assert "Jeugd-GGZ" in cells.nth(2).inner_text()
    axe.check(page, "werklijst")
    axe.assert_clean()


def test_it_suggests_samenstarten_and_vulnerability_live_before_saving(page, demo, axe):
    email, *_ = demo["users"]["verpleegkundige"]
    sign_in(page, email, demo["password"])
    page.goto("/signalering/?q=DEMO-006")
    page.get_by_role("link", name="DEMO-006").click()
    child_url = page.url

    # The page's action (the intervention SamenStarten may also show among the matches).
    page.get_by_role("link", name="SamenStarten").first.click()
    suggestion = page.locator("#voorstel")
    for field in ("parent_competence", "partner_role", "social_network", "events"):
        _tick(page, f"input[name={field}][value=prima]")
    assert "Welbevinden van het kind" in suggestion.inner_text()  # still to rate
    _tick(page, "input[name=child_wellbeing][value=probleem]")
    suggestion.get_by_text("Voorgesteld totaaloordeel").wait_for()
    assert "Probleem" in suggestion.inner_text()
    assert "Verwijzing" in suggestion.inner_text()
    axe.check(page, "SamenStarten met voorstel")

    page.goto(child_url)
    page.get_by_role("link", name="Kwetsbaarheid").click()
    suggestion = page.locator("#voorstel")
    factor = page.locator("input[name^=factor_]").first
    _tick(page, "input[name^=factor_]")
    suggestion.get_by_text("Voorgestelde gradatie").wait_for()
    _tick(page, "input[name^=urgent_]")
    suggestion.get_by_text("Zeer kwetsbaar", exact=True).wait_for()
    label = page.locator(f"label[for='{factor.get_attribute('id')}']").inner_text()
    assert label in suggestion.inner_text()  # the driving factor, by its text
    axe.check(page, "kwetsbaarheid met voorstel")

    page.goto(child_url)
    page.get_by_role("link", name="Kind als onjuist ingevoerd markeren").click()
    axe.check(page, "kind als onjuist markeren")
    page.goto("/signalering/kinderen/importeren/")
    axe.check(page, "geschiedenis importeren")
    axe.assert_clean()
