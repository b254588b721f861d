"""Two-factor sign-in (ASVS 6.3.3, 6.4.3, 6.5.1, 6.5.5, 6.6.1, 7.2.4)."""

from __future__ import annotations

import re
import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.tests.factories import TEST_PASSWORD

from .helpers import is_signed_in, post_code, post_password, recovery_codes, totp_code

MFA_ROLES = [
    Role.YOUTH_NURSE,
    Role.YOUTH_DOCTOR,
    Role.TEAM_LEADER,
    Role.ADMINISTRATOR,
    Role.LOG_MANAGER,
]
NO_MFA_ROLES = [Role.TRAINER, Role.COALITION_ORGANISER, Role.PARTICIPANT]
SAMPLE_PATHS = [
    ("core:home", {}),
    ("core:privacy", {}),
    ("accounts:account", {}),
    ("admin:index", {}),
    ("admin:accounts_user_changelist", {}),
]
OWN_NAMESPACES = {"core", "accounts", "instruments", "signalling", "catalogue"}
SAMPLE_ARGS = {"uuid": uuid.uuid4(), "int": 1, "string": "x", "slug": "x", "path": "x"}


def _organisation_for(role: Role, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if role == Role.COALITION_ORGANISER:
        return request.getfixturevalue("coalition")
    if role in (Role.TRAINER, Role.PARTICIPANT, Role.ADMINISTRATOR):
        return request.getfixturevalue("foundation")
    return request.getfixturevalue("jgz")


def _signed_in_without_mfa(make_persona, role, request) -> Client:  # type: ignore[no-untyped-def]
    persona = make_persona(role, _organisation_for(role, request), mfa=False)
    client = Client()
    client.force_login(persona.user)
    return client


def _own_paths() -> list[str]:
    """One concrete path for every URL name of ours (any UUID will do: the guard runs first)."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif entry.name and namespace in OWN_NAMESPACES:
                converters = entry.pattern.converters
                kwargs = {
                    key: SAMPLE_ARGS[type(conv).__name__.removesuffix("Converter").lower()]
                    for key, conv in converters.items()
                }
                found.append(reverse(f"{namespace}:{entry.name}", kwargs=kwargs))

    walk(get_resolver().url_patterns, None)
    return found


@pytest.mark.parametrize("role", MFA_ROLES)
@pytest.mark.parametrize(("url_name", "kwargs"), SAMPLE_PATHS)
def test_it_sends_a_role_that_needs_two_factors_to_totp_setup_first(
    make_persona, request, role, url_name, kwargs
):
    client = _signed_in_without_mfa(make_persona, role, request)

    response = client.get(reverse(url_name, kwargs=kwargs))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_it_sends_staff_without_a_second_factor_to_totp_setup(make_persona, foundation):
    persona = make_persona(Role.TRAINER, foundation, mfa=False)
    persona.user.is_staff = True
    persona.user.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(persona.user)

    for path in (reverse("core:home"), reverse("admin:index")):
        response = client.get(path)
        assert response["Location"] == reverse("mfa_activate_totp"), path


def test_it_guards_every_page_of_ours_until_two_factors_are_set_up(make_persona, jgz):
    persona = make_persona(Role.YOUTH_DOCTOR, jgz, mfa=False)
    client = Client()
    client.force_login(persona.user)
    paths = _own_paths()
    assert reverse("accounts:account") in paths

    for path in paths:
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, path
            assert response["Location"] == reverse("mfa_activate_totp"), path


def test_it_sends_an_htmx_request_to_totp_setup_as_a_whole_page(make_persona, request):
    client = _signed_in_without_mfa(make_persona, Role.YOUTH_NURSE, request)

    response = client.get(reverse("accounts:account"), headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", NO_MFA_ROLES)
def test_it_lets_roles_without_client_data_in_without_a_second_factor(make_persona, request, role):
    client = _signed_in_without_mfa(make_persona, role, request)

    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("accounts:account")).status_code == 200


def test_it_lets_a_user_without_a_second_factor_reach_the_setup_page(make_persona, request):
    client = _signed_in_without_mfa(make_persona, Role.YOUTH_NURSE, request)
    # Setting up TOTP asks for the password again first; both pages are reachable.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200


def test_it_makes_the_second_factor_stick_once_totp_is_set_up(make_persona, jgz):
    persona = make_persona(Role.YOUTH_NURSE, jgz, mfa=True)
    client = Client()
    client.force_login(persona.user)

    assert client.get(reverse("accounts:account")).status_code == 200


@pytest.mark.parametrize(
    ("demo_mode", "debug", "exempt"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_it_honours_the_demo_exemption_only_in_demo_mode_with_debug(
    make_persona, jgz, demo_mode, debug, exempt
):
    persona = make_persona(Role.YOUTH_NURSE, jgz, mfa=False)
    persona.user.demo_mfa_exempt = True
    persona.user.save(update_fields=["demo_mfa_exempt"])
    client = Client()
    client.force_login(persona.user)

    with override_settings(DEMO_MODE=demo_mode, DEBUG=debug):
        response = client.get(reverse("accounts:account"))

    assert (response.status_code == 200) is exempt


def test_it_signs_in_with_password_and_totp_and_lands_on_the_worklist(nurse, frozen):
    """A nurse (and a doctor: the same capability) starts the day on the worklist."""
    client = Client()
    response = post_password(client, nurse.user.email, TEST_PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)
    key_before = client.session.session_key

    response = post_code(client, totp_code(nurse.user.totp_secret_value))

    assert response["Location"] == reverse("signalling:worklist")
    assert is_signed_in(client)
    # ASVS 7.2.4: a new session key after sign-in; the old one is gone from the server.
    assert client.session.session_key != key_before
    assert not SessionStore().exists(key_before)
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert home.wsgi_request.user == nurse.user


def test_it_lands_a_team_leader_on_the_home_page_after_sign_in(team_leader, frozen):
    client = Client()
    post_password(client, team_leader.user.email, TEST_PASSWORD)
    response = post_code(client, totp_code(team_leader.user.totp_secret_value))
    assert response["Location"] == reverse("core:home")


def test_it_refuses_a_wrong_code_and_keeps_the_user_signed_out(nurse, frozen):
    client = Client()
    post_password(client, nurse.user.email, TEST_PASSWORD)

    response = post_code(
        client, "000000" if totp_code(nurse.user.totp_secret_value) != "000000" else "111111"
    )

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_it_refuses_the_same_totp_code_a_second_time(nurse, frozen):
    code = totp_code(nurse.user.totp_secret_value)
    first = Client()
    post_password(first, nurse.user.email, TEST_PASSWORD)
    assert post_code(first, code).status_code == 302

    second = Client()
    post_password(second, nurse.user.email, TEST_PASSWORD)
    response = post_code(second, code)

    assert response.status_code == 200
    assert not is_signed_in(second)


def test_it_refuses_a_code_from_the_previous_time_step(nurse, frozen):
    client = Client()
    post_password(client, nurse.user.email, TEST_PASSWORD)

    response = post_code(client, totp_code(nurse.user.totp_secret_value, steps_back=1))

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_it_accepts_a_recovery_code_only_once(nurse, frozen):
    code = recovery_codes(nurse.user)[0]
    first = Client()
    post_password(first, nurse.user.email, TEST_PASSWORD)
    # A nurse lands on the worklist after signing in.
    assert post_code(first, code)["Location"] == reverse("signalling:worklist")
    assert is_signed_in(first)

    second = Client()
    post_password(second, nurse.user.email, TEST_PASSWORD)
    response = post_code(second, code)

    assert response.status_code == 200
    assert not is_signed_in(second)
    assert code not in recovery_codes(nurse.user)


def test_it_does_not_sign_in_after_a_password_reset_and_still_asks_the_second_factor(nurse, frozen):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": nurse.user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(1), follow=True)
    set_password_path = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "een-heel-nieuw-wachtwoord-77"

    response = client.post(
        set_password_path, {"password1": new_password, "password2": new_password}
    )

    assert response.status_code == 302
    assert not is_signed_in(client)
    assert client.get(reverse("accounts:account"))["Location"].startswith(reverse("account_login"))
    # The next sign-in with the new password still stops at the second factor.
    response = post_password(client, nurse.user.email, new_password)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)


def test_it_offers_no_sms_factor():
    assert settings.MFA_SUPPORTED_TYPES == ["totp", "recovery_codes"]
    assert {t.value for t in Authenticator.Type} >= {"totp", "recovery_codes"}
    assert "sms" not in " ".join(settings.MFA_SUPPORTED_TYPES).lower()


def test_it_asks_the_password_again_before_removing_totp_after_five_minutes(nurse, frozen):
    client = Client()
    post_password(client, nurse.user.email, TEST_PASSWORD)
    post_code(client, totp_code(nurse.user.totp_secret_value))
    frozen.shift(6 * 60)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=nurse.user, type="totp").exists()


def test_it_asks_the_current_password_to_change_the_password(trainer):
    client = Client()
    client.force_login(trainer.user)
    new_password = "een-ander-lang-wachtwoord-31"

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "niet-het-oude-wachtwoord",
            "password1": new_password,
            "password2": new_password,
        },
    )

    assert response.status_code == 200
    trainer.user.refresh_from_db()
    assert trainer.user.check_password(TEST_PASSWORD)
