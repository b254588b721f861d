"""The consult screen at 390 px and at 1280 px (issue 12): no sideways scrolling, no internal code
in the visible text, the advice before the save button, axe-core clean (T6.3, T6.4)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A code as stored (risico_zorgen, nog_niet_positief, huisbezoek_2w): lower-case words joined by
# an underscore. No allow-list: nothing on these pages may read like that.
CODE = re.compile(r"\b[a-z]+_[a-z_0-9]+\b")
FIRST_ITEM = "input[type=radio][name^='item_']"
TICK_REST_JS = """() => {
  const radios = [...document.querySelectorAll("input[type=radio][name^='item_']")];
  const first = radios[0].name;
  for (const radio of radios) {
    if (radio.name === first) continue;
    if (radio.value === 'positief' || radio.value === 'niet_aanwezig') radio.checked = true;
  }
}"""
NO_SIDEWAYS_JS = (
    "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
)
# The widest elements running out of the viewport, to name in a failure.
TOO_WIDE_JS = """() => [...document.querySelectorAll('main *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""


def _check_screen(page: Any, axe: Any, label: str) -> None:
    assert page.evaluate(NO_SIDEWAYS_JS), (
        f"{label}: the page scrolls sideways: {page.evaluate(TOO_WIDE_JS)}"
    )
    visible = page.locator("main").inner_text()
    codes = sorted(set(CODE.findall(visible)))
    assert not codes, f"{label}: internal codes on screen: {codes}"
    axe.check(page, label)


@pytest.mark.parametrize("width", [390, 1280])
def test_it_fits_the_consult_screen_and_speaks_in_words(browser, live_server, demo, axe, width):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        email, *_ = demo["users"]["verpleegkundige"]
        sign_in(page, email, demo["password"])
        page.goto("/signalering/?q=DEMO-002")
        page.get_by_role("link", name="DEMO-002", exact=True).first.click()
        page.wait_for_load_state()
        _check_screen(page, axe, f"kind {width}px")

        page.get_by_role("link", name="Consult vastleggen").click()
        page.wait_for_load_state()
        # Filled in from the child's age and today.
        assert page.locator("select[name=contact_moment]").input_value()
        assert page.locator("input[name=consult_date]").input_value()
        page.evaluate(TICK_REST_JS)
        with page.expect_response(lambda response: "/advies/" in response.url):
            page.locator(f"{FIRST_ITEM}[value='nog_niet_positief']").first.check()
        page.locator("#advies").get_by_text("Voorgestelde status per dimensie").wait_for()
        # One short sentence in the live region, not the whole advice.
        announcement = page.locator("#advies-melding").inner_text()
        assert announcement.startswith("Advies gewijzigd"), announcement
        assert len(announcement) < 140
        # The advice comes before the save button, on a phone too.
        advice_box = page.locator("#advies").bounding_box()
        save_box = page.get_by_role("button", name="Consult opslaan").bounding_box()
        assert advice_box is not None
        assert save_box is not None
        assert advice_box["y"] < save_box["y"]
        _check_screen(page, axe, f"consult vastleggen {width}px")

        page.get_by_role("button", name="Consult opslaan").click()
        page.wait_for_url("**/signalering/consulten/*/")
        _check_screen(page, axe, f"consult {width}px")
    finally:
        context.close()
    axe.assert_clean()
