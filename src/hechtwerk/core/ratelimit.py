"""Rate limits on exports, searches, the API and signed links (ASVS 2.4.1), in the shared cache.

`hit(key, limit=, period=)` counts one call in a fixed window of `period` seconds and answers
`None` while the count is within `limit`, or `Limited(retry_after=...)` once it is exceeded.
The counter lives in Django's default cache, which is Redis in production (`REDIS_URL`), so
every worker process counts against the same window; `check --deploy` refuses a per-process
cache (core/checks.py).

Pages use `@rate_limited("search")` below their access decorator; the API counts every call per
token through `check_api_limit` (called from the token authentication), whose
`RateLimitedError` core.errors answers as 429 with `Retry-After` in the API's one error body. Limits come from `settings.RATE_LIMITS`
("<calls>/<period>", e.g. "30/10m"), each overridable from the environment.
"""

from __future__ import annotations

import functools
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from .addresses import client_address
from .cache import redis_client
from .errors import DomainError

_PERIOD_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Limited:
    """The call was over the limit; the client may try again after `retry_after` seconds."""

    retry_after: int


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/10m" -> (30 calls, 600 seconds); raises ValueError on anything else."""
    found = _RATE.match(rate)
    if found is None:
        raise ValueError(f"rate limit {rate!r} is not '<calls>/<n><s|m|h|d>'")
    calls, count, unit = found.groups()
    period = int(count or "1") * _PERIOD_UNITS[unit]
    if int(calls) < 1 or period < 1:
        raise ValueError(f"rate limit {rate!r} must allow at least one call per period")
    return int(calls), period


def scope_limit(scope: str) -> tuple[int, int]:
    """The (limit, period) configured for `scope` in settings.RATE_LIMITS."""
    return parse_rate(settings.RATE_LIMITS[scope])


def hit(key: str, *, limit: int, period: int) -> Limited | None:
    """Count one call for `key`; `None` while within `limit` calls per `period` seconds."""
    client = redis_client()
    if client is not None:
        return _hit_redis(client, key, limit=limit, period=period)[0]
    now = time.time()
    window = int(now // period)
    cache_key = f"ratelimit:{key}:{period}:{window}"
    # add() is a no-op when the counter exists; incr() is atomic in Redis and in locmem.
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return None
    return Limited(retry_after=max(1, math.ceil((window + 1) * period - now)))


def _hit_redis(
    client: tuple[Any, Any], key: str, *, limit: int, period: int, get_key: str | None = None
) -> tuple[Limited | None, Any]:
    """`hit` on a Redis cache in one round trip: SET NX (with the window's expiry) and INCR of
    the same counter the cache calls use, in one MULTI (so the counter cannot expire between
    them), and GET of `get_key` when given. Where Django's cache calls take three round trips
    (add; incr as EXISTS and INCR)."""
    redis, serializer = client
    now = time.time()
    window = int(now // period)
    counter = cache.make_and_validate_key(f"ratelimit:{key}:{period}:{window}")
    pipe = redis.pipeline(transaction=True)
    pipe.set(counter, 0, ex=period + 1, nx=True)  # what cache.add does
    pipe.incr(counter)
    if get_key is not None:
        pipe.get(cache.make_and_validate_key(get_key))
    replies = pipe.execute()
    count = replies[1]
    value = None if get_key is None or replies[2] is None else serializer.loads(replies[2])
    if count <= limit:
        return None, value
    return Limited(retry_after=max(1, math.ceil((window + 1) * period - now))), value


def hit_and_get(key: str, *, limit: int, period: int, get_key: str) -> tuple[Limited | None, Any]:
    """`hit(key, ...)` and `cache.get(get_key)` together: one round trip to Redis (SET NX, INCR
    and GET), the way the public catalogue's fast path reads the catalogue version while it
    counts the visitor's call; two plain cache calls on any other backend."""
    client = redis_client()
    if client is None:
        return hit(key, limit=limit, period=period), cache.get(get_key)
    return _hit_redis(client, key, limit=limit, period=period, get_key=get_key)


def peek(key: str, *, limit: int, period: int) -> Limited | None:
    """Whether `key` is over `limit` in this window, without counting a call."""
    now = time.time()
    window = int(now // period)
    count = cache.get(f"ratelimit:{key}:{period}:{window}", 0)
    if count < limit:
        return None
    return Limited(retry_after=max(1, math.ceil((window + 1) * period - now)))


# A fast path in front of the middleware that already counted this call marks the request, so
# that the view's decorator does not count it twice (catalogue.middleware on a cache miss).
_COUNTED = "hechtwerk.rate_limit_counted"


def mark_counted(request: HttpRequest, scope: str) -> None:
    """This request's call in `scope` has been counted (by `hit` or `hit_and_get`)."""
    request.META[_COUNTED] = (*request.META.get(_COUNTED, ()), scope)


def request_key(request: HttpRequest, key: str | Callable[[HttpRequest], str]) -> str:
    """Whose calls are counted: the signed-in user, else the client's address."""
    if callable(key):
        return key(request)
    if key == "user" and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if key in ("user", "ip"):
        return f"ip:{client_address(request)}"
    raise ValueError(f"unknown rate-limit key {key!r}")


def too_many_requests_page(request: HttpRequest, limited: Limited) -> HttpResponse:
    """The Dutch 429 page, with Retry-After."""
    minutes = max(1, math.ceil(limited.retry_after / 60))
    response = render(request, "429.html", {"retry_minutes": minutes}, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def rate_limited(
    scope: str,
    *,
    limit: int | None = None,
    period: int | None = None,
    key: str | Callable[[HttpRequest], str] = "user",
) -> Callable[[V], V]:
    """Refuse a view with 429 once `key` made more than `limit` calls in `period` seconds.

    Without `limit`/`period` the scope's limit is read from settings.RATE_LIMITS at each call,
    so an environment override or a test's override_settings applies. Put it below the access
    decorator, so that only callers who may use the view count.
    """

    def decorator(view: V) -> V:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if scope in request.META.get(_COUNTED, ()):
                return view(request, *args, **kwargs)
            calls, seconds = (limit, period) if limit and period else scope_limit(scope)
            limited = hit(f"{scope}:{request_key(request, key)}", limit=calls, period=seconds)
            if limited is not None:
                return too_many_requests_page(request, limited)
            return view(request, *args, **kwargs)

        return cast(V, wrapper)

    return decorator


class RateLimitedError(DomainError):
    """Too many API calls in the window (HTTP 429); `retry_after` in seconds."""

    status = 429

    def __init__(self, limited: Limited) -> None:
        super().__init__(
            _("Te veel verzoeken. Probeer het over %(seconds)s seconden opnieuw.")
            % {"seconds": limited.retry_after}
        )
        # core.errors answers it in the API's error shape with this as Retry-After.
        self.retry_after = limited.retry_after


def check_api_limit(token_key: str, *, scope: str = "api") -> None:
    """Count one API call for a token; raises RateLimitedError over the limit."""
    calls, seconds = scope_limit(scope)
    limited = hit(f"{scope}:token:{token_key}", limit=calls, period=seconds)
    if limited is not None:
        raise RateLimitedError(limited)
