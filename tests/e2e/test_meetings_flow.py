"""A coalition organiser plans a meeting in a real browser (issue 11): the program with the
keyboard only (Tab, Enter, Space, arrows; no mouse clicks), 16 invitations whose answers come in
through the links in the mails, speed-date groups arranged by hand, the printable pack as a PDF,
and the report written and sent. axe-core finds no WCAG 2.1/2.2 A/AA violations on every meetings
page on the way (T6.3), and the planner does not scroll sideways on a 390 px phone."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any
from urllib.parse import urlparse

import pytest

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Verdiepende bijeenkomst Eerste 1000 dagen"
PEOPLE = 16
# (profession value, organisation) in turn for the 16 who answer: a mix over the three domains.
ANSWERS = [
    ("jgz", "GGD Voorbeeldstad"),
    ("verloskundige", "Verloskundigenpraktijk De Wieg"),
    ("wijkteam", "Sociaal wijkteam Noord"),
    ("buurtgezin", "Buurtgezinnen"),
    ("huisarts", "Huisartsenpraktijk Centrum"),
    ("schuldhulp", "Schuldhulp Voorbeeldstad"),
    ("kraamverzorgende", "Kraamzorg Noord"),
    ("ervaringsdeskundige", "Ervaringsdeskundigen"),
]
# Block number -> option index in the library select (ordered by script number).
BLOCKS_IN_ORDER = [1, 2, 3, 4, 7, 5]


SHOTS = os.environ.get("HECHTWERK_SHOTS", "")  # a folder: full-page screenshots for review


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _no_sideways_scroll(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _press(page: Any, selector: str, key: str = "Enter") -> None:
    """Put the keyboard focus on an element (no click) and press a key there."""
    page.locator(selector).focus()
    page.keyboard.press(key)


# While htmx swaps and settles, the new content is in the page but not yet processed: a key
# pressed on it then submits its form as a plain page (a CI run lost the test that way, the next
# block's Enter going to a page about to be replaced). So every htmx step waits for all of it.
HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


def _settled(page: Any) -> None:
    page.wait_for_function(f"() => !document.querySelector({HTMX_BUSY!r})")


def _htmx(page: Any, selector: str, key: str = "Enter") -> None:
    """Press a key on an htmx control and wait until the server answered and htmx settled."""
    with page.expect_response(lambda r: r.request.method == "POST"):
        _press(page, selector, key)
    _settled(page)


def _add_block(page: Any, number: int) -> None:
    select = page.locator("#bouwsteen")
    select.focus()
    page.keyboard.press("Home")
    for _step in range(number - 1):
        page.keyboard.press("ArrowDown")
    assert select.evaluate("s => s.selectedIndex") == number - 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "bouwsteen-toevoegen"
    blocks = page.locator("#programma-inhoud li.mt-item").count()
    with page.expect_response(lambda r: "/bouwsteen/" in r.url):
        page.keyboard.press("Enter")
    # The program shows one block more, and htmx put the focus back on the button it replaced
    # (the new one: the old one has the same id), so the next block can follow.
    page.wait_for_function(
        "n => document.querySelectorAll('#programma-inhoud li.mt-item').length === n",
        arg=blocks + 1,
    )
    _settled(page)
    assert page.evaluate("document.activeElement.id") == "bouwsteen-toevoegen"


def _set_minutes(page: Any, name: str, minutes: int) -> None:
    field = page.locator("li.mt-item", has_text=name).locator("input[name=minutes]")
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(minutes))
    with page.expect_response(lambda r: "/duur/" in r.url):
        page.keyboard.press("Enter")
    page.locator("li.mt-item", has_text=name).locator(f"input[value='{minutes}']").wait_for()
    _settled(page)


def _mail_links(marker: str, subject_start: str) -> dict[str, str]:
    """recipient -> the link in their mail, from the outbox (the raw token is only in the mail;
    the recorded mail keeps no content once delivered)."""
    from django.core import mail

    links = {}
    for message in mail.outbox:
        if not message.subject.startswith(subject_start):
            continue
        url = next(w for w in message.body.split() if marker in w and "agenda" not in w)
        links[message.to[0]] = urlparse(url).path
    return links


def test_it_plans_invites_groups_prints_and_reports_with_the_keyboard(page, demo, axe):
    email, *_ = demo["users"]["organisator"]
    sign_in(page, email, demo["password"])
    meeting_day = dt.date.today() + dt.timedelta(weeks=8)

    # -- A new meeting, typed and submitted with the keyboard.
    page.goto("/bijeenkomsten/")
    axe.check(page, "bijeenkomsten")
    page.locator("#id_title").focus()
    page.keyboard.type(TITLE)
    # Chromium's date and time fields split into segments whose order follows the browser's
    # own locale, so their values are entered with fill() (no mouse either); Tab goes on after.
    page.locator("#id_date").fill(meeting_day.isoformat())
    page.locator("#id_starts_at").fill("13:00")
    page.locator("#id_place").focus()
    page.keyboard.type("Wijkcentrum De Brug")
    page.keyboard.press("Tab")
    page.keyboard.type("Elkaar kennen en weten wat ieder doet.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Bijeenkomst aanmaken"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bijeenkomsten/[0-9a-f-]{36}/$"))
    planner_url = urlparse(page.url).path
    assert page.get_by_role("heading", level=1, name=TITLE).count() == 1
    assert meeting_day.strftime("%d-%m-%Y") in page.locator("main").inner_text()

    # -- The program: six blocks, over the two hours; finalising is refused with a clear message.
    for number in BLOCKS_IN_ORDER:
        _add_block(page, number)
    program = page.locator("#programma-inhoud")
    assert "Totaal 160 van 120 minuten." in program.inner_text()
    assert "40 minuten te lang." in program.inner_text()
    _htmx(page, "#programma-definitief")
    assert "40 minuten langer" in page.locator("#programma-inhoud").inner_text()
    axe.check(page, "planner met te lang programma")

    # Shorter blocks (typed, Enter in the field) until it fits, then final.
    _set_minutes(page, "Samen kwetsbaarheid omschrijven", 30)
    _set_minutes(page, "Elkaars aanbod", 25)
    assert "Totaal 120 van 120 minuten." in page.locator("#programma-inhoud").inner_text()

    # The last block (knowing each other's offer) goes above the closing, with Space on Omhoog.
    names = page.locator("li.mt-item .mt-name").all_inner_texts()
    assert names[4:] == ["Afronding en vervolg", "Elkaars aanbod kennen en samenwerken"], names
    page.locator("li.mt-item").nth(5).get_by_role("button", name=re.compile("^Omhoog")).focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    names = page.locator("li.mt-item .mt-name").all_inner_texts()
    assert names[4:] == ["Elkaars aanbod kennen en samenwerken", "Afronding en vervolg"], names
    times = page.locator("li.mt-item .mt-time").all_inner_texts()
    assert times[0].startswith("13:00"), times
    assert times[-1].endswith("15:00"), times
    _htmx(page, "#programma-definitief")
    assert "Het programma is definitief." in page.locator("#programma-inhoud").inner_text()

    # -- 16 personal invitations: type the address, Enter.
    for i in range(PEOPLE):
        page.locator("#uitnodigen-email").focus()
        page.keyboard.type(f"deelnemer{i:02d}@example.org")
        # The message is on the page from the previous one already: wait for the new page.
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.get_by_text("De uitnodiging is verstuurd.").wait_for()
        assert page.locator("#deelnemers tbody tr").count() == i + 1
    assert page.locator("#deelnemers tbody tr").count() == PEOPLE
    axe.check(page, "planner met uitnodigingen")

    # -- Every invitee answers through the link from their own mail, without an account.
    from django.core.cache import cache

    links = _mail_links("/antwoord/", "Uitnodiging:")
    assert len(links) == PEOPLE
    answerer = page.context.browser.new_context(base_url=page.url.split("/bijeenkomsten")[0])
    visitor = answerer.new_page()
    for i, path in enumerate(sorted(links.values())):
        profession, organisation = ANSWERS[i % len(ANSWERS)]
        # Each invitee answers from their own address; this browser has one, so the per-address
        # attempt counter of signed links (30 in ten minutes) starts afresh for each of them.
        cache.clear()
        visitor.goto(path)
        if i == 0:
            axe.check(visitor, "antwoordpagina")
        visitor.locator("input[name=answer][value=ja]").check()
        visitor.locator("select[name=profession]").select_option(profession)
        visitor.locator("input[name=organisation_name]").fill(organisation)
        visitor.locator("input[name=elearning_completed]").check()
        if i % 2 == 0:
            visitor.locator("input[name=consent_share_contact]").check()
        visitor.get_by_role("button", name="Antwoord versturen").click()
        visitor.get_by_text("je bent aangemeld").wait_for()
        if i == 0:
            axe.check(visitor, "antwoord bewaard")
    answerer.close()

    # -- Back on the planner: no warning (16 is within 12–20, invited 8 weeks ahead); the mix.
    page.goto(planner_url)
    assert page.locator(".mt-warnings").count() == 0
    assert "Medisch 8, sociaal 4, informeel 4." in page.locator("#deelnemers").inner_text()

    # -- Speed-date groups (the first kind in the list), made with the keyboard.
    page.locator("#indeling").focus()
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("De groepjes zijn gemaakt.").wait_for()
    assert "Dubbele ontmoetingen: 0." in page.locator("#groepjes").inner_text()
    axe.check(page, "planner met groepjes")

    # -- The groups page: three rounds, each one form; move someone in round 1 by keyboard.
    page.goto(planner_url + "indeling/")
    rounds = page.locator("details.mt-round")
    assert rounds.count() == 3
    axe.check(page, "groepjes")
    _press(page, "#ronde-speeddate-1 > summary")
    first_select = page.locator("#ronde-speeddate-1 select[name^=plaats-]").first
    first_select.focus()
    page.keyboard.press("ArrowDown")
    moved_to = first_select.evaluate("s => s.options[s.selectedIndex].text")
    assert moved_to == "Groepje 2"
    page.locator("#ronde-speeddate-1 select[name^=kaart-]").first.focus()
    page.keyboard.press("ArrowDown")  # the first case card for group 1
    _htmx(page, "#ronde-speeddate-1 button[type=submit]", "Space")
    page.get_by_text("Ronde 1 is bewaard; 1 deelnemer is verplaatst.").wait_for()
    assert page.locator("#ronde-speeddate-1").get_attribute("open") is not None
    axe.check(page, "groepjes na verplaatsen")
    page.locator("#ronde-speeddate-1 a", has_text="Werkblad ronde 1, groepje 1").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/werkblad/")
    assert page.get_by_role("columnheader", name="Medisch risico").count() == 1
    axe.check(page, "werkblad")

    # -- Details page (practicalities) is reachable and clean.
    page.goto(planner_url + "gegevens/")
    axe.check(page, "gegevens")

    # -- The printable pack: a PDF arrives.
    page.goto(planner_url)
    page.get_by_role("link", name="Draaiboek downloaden (pdf)").focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # -- After the meeting: attendance, the report with an agreement, sent once to all 16.
    page.goto(planner_url + "na-afloop/")
    axe.check(page, "na afloop")
    present = page.locator("input[name=present]")
    assert present.count() == PEOPLE
    present.first.focus()
    for _person in range(PEOPLE):  # Space ticks a box, Tab goes to the next
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    assert page.locator("input[name=present]:checked").count() == PEOPLE
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aanwezigheid bewaren"
    page.keyboard.press("Enter")
    page.get_by_text("De aanwezigheid is bewaard.").wait_for()
    page.locator("textarea[name=went_well]").focus()
    page.keyboard.type("De speeddate brak het ijs; iedereen kende na afloop drie nieuwe mensen.")
    page.keyboard.press("Tab")
    page.keyboard.type("Meer tijd voor het aanbod van het informele domein.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Het verslag is bewaard.").wait_for()
    page.locator("input[name=who]").focus()
    page.keyboard.type("Sociaal wijkteam Noord")
    page.keyboard.press("Tab")
    page.keyboard.type("Spreekuur in het consultatiebureau")
    page.keyboard.press("Enter")
    page.get_by_text("De afspraak is toegevoegd.").wait_for()
    page.get_by_role("button", name="Verslag versturen").focus()
    page.keyboard.press("Enter")
    page.get_by_text(f"Het verslag is naar {PEOPLE} deelnemers gestuurd").wait_for()
    assert page.get_by_role("button", name="Verslag versturen").count() == 0  # once
    axe.check(page, "na afloop, verstuurd")
    report_links = _mail_links("/verslag/", "Verslag:")
    assert len(report_links) == PEOPLE
    page.goto(next(iter(report_links.values())))
    assert "Spreekuur in het consultatiebureau" in page.locator("main").inner_text()
    axe.check(page, "verslag lezen")

    # -- The coalition's figures, with the download.
    page.goto("/bijeenkomsten/cijfers/")
    axe.check(page, "cijfers bijeenkomsten")

    # -- On a 390 px phone nothing scrolls sideways.
    pages = {
        "lijst": "/bijeenkomsten/",
        "planner": planner_url,
        "gegevens": planner_url + "gegevens/",
        "groepjes": planner_url + "indeling/?open=speeddate-2",
        "na-afloop": planner_url + "na-afloop/",
        "cijfers": "/bijeenkomsten/cijfers/",
    }
    for name, path in pages.items():
        page.goto(path)
        _shot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    for name, path in pages.items():
        page.goto(path)
        _shot(page, f"{name}-390")
        assert _no_sideways_scroll(page) <= 0, path
    page.goto(planner_url)
    axe.check(page, "planner op 390 px")
    axe.assert_clean()
