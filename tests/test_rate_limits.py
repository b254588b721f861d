"""Exports, searches and the API are rate-limited per user and per token (ASVS 2.4.1).

The n+1-th call in the window answers 429 with Retry-After: a Dutch page on the site, the one
error body on the API. Other users and tokens keep their own allowance.
"""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from hechtwerk.accounts.services import create_api_token

START = 1_767_225_600.0  # a window boundary for every period used here
TIGHT = {"export": "2/m", "search": "3/m", "api": "3/m"}


@pytest.fixture(autouse=True)
def _tight_limits():
    cache.clear()
    with override_settings(RATE_LIMITS=TIGHT), time_machine.travel(START + 20, tick=False):
        yield
    cache.clear()


def _calls(client: Client, path: str, times: int, **kwargs: object) -> list[int]:
    return [client.get(path, **kwargs).status_code for _ in range(times)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [("signalling:organisation_csv", 2), ("signalling:child_list", 3), ("catalogue:match", 3)],
)
def test_it_refuses_the_call_after_the_limit_with_a_dutch_page(
    client_for, nurse, url_name, allowed
):
    client = client_for(nurse)
    path = reverse(url_name)

    statuses = _calls(client, path, allowed)
    refused = client.get(path)

    assert 429 not in statuses
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert "Te veel verzoeken achter elkaar" in refused.content.decode()


def test_it_counts_each_user_on_its_own(client_for, nurse, doctor):
    path = reverse("signalling:organisation_csv")
    _calls(client_for(nurse), path, 3)

    assert client_for(doctor).get(path).status_code == 200


def test_it_limits_the_public_catalogue_search_per_address(db):
    path = reverse("catalogue:list")
    _calls(Client(REMOTE_ADDR="203.0.113.7"), path, 3)

    assert Client(REMOTE_ADDR="203.0.113.7").get(path).status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.20").get(path).status_code == 200


def test_it_limits_the_access_log_search(client_for, log_manager):
    from hechtwerk.core.tests.logbook_helpers import verified_client

    client = verified_client(log_manager)
    path = reverse("logbook:events")
    _calls(client, path, 3)

    assert client.get(path).status_code == 429


def _token(persona) -> str:  # type: ignore[no-untyped-def]
    return create_api_token(
        user=persona.user, membership=persona.membership, name="Koppeling"
    ).secret


def test_it_answers_the_api_with_429_retry_after_and_the_error_body_per_token(nurse):
    first, second = _token(nurse), _token(nurse)
    client = Client()

    statuses = _calls(client, "/api/v1/me", 3, headers={"Authorization": f"Bearer {first}"})
    refused = client.get("/api/v1/me", headers={"Authorization": f"Bearer {first}"})
    other = client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"})

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    body = refused.json()
    assert body["status"] == 429
    assert "Te veel verzoeken" in body["message"]
    assert other.status_code == 200
