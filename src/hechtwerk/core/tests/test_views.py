from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_the_welcome_page_in_dutch_to_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="nl"' in response.content.decode()
    assert "Aanmelden" in response.content.decode()


def test_it_shows_the_nurse_what_her_role_can_do(client_for, nurse):
    response = client_for(nurse).get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Jeugdverpleegkundige" in body
    assert "Signalenlijst" in body


def test_it_sends_a_strict_csp_header(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "default-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_it_publishes_security_txt_with_a_future_expiry(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("Contact: ")
    assert "Expires: " in text


def test_it_answers_the_api_root_with_where_the_docs_are(client):
    body = client.get("/api/v1/").json()
    assert body["docs"] == "/api/v1/docs"
    assert body["openapi"] == "/api/v1/openapi.json"
    assert client.get(body["openapi"]).json()["info"]["title"] == "Hechtwerk API"


def test_it_refuses_the_api_without_a_token(client):
    assert client.get("/api/v1/me").status_code == 401
