"""Every demo role signs in through the real forms in a real browser, and the pages it sees have
no WCAG 2.1 A/AA violations according to axe-core (T6.3); sign-in works by keyboard alone (T6.4)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from hechtwerk.accounts.constants import MFA_REQUIRED_ROLES
from hechtwerk.accounts.models import User

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_ROLES = [
    "beheerder",
    "trainer",
    "verpleegkundige",
    "jeugdarts",
    "teamleider",
    "organisator",
    "deelnemer",
    "logbeheerder",
    "andere_regio",
]


@pytest.mark.parametrize("key", DEMO_ROLES)
def test_it_signs_in_each_demo_role_and_shows_accessible_pages(key, page, demo, axe):
    email, first_name, _org, role, is_staff = demo["users"][key]
    sign_in(page, email, demo["password"], axe)

    assert urlparse(page.url).path == "/"
    assert page.locator("h1").inner_text() == f"Welkom, {first_name}"
    assert str(role.label) in page.locator("main").inner_text()
    assert page.locator("h1").count() == 1
    axe.check(page, f"startpagina {key}")
    axe.assert_clean()
    user = User.objects.get(email=email)
    needs_two_factors = is_staff or role in MFA_REQUIRED_ROLES
    assert needs_two_factors == user.authenticator_set.filter(type="totp").exists()
    assert needs_two_factors == ("tweestapsverificatie instellen" in axe.checked)
