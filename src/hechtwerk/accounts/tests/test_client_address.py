"""The client's address behind the proxy (T3.3, ASVS 15.3.4, 6.1.1, 6.3.1).

Behind the documented proxy every request reaches the site from the proxy's own address
(REMOTE_ADDR) and the proxy appends the client's address to X-Forwarded-For. With
HECHTWERK_PROXY_COUNT set, the lockout, the sign-in rate limit and the access log use that
appended address; without it, X-Forwarded-For is ignored, so a client cannot pick its address.
"""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from hechtwerk.accounts.tests.factories import TEST_PASSWORD
from hechtwerk.core.access import client_ip
from hechtwerk.core.addresses import address_from

from .helpers import is_signed_in, post_password

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"
WRONG = "dit-is-niet-het-wachtwoord"

behind_one_proxy = override_settings(HECHTWERK_PROXY_COUNT=1)
no_proxy = override_settings(HECHTWERK_PROXY_COUNT=0)


def via_proxy(client_address: str, claimed: str = "") -> Client:
    """A browser at `client_address` behind the proxy; `claimed` is what it wrote itself."""
    forwarded = f"{claimed}, {client_address}" if claimed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.parametrize(
    ("meta", "proxies", "expected"),
    [
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ATTACKER}, 1, ATTACKER),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{COLLEAGUE}, {ATTACKER}"}, 1, ATTACKER),
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{COLLEAGUE}, {ATTACKER}, 10.0.0.9"},
            2,
            ATTACKER,
        ),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::7"}, 1, "2001:db8::7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{ATTACKER}:51234"}, 1, ATTACKER),
        # Fewer hops than proxies, or rubbish where the proxy writes: only the peer is known.
        ({"REMOTE_ADDR": PROXY}, 1, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ATTACKER}, 2, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "niet-een-adres"}, 1, PROXY),
        # Not behind a proxy: whatever the client claims is ignored.
        ({"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": COLLEAGUE}, 0, ATTACKER),
    ],
)
def test_it_takes_the_address_the_nearest_trusted_proxy_saw(meta, proxies, expected):
    assert address_from(meta, proxies) == expected


@behind_one_proxy
def test_it_locks_only_the_attackers_address_behind_the_proxy(trainer, frozen):
    for _ in range(5):
        post_password(via_proxy(ATTACKER), trainer.user.email, WRONG)

    locked = post_password(via_proxy(ATTACKER), trainer.user.email, TEST_PASSWORD)
    colleague = via_proxy(COLLEAGUE)
    response = post_password(colleague, trainer.user.email, TEST_PASSWORD)

    assert locked.status_code == 429
    # The same account from another address behind the same proxy is not locked out (6.1.1).
    assert response["Location"] == reverse("core:home")
    assert is_signed_in(colleague)


@behind_one_proxy
def test_it_ignores_a_forwarded_address_the_attacker_wrote_himself(trainer, frozen):
    # The attacker claims to be the colleague; the proxy appends the attacker's real address.
    for _ in range(5):
        post_password(via_proxy(ATTACKER, claimed=COLLEAGUE), trainer.user.email, WRONG)

    colleague = via_proxy(COLLEAGUE)
    response = post_password(colleague, trainer.user.email, TEST_PASSWORD)

    assert response["Location"] == reverse("core:home")
    assert post_password(via_proxy(ATTACKER), trainer.user.email, TEST_PASSWORD).status_code == 429


@no_proxy
def test_it_locks_out_a_direct_client_however_it_varies_x_forwarded_for(trainer, frozen):
    for number in range(5):
        spoofing = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
        post_password(spoofing, trainer.user.email, WRONG)

    fresh_claim = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    response = post_password(fresh_claim, trainer.user.email, TEST_PASSWORD)

    assert response.status_code == 429
    assert not is_signed_in(fresh_claim)


@behind_one_proxy
def test_it_keeps_one_noisy_address_from_slowing_down_sign_in_for_everyone(trainer, frozen):
    # allauth's per-address limit (10 failures a minute), on ten different accounts so that
    # the (account, address) lockout does not stop the attacker first.
    for number in range(11):
        post_password(via_proxy(ATTACKER), f"gok{number}@voorbeeld.example", WRONG)
    colleague = via_proxy(COLLEAGUE)

    response = post_password(colleague, trainer.user.email, TEST_PASSWORD)

    assert response["Location"] == reverse("core:home")
    assert is_signed_in(colleague)


@behind_one_proxy
def test_it_rate_limits_the_noisy_address_itself(trainer, frozen):
    for number in range(11):
        post_password(via_proxy(ATTACKER), f"gok{number}@voorbeeld.example", WRONG)
    attacker = via_proxy(ATTACKER)

    response = post_password(attacker, trainer.user.email, TEST_PASSWORD)

    assert not is_signed_in(attacker)
    assert response.status_code in (200, 429)


@no_proxy
def test_it_rate_limits_a_direct_client_that_varies_x_forwarded_for(trainer, frozen):
    for number in range(11):
        spoofing = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
        post_password(spoofing, f"gok{number}@voorbeeld.example", WRONG)
    attacker = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=COLLEAGUE)

    post_password(attacker, trainer.user.email, TEST_PASSWORD)

    assert not is_signed_in(attacker)


@pytest.mark.parametrize(
    ("proxies", "expected"), [(1, ATTACKER), (0, PROXY)], ids=["behind-proxy", "direct"]
)
def test_it_logs_the_same_address_the_lockout_uses(rf: RequestFactory, proxies, expected):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{COLLEAGUE}, {ATTACKER}")

    with override_settings(HECHTWERK_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("proxies", "expected"), [(1, ATTACKER), (0, PROXY)], ids=["behind-proxy", "direct"]
)
def test_it_writes_the_client_address_into_the_access_log(log_manager, proxies, expected):
    from hechtwerk.core.models import AccessEvent
    from hechtwerk.core.tests.logbook_helpers import verified_client

    client = verified_client(log_manager)
    with override_settings(HECHTWERK_PROXY_COUNT=proxies):
        response = client.get(
            reverse("logbook:events"),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{COLLEAGUE}, {ATTACKER}",
        )

    assert response.status_code == 200
    assert AccessEvent.objects.latest("pk").access_point == expected
