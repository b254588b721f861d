"""The public catalogue list for visitors who are not signed in, answered by
catalogue.middleware.PublicCatalogueCacheMiddleware from the stored complete response: the same
page and headers as the normal path, the visitor's own CSRF token, a catalogue change visible
at once, signed-in users never served from it, languages, queries and htmx kept apart, and the
search rate limit still counted."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from hechtwerk.catalogue.services import save_intervention

pytestmark = pytest.mark.django_db

LIST = "/interventies/"
FAST_PATH = "hechtwerk.catalogue.middleware.PublicCatalogueCacheMiddleware"
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]{64})"')


def without_tokens(body: bytes) -> str:
    return TOKEN.sub(r'\1TOKEN"', body.decode())


def tokens(body: bytes) -> set[str]:
    return {m.group(2) for m in TOKEN.finditer(body.decode())}


def csrf_cookie_attributes(response) -> dict[str, object]:  # type: ignore[no-untyped-def]
    morsel = response.cookies[settings.CSRF_COOKIE_NAME]
    return {k: morsel[k] for k in ("max-age", "path", "domain", "secure", "httponly", "samesite")}


def uncached(path: str, **extra):  # type: ignore[no-untyped-def]
    """The normal path's answer: the same request with the fast path taken out."""
    middleware = [m for m in settings.MIDDLEWARE if m != FAST_PATH]
    with override_settings(MIDDLEWARE=middleware):
        return Client().get(path, **extra)


@pytest.mark.parametrize(
    ("https", "extra_settings"),
    [
        (False, {}),
        (True, {"SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31_536_000}),
    ],
)
def test_it_serves_the_stored_page_with_the_headers_of_the_normal_path(
    catalogue, django_assert_num_queries, https, extra_settings
):
    assert settings.MIDDLEWARE[0] == FAST_PATH
    with override_settings(**extra_settings):
        normal = uncached(LIST, secure=https)
        Client().get(LIST, secure=https)  # stores it
        with django_assert_num_queries(0):
            cached = Client().get(LIST, secure=https)

    assert cached.status_code == normal.status_code == 200
    assert dict(cached.headers) == dict(normal.headers)
    for header in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Vary"):
        assert cached[header]
    assert ("Strict-Transport-Security" in cached.headers) is https
    assert csrf_cookie_attributes(cached) == csrf_cookie_attributes(normal)
    assert without_tokens(cached.content) == without_tokens(normal.content)
    assert "VoorZorg" in cached.content.decode()


def test_it_gives_each_visitor_their_own_csrf_token_which_the_language_switch_accepts(catalogue):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(LIST)
    page = first.get(LIST)  # from the cache, with the cookie the first answer set
    other = second.get(LIST)

    (token,) = tokens(page.content)
    (other_token,) = tokens(other.content)
    assert token != other_token
    assert "placeholder" not in page.content.decode()
    refused = first.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": "x"})
    assert refused.status_code == 403
    switched = first.post(
        reverse("set_language"), {"language": "en", "next": LIST, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    assert "Interventions for the first 1000 days" in first.get(LIST).content.decode()


def test_it_shows_a_catalogue_change_at_once(client, administrator, catalogue):
    client.get(LIST)
    assert "VoorZorg (nieuw)" not in client.get(LIST).content.decode()  # from the cache

    voorzorg = catalogue["voorzorg"]
    voorzorg.name = "VoorZorg (nieuw)"
    save_intervention(
        actor=administrator.user, intervention=voorzorg, themes=list(voorzorg.themes.all())
    )

    assert "VoorZorg (nieuw)" in client.get(LIST).content.decode()
    assert "VoorZorg (nieuw)" in Client().get(LIST).content.decode()


def test_it_never_serves_a_signed_in_user_from_the_cache(client_for, nurse, catalogue):
    Client().get(LIST)
    Client().get(LIST)  # stored and served

    page = client_for(nurse).get(LIST).content.decode()
    assert "Afmelden" in page
    assert reverse("catalogue:match") in page  # the nurse's own link to matching
    anonymous = Client().get(LIST).content.decode()
    assert "Afmelden" not in anonymous
    assert reverse("catalogue:match") not in anonymous


def test_it_keeps_languages_queries_and_htmx_apart(catalogue):
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(2):  # the second answer of each comes from the cache
        dutch = Client().get(LIST).content.decode()
        assert "Interventies voor de eerste 1000 dagen" in dutch
        assert '<html lang="nl"' in dutch
        page = english.get(LIST).content.decode()
        assert "Interventions for the first 1000 days" in page
        assert '<html lang="en"' in page

        theraplay = Client().get(LIST, {"q": "Theraplay"}).content.decode()
        voorzorg = Client().get(LIST, {"q": "VoorZorg"}).content.decode()
        assert ">Theraplay</a>" in theraplay
        assert ">VoorZorg</a>" not in theraplay
        assert ">VoorZorg</a>" in voorzorg
        assert ">Theraplay</a>" not in voorzorg

        partial = Client().get(LIST, {"q": "VoorZorg"}, headers={"HX-Request": "true"})
        assert "<html" not in partial.content.decode()
        assert 'id="resultaten"' in partial.content.decode()
        assert "Set-Cookie" not in str(partial.cookies)  # the partial holds no token
        full = Client().get(LIST, {"q": "VoorZorg"}, headers={"HX-Request": "false"})
        assert "<html" in full.content.decode()


@override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "search": "3/m"})
def test_it_counts_every_answer_from_the_cache_against_the_search_limit(catalogue):
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [visitor.get(LIST).status_code for _ in range(3)]  # one render, two from the cache

    refused = visitor.get(LIST)
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert "Te veel verzoeken achter elkaar" in refused.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.21").get(LIST).status_code == 200


def test_it_does_not_store_a_page_that_set_a_cookie_on_the_way(catalogue, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hechtwerk.catalogue import views

    render = views._catalogue_list

    def with_cookie(request, **kwargs):  # type: ignore[no-untyped-def]
        response = render(request, **kwargs)
        response.set_cookie("herinnering", "1")
        return response

    monkeypatch.setattr(views, "_catalogue_list", with_cookie)
    Client().get(LIST)
    with CaptureQueriesContext(connection) as again:
        response = Client().get(LIST)

    assert len(again.captured_queries) > 0  # rendered again, not from the cache
    assert response.cookies["herinnering"].value == "1"
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert "placeholder" not in response.content.decode()
    assert len(tokens(response.content)) == 1
