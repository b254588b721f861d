"""The client's address: the one function the lockout, the rate limits and the access log use.

Behind `HECHTWERK_PROXY_COUNT` reverse proxies, each proxy appends the address it received the
request from to `X-Forwarded-For`. The right-most N entries were therefore written by our own
proxies, and entry N from the right is the client as our outermost proxy saw it; anything left
of it was sent by the client and may be invented. Without proxies (count 0) only `REMOTE_ADDR`
counts and `X-Forwarded-For` is ignored entirely (T3.3, ASVS 15.3.4).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    candidate = value.strip()
    # "[2001:db8::1]:443" or "192.0.2.1:443" as some proxies write it: drop the port.
    if candidate.startswith("[") and "]" in candidate:
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:
        candidate = candidate.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def address_from(meta: dict[str, object], proxy_count: int) -> str:
    """The client address in `meta` (a request's META) given the number of trusted proxies."""
    remote = _valid(str(meta.get("REMOTE_ADDR", "") or "")) or ""
    if proxy_count <= 0:
        return remote
    header = str(meta.get("HTTP_X_FORWARDED_FOR", "") or "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < proxy_count:
        # Fewer hops than proxies: the request did not pass all of them (a health check from
        # inside, or a misconfigured proxy). The nearest peer is the only address known.
        return remote
    return _valid(forwarded[-proxy_count]) or remote


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request` ("" when none is known)."""
    return address_from(request.META, int(getattr(settings, "HECHTWERK_PROXY_COUNT", 0)))
