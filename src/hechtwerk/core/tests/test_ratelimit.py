"""Rate limits in the shared cache (ASVS 2.4.1): hit() and the page decorator."""

from __future__ import annotations

import socket
import uuid
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from hechtwerk.core.ratelimit import Limited, hit, hit_and_get, parse_rate, peek, rate_limited

START = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC, a window boundary for every period used


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_it_allows_the_limit_and_refuses_the_next_call_with_the_seconds_to_wait():
    with time_machine.travel(START + 15, tick=False):
        results = [hit("search:user:1", limit=3, period=60) for _ in range(4)]

    assert results[:3] == [None, None, None]
    assert results[3] == Limited(retry_after=45)


def test_it_counts_each_key_on_its_own():
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            hit("export:user:1", limit=3, period=60)

        assert hit("export:user:1", limit=3, period=60) is not None
        assert hit("export:user:2", limit=3, period=60) is None


def test_it_allows_calls_again_in_the_next_window():
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(4):
            hit("api:token:1", limit=3, period=60)
        clock.shift(60)

        assert hit("api:token:1", limit=3, period=60) is None


@pytest.mark.parametrize(
    ("rate", "expected"), [("20/10m", (20, 600)), ("120/m", (120, 60)), ("5/h", (5, 3600))]
)
def test_it_reads_rates_as_calls_per_period(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "20", "0/m", "20/10x", "twintig/m"])
def test_it_refuses_a_malformed_rate(rate):
    with pytest.raises(ValueError, match="rate limit"):
        parse_rate(rate)


def test_it_answers_a_page_over_the_limit_with_the_dutch_429_page(rf: RequestFactory, trainer):
    @rate_limited("search", limit=2, period=60)
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    request = rf.get("/zoeken/")
    request.user = trainer.user
    with time_machine.travel(START, tick=False):
        statuses = [view(request).status_code for _ in range(2)]
        refused = view(request)

    assert statuses == [200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Te veel verzoeken achter elkaar" in refused.content.decode()


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(
    not _redis_answers(), reason="needs Redis on 127.0.0.1:6379 (.ci/run starts it)"
)


def _redis_cache(backend: str = "hechtwerk.core.cache.RedisCache") -> dict[str, dict[str, str]]:
    """CACHES with the default cache in Redis database 15 (the tests' own)."""
    return {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:6379/15"}}


@needs_redis
def test_it_counts_in_redis_as_production_does():
    redis = _redis_cache("django.core.cache.backends.redis.RedisCache")
    key = f"test:{uuid.uuid4()}"
    with override_settings(CACHES=redis), time_machine.travel(START + 50, tick=False):
        results = [hit(key, limit=2, period=60) for _ in range(3)]

    assert results == [None, None, Limited(retry_after=10)]


@needs_redis
def test_it_counts_and_reads_in_one_round_trip_to_redis_with_the_same_counter_as_hit():
    redis = _redis_cache()
    key, version_key = f"test:{uuid.uuid4()}", f"test-version:{uuid.uuid4()}"
    with override_settings(CACHES=redis), time_machine.travel(START + 50, tick=False):
        cache = caches["default"]
        cache.set(version_key, "v7", 60)
        first = hit_and_get(key, limit=2, period=60, get_key=version_key)
        second = hit(key, limit=2, period=60)  # the page decorator's counter
        third = hit_and_get(key, limit=2, period=60, get_key=version_key)
        missing = hit_and_get(f"{key}:other", limit=2, period=60, get_key=f"{version_key}:none")
        cache.delete_many([version_key])

    assert first == (None, "v7")
    assert second is None
    assert third == (Limited(retry_after=10), "v7")
    assert missing == (None, None)


@needs_redis
def test_it_counts_in_redis_in_one_round_trip_with_a_counter_that_expires_with_its_window():
    redis = _redis_cache()
    key = f"test:{uuid.uuid4()}"
    with override_settings(CACHES=redis), time_machine.travel(START + 50, tick=False):
        cache = caches["default"]
        client = cache._cache.get_client(write=True)
        sent = []
        real = type(client).pipeline

        def pipeline(self, *args, **kwargs):
            sent.append(kwargs)
            return real(self, *args, **kwargs)

        with mock.patch.object(type(client), "pipeline", pipeline):
            results = [hit(key, limit=2, period=60) for _ in range(3)]
        counter = cache.make_and_validate_key(f"ratelimit:{key}:60:{int((START + 50) // 60)}")
        ttl = client.ttl(counter)
        over = peek(key, limit=3, period=60)
        cache.delete_many([f"ratelimit:{key}:60:{int((START + 50) // 60)}"])

    assert results == [None, None, Limited(retry_after=10)]
    assert len(sent) == 3  # one pipeline (one round trip) per call
    assert 0 < ttl <= 61
    assert over == Limited(retry_after=10)  # the cache's own reads see the same counter
