"""The public pages, the signed-in account pages and the two-factor sign-in have no WCAG 2.1 A/AA
violations (T6.3); sign-in works with the keyboard alone and focus stays visible (T6.4)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from hechtwerk.catalogue.models import Intervention
from hechtwerk.signalling.models import Child

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _home(url: str) -> bool:
    return urlparse(url).path == "/"


VISIBLE_FOCUS_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {tag: el.tagName, name: el.getAttribute('name') || el.textContent.trim().slice(0, 40),
          visible: outline || style.boxShadow !== 'none'};
}"""


def test_it_reports_axe_violations_on_a_broken_page(page, axe):
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    assert axe.check(page, "kapotte pagina") > 0
    assert "kapotte pagina" in axe.reports


def test_it_shows_public_pages_without_violations(page, demo, axe):
    for path, label in [
        ("/auth/login/", "aanmelden"),
        ("/auth/password/reset/", "wachtwoord vergeten"),
        ("/auth/password/reset/key/1-ongeldig/", "verlopen resetlink"),
        ("/auth/signup/", "registratie gesloten"),
        ("/privacy/", "privacyverklaring"),
        ("/toegankelijkheid/", "toegankelijkheidsverklaring"),
        ("/bestaat-niet/", "404"),
    ]:
        response = page.goto(path)
        assert response.status == (404 if label == "404" else 200), path
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.locator("h1").count() == 1, path
        axe.check(page, label)
    axe.assert_clean()


NO_HORIZONTAL_SCROLL_JS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_it_reflows_to_a_narrow_screen_without_horizontal_scrolling(page, demo):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/auth/login/", "/auth/password/reset/", "/privacy/", "/toegankelijkheid/"):
        page.goto(path)
        assert page.evaluate(NO_HORIZONTAL_SCROLL_JS), f"{path} scrolls sideways at 320 px"
    email, *_ = demo["users"]["verpleegkundige"]
    sign_in(page, email, demo["password"])
    child = Child.objects.filter(organisation__name="JGZ Voorbeeldstad").first()
    intervention = Intervention.objects.first()
    assert child is not None
    assert intervention is not None
    nurse_pages = [
        "/",
        "/account/",
        "/auth/2fa/",
        reverse("signalling:worklist"),
        reverse("signalling:child_detail", kwargs={"child_uuid": child.uuid}),
        reverse("catalogue:detail", kwargs={"intervention_uuid": intervention.uuid}),
    ]
    # Tables wider than the phone scroll inside their own wrapper, never the page.
    for path in nurse_pages:
        page.goto(path)
        assert page.evaluate(NO_HORIZONTAL_SCROLL_JS), f"{path} scrolls sideways at 320 px"
    page.context.clear_cookies()
    email, *_ = demo["users"]["beheerder"]
    sign_in(page, email, demo["password"])
    for name in ("catalogue:manage", "catalogue:rules", "instruments:index"):
        page.goto(reverse(name))
        assert page.evaluate(NO_HORIZONTAL_SCROLL_JS), f"{name} scrolls sideways at 320 px"


def test_it_offers_no_sign_up_on_the_login_page(page, demo):
    page.goto("/auth/login/")
    assert page.locator("a[href*='signup']").count() == 0
    assert "registreer" not in page.locator("main").inner_text().lower()


def test_it_shows_account_pages_without_violations(page, demo, axe):
    email, *_ = demo["users"]["trainer"]
    sign_in(page, email, demo["password"])
    for path, label in [
        ("/account/", "mijn account"),
        ("/auth/2fa/", "tweestapsverificatie overzicht"),
        ("/auth/password/change/", "wachtwoord wijzigen"),
        ("/auth/logout/", "afmelden bevestigen"),
        ("/privacy/", "privacyverklaring ingelogd"),
        ("/toegankelijkheid/", "toegankelijkheidsverklaring ingelogd"),
        ("/bestaat-niet/", "404 ingelogd"),
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        axe.check(page, label)
    axe.assert_clean()


def test_it_signs_in_with_the_keyboard_alone(page, demo):
    email, first_name, *_ = demo["users"]["deelnemer"]
    page.goto("/auth/login/")
    page.keyboard.press("Tab")
    first = page.evaluate(VISIBLE_FOCUS_JS)
    assert first["name"] == "Naar de inhoud", first
    assert first["visible"], first
    for value, field in [(email, "login"), (demo["password"], "password")]:
        for _ in range(15):
            page.keyboard.press("Tab")
            focused = page.evaluate(VISIBLE_FOCUS_JS)
            assert focused["visible"], f"focus not visible on {focused}"
            if focused["name"] == field:
                break
        else:
            pytest.fail(f"Tab never reached the {field} field")
        page.keyboard.type(value)
    page.keyboard.press("Enter")
    page.wait_for_url(_home)
    assert page.locator("h1").inner_text() == f"Welkom, {first_name}"


def test_it_asks_the_second_factor_at_the_next_sign_in(page, demo, axe):
    email, first_name, *_ = demo["users"]["jeugdarts"]
    first = sign_in(page, email, demo["password"])
    assert first.secret
    assert len(first.recovery_codes) == 10
    page.goto("/auth/2fa/")
    axe.check(page, "tweestapsverificatie actief")
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url("**/auth/login/")

    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(demo["password"])
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/auth/2fa/authenticate/")
    axe.check(page, "tweede stap")
    code = page.locator("input[name=code]")
    assert code.get_attribute("autocomplete") == "one-time-code"
    # A recovery code instead of the app (this window's TOTP code was used at set-up), pasted
    # from the clipboard: the field must accept paste (WCAG 2.2, 3.3.8).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("code => navigator.clipboard.writeText(code)", first.recovery_codes[0])
    code.focus()
    page.keyboard.press("ControlOrMeta+V")
    assert code.input_value() == first.recovery_codes[0]
    page.get_by_role("button", name="Aanmelden").click()
    # A doctor lands on the worklist after sign-in (issue 12), signed in as herself.
    page.wait_for_url("**/signalering/werklijst/")
    assert page.locator("h1").inner_text() == "Werklijst"
    assert page.locator(".hw-account__name").inner_text() == first_name
    axe.assert_clean()
