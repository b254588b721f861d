"""The public catalogue list for visitors who are not signed in, answered before the middleware
stack (issue 12: at least half the throughput of a bare Django view).

`PublicCatalogueCacheMiddleware` sits first in `settings.MIDDLEWARE`. It answers only a GET of
`catalogue:list` from a visitor who carries no cookie but the CSRF and language cookies (so no
session: nobody signed in, no pending messages), and only when the request would not be
redirected to HTTPS. Everything else, and every signed-in user, takes the normal path.

What it serves is the complete response the normal path gave an earlier anonymous visitor:
status, every header (security headers, CSP, X-Frame-Options, Referrer-Policy, HSTS on HTTPS,
Vary, Content-Language) and the body, stored per

    catalogue version (bumped by every catalogue service) · language (the cookie, as the
    LanguageMiddleware decides) · htmx partial or full page · HTTPS or not · host · query string

The key also holds the release: a fingerprint of the templates, translations and code this
process runs (`release_fingerprint`), so a deploy that changes the page is not answered with the
previous release's pages still in Redis. The query string is used exactly as sent (hashed). The page repeats it (the language switch's
`next`, the detail links' way back), so two queries that mean the same but are written
differently get separate entries: normalising them would show one visitor's text to another.

Two layers: a dict in this process (at most `LOCAL_ENTRIES` pages, checked against the version
on every request) in front of the shared cache (Redis in production, `LIST_CACHE_SECONDS`). Per
request the fast path makes one round trip to Redis: a pipeline that counts the visitor's call
against the "search" rate limit (the same counter `@rate_limited("search")` uses, so the limit
holds on both paths) and reads the catalogue version. A visitor over the limit is handed to the
normal path, which answers 429.

CSRF. The full page holds one form that posts, the language switch in the footer (Django's
`set_language` is CSRF-protected), and htmx's `X-CSRFToken` header. A CSRF token belongs to one
visitor (it is a masked form of the secret in that visitor's CSRF cookie), so a stored page must
never carry one: cached, it would hand one visitor's token to everyone, which is the leak CSRF
protection exists to prevent. Dropping the token from the anonymous page instead would break the
language switch (403) or require exempting it from CSRF. So the view renders the page for the
cache with a placeholder where the token goes (`CSRF_PLACEHOLDER`), and this middleware puts in
the visitor's own token per request through Django's own CSRF middleware (`process_request`,
`get_token`, `process_response`): the visitor's secret when the cookie holds one, else a new
secret with its Set-Cookie, exactly as the normal path does. That costs a few tens of
microseconds (a bytes replace and a token mask). The htmx partial holds no token and sets no
cookie. A page whose CSP carries a nonce, or whose normal response set a cookie, is not stored.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import reverse

from hechtwerk.core.addresses import client_address
from hechtwerk.core.middleware import chosen_language
from hechtwerk.core.ratelimit import hit_and_get, mark_counted, scope_limit

from .queries import VERSION_KEY, current_catalogue_version

LIST_CACHE_SECONDS = 600
LOCAL_ENTRIES = 256
RATE_SCOPE = "search"
# Where the page's CSRF token goes; never a token itself (not a secret).
CSRF_PLACEHOLDER = "hechtwerk-csrf-placeholder-0b5e1c7a"
_PLACEHOLDER = CSRF_PLACEHOLDER.encode()
# request.META keys (not HTTP_*, so a client cannot send them): the middleware asks the view to
# render for the cache; the view says it did.
_CAPTURE = "hechtwerk.catalogue.capture"
_CAPTURED = "hechtwerk.catalogue.captured"

# status, headers (without Set-Cookie and Content-Length), body, whether the body holds the token
Entry = tuple[int, tuple[tuple[str, str], ...], bytes, bool]


def release_fingerprint() -> str:
    """A digest of the names, sizes and modification times of the files the page is made of
    (templates, translations, our code): the same for every worker of one deploy on a machine,
    different after a deploy that changed any of them. Computed once per process."""
    root = Path(settings.BASE_DIR)
    folders = [root / "templates", root / "src" / "hechtwerk", *map(Path, settings.LOCALE_PATHS)]
    digest = hashlib.blake2b(digest_size=8)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".html", ".py", ".mo", ".txt") and "/tests/" not in path.as_posix():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def csrf_token_for_cache(request: HttpRequest) -> str | None:
    """For the catalogue list view: the placeholder to render instead of the CSRF token when
    this middleware asked for a page to store (None otherwise: render as usual)."""
    if not request.META.get(_CAPTURE) or request.user.is_authenticated:
        return None
    request.META[_CAPTURED] = True
    return CSRF_PLACEHOLDER


class PublicCatalogueCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        # Only its request and response steps are used, to give a visitor their own token.
        self.csrf = CsrfViewMiddleware(get_response)
        self.local: dict[str, Entry] = {}
        self._path: str | None = None
        self._cookies = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})
        self._release = release_fingerprint()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not self._eligible(request):
            return self.get_response(request)
        calls, period = scope_limit(RATE_SCOPE)
        limited, version = hit_and_get(
            f"{RATE_SCOPE}:ip:{client_address(request)}",
            limit=calls,
            period=period,
            get_key=VERSION_KEY,
        )
        if limited is not None:
            return self.get_response(request)  # the view's decorator answers 429
        if version is None:
            version = current_catalogue_version()
        key = self._key(request, str(version))
        entry = self.local.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is None:
                mark_counted(request, RATE_SCOPE)
                return self._render_and_store(request, key)
            self._keep(key, entry)
        return self._personalised(request, entry)

    def _eligible(self, request: HttpRequest) -> bool:
        if request.method != "GET":
            return False
        if self._path is None:
            self._path = reverse("catalogue:list")
        if request.path_info != self._path:
            return False
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return False  # SecurityMiddleware redirects it
        return "HTTP_COOKIE" not in request.META or set(request.COOKIES) <= self._cookies

    def _key(self, request: HttpRequest, version: str) -> str:
        where = "\0".join(
            (
                request.META.get("HTTP_HOST", "") or request.META.get("SERVER_NAME", ""),
                request.META.get("QUERY_STRING", ""),
            )
        )
        digest = hashlib.blake2b(where.encode(errors="replace"), digest_size=16).hexdigest()
        htmx = int(request.META.get("HTTP_HX_REQUEST") == "true")  # as django-htmx decides
        secure = int(request.is_secure())
        language = chosen_language(request)
        return f"catalogue:page:{self._release}:{version}:{language}:{htmx}:{secure}:{digest}"

    def _keep(self, key: str, entry: Entry) -> None:
        if len(self.local) >= LOCAL_ENTRIES:
            # Oldest first (dicts keep insertion order); entries of an old version go this way.
            with contextlib.suppress(RuntimeError, StopIteration):  # changed by another thread
                self.local.pop(next(iter(self.local)), None)
        self.local[key] = entry

    def _render_and_store(self, request: HttpRequest, key: str) -> HttpResponseBase:
        request.META[_CAPTURE] = True
        response = self.get_response(request)
        if not request.META.get(_CAPTURED):
            return response  # not the view's page (an error on the way): as it is
        if not isinstance(response, HttpResponse):
            raise TypeError("the catalogue list must answer with a plain HttpResponse")
        if not _storable(response):
            # Answered as it is (its cookies kept), with the visitor's token put in.
            if _PLACEHOLDER in response.content:
                self.csrf.process_request(request)
                response.content = response.content.replace(
                    _PLACEHOLDER, get_token(request).encode()
                )
                response.headers["Content-Length"] = str(len(response.content))
                self.csrf.process_response(request, response)
            return response
        entry: Entry = (
            response.status_code,
            tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("content-length", "set-cookie")
            ),
            response.content,
            _PLACEHOLDER in response.content,
        )
        cache.set(key, entry, LIST_CACHE_SECONDS)
        self._keep(key, entry)
        return self._personalised(request, entry)

    def _personalised(self, request: HttpRequest, entry: Entry) -> HttpResponse:
        status, headers, body, with_token = entry
        if with_token:
            self.csrf.process_request(request)
            body = body.replace(_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(body))
        if with_token:
            self.csrf.process_response(request, response)  # the visitor's CSRF cookie, Vary
        return response


def _storable(response: HttpResponse) -> bool:
    """Only a page that is the same for every anonymous visitor: 200, no cookie set on the way
    (a session, a message, a token taken with get_token), no CSP nonce, not marked private."""
    csp = " ".join(
        response.get(name, "")
        for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
    )
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and "nonce-" not in csp
        and "no-store" not in cache_control
        and "private" not in cache_control
    )
