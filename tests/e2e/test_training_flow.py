"""Training through the real pages in a real browser (issue 9): a nurse finds the Cursus hechting
on the public course pages and enrols; the trainer records attendance on a 390 px phone without
sideways scrolling; a parent enrols in Het Begint Bij Mij through the trainer's link, without an
account; the nurse downloads her certificate and its code checks out on the public verification
page. axe-core finds no WCAG 2.1 A/AA violations on any page visited (T6.3, T6.4)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlparse

import pytest

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COURSE = "Cursus hechting"
NO_SIDEWAYS_SCROLL = (
    "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
)


def _new_page(browser: Any, live_server: Any, width: int = 1280) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def _move_to_the_past(course_name: str) -> None:
    """The course's demo edition has had all its sessions (the last one yesterday)."""
    from hechtwerk.training.models import Edition

    edition = Edition.objects.get(course__name=course_name)
    sessions = list(edition.sessions.order_by("order"))
    for i, session in enumerate(sessions):
        session.date = dt.date.today() - dt.timedelta(days=len(sessions) - i)
        session.save(update_fields=["date"])


def test_it_walks_enrolment_attendance_parent_link_and_certificate(
    page, browser, live_server, demo, axe
):
    password = demo["password"]
    nurse_email, *_ = demo["users"]["verpleegkundige"]
    trainer_email, *_ = demo["users"]["trainer"]

    # 1. A nurse from the public course pages through enrolment.
    page.goto("/opleidingen/")
    axe.check(page, "opleidingen")
    page.get_by_role("link", name=COURSE).first.click()
    page.wait_for_load_state()
    axe.check(page, "cursuspagina (bezoeker)")
    course_url = page.url
    page.get_by_role("link", name="Log in om je in te schrijven").first.click()
    page.wait_for_load_state()
    sign_in(page, nurse_email, password, axe)
    page.goto(course_url)
    axe.check(page, "cursuspagina (ingelogd)")
    page.get_by_role("button", name="Schrijf mij in").first.click()
    page.wait_for_url("**/opleidingen/mijn/")
    assert "Je bent ingeschreven" in page.content()
    assert COURSE in page.content()
    axe.check(page, "mijn opleidingen")

    # 2. The trainer records attendance on a phone, one tap per participant.
    _move_to_the_past(COURSE)
    phone = _new_page(browser, live_server, width=390)
    sign_in(phone, trainer_email, password, axe)
    phone.goto("/opleidingen/lesgeven/")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    axe.check(phone, "mijn uitvoeringen (390 px)")
    section = phone.locator("section", has=phone.get_by_role("heading", name=COURSE))
    session_links = section.locator("ul.tr-dates a")
    count = session_links.count()
    assert count == 5
    for index in range(count):
        section = phone.locator("section", has=phone.get_by_role("heading", name=COURSE))
        section.locator("ul.tr-dates a").nth(index).click()
        phone.wait_for_load_state()
        if index == 0:
            assert phone.evaluate(NO_SIDEWAYS_SCROLL)
            axe.check(phone, "aanwezigheid (390 px)")
        row = phone.locator(".tr-attendance__row", has_text="Vera")
        row.get_by_role("button", name="Nog niet ingevuld").click()
        phone.wait_for_load_state()
        row = phone.locator(".tr-attendance__row", has_text="Vera")
        assert row.get_by_role("button", name="Aanwezig").get_attribute("aria-pressed") == "true"
        if index == 0:
            assert phone.evaluate(NO_SIDEWAYS_SCROLL)
            axe.check(phone, "aanwezigheid vastgelegd (390 px)")
        phone.goto("/opleidingen/lesgeven/")

    # 3. A parent enrols in Het Begint Bij Mij through the trainer's link, without an account.
    section = phone.locator("section", has=phone.get_by_role("heading", name="Het Begint Bij Mij"))
    section.get_by_role("link", name="Aanmeldlink voor ouders").click()
    phone.wait_for_load_state()
    phone.get_by_role("button", name="Link maken").click()
    phone.wait_for_load_state()
    axe.check(phone, "aanmeldlink voor ouders (390 px)")
    link = phone.locator(".tr-link a").first.get_attribute("href")
    assert link
    parent = _new_page(browser, live_server, width=390)
    parent.goto(urlparse(link).path)  # the mailed address names the site, not the test server
    assert parent.evaluate(NO_SIDEWAYS_SCROLL)
    axe.check(parent, "aanmelden als ouder (390 px)")
    parent.get_by_label("Je voornaam of roepnaam").fill("Sam")
    parent.get_by_label("E-mailadres").fill("sam@ouder.example")
    for radio in parent.locator("input[type=radio][value=ja]").all():
        radio.check()
    parent.get_by_role("button", name="Aanmelden").click()
    parent.wait_for_load_state()
    parent.get_by_role("heading", name="Je bent aangemeld").wait_for()
    assert "sam@ouder.example" in parent.content()
    axe.check(parent, "aangemeld als ouder (390 px)")

    # 4. The nurse downloads her certificate; its code checks out on the public page.
    page.goto("/opleidingen/mijn/")
    axe.check(page, "mijn opleidingen met certificaat")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download je certificaat (PDF)").click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    from hechtwerk.training.models import Certificate

    code = Certificate.objects.get(course__name=COURSE).verification_code
    visitor = _new_page(browser, live_server)
    visitor.goto("/opleidingen/certificaat-controleren/")
    axe.check(visitor, "certificaat controleren")
    visitor.get_by_label("Verificatiecode van het certificaat").fill(code)
    visitor.get_by_role("button", name="Controleer").click()
    visitor.wait_for_load_state()
    result = visitor.get_by_role("status")
    assert "Geldig" in result.inner_text()
    assert COURSE in result.inner_text()
    assert "Vera" not in visitor.content()
    axe.check(visitor, "certificaat gecontroleerd")

    axe.assert_clean()
