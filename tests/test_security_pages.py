"""Every page carries the strict CSP (T3, ASVS 3.4.3), statements and security.txt are published
(T4.10), and no model or form invites more personal data than needed (T4.6)."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import hechtwerk

REQUIRED_CSP = ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def _names_without_arguments(resolver: URLResolver | None = None, ns: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            names |= _names_without_arguments(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{ns}{pattern.name}")
    reachable = set()
    for name in names:
        try:
            reachable.add(reverse(name))
        except Exception:  # noqa: S112 - needs arguments: not reachable without them
            continue
    return reachable


def _assert_strict_csp(client) -> None:
    missing = []
    for url in sorted(_names_without_arguments()):
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        if not all(d in csp for d in REQUIRED_CSP) or "unsafe-inline" in csp:
            missing.append(f"{url} ({response.status_code}): {csp or 'no CSP'}")
    assert not missing, "\n".join(missing)


@pytest.mark.django_db
def test_it_sends_a_strict_csp_on_every_page_for_visitors(client):
    _assert_strict_csp(client)


def test_it_sends_a_strict_csp_on_every_page_for_a_signed_in_nurse(client_for, nurse):
    _assert_strict_csp(client_for(nurse))


# --- published trust documents (T4.10) --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/privacy/", "/toegankelijkheid/"])
def test_it_publishes_the_statements(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.content) > 2000


@pytest.mark.django_db
def test_it_publishes_security_txt_with_contact_and_a_future_expiry(client):
    fields = dict(
        line.split(": ", 1)
        for line in client.get("/.well-known/security.txt").content.decode().splitlines()
    )
    assert fields["Contact"].startswith(("mailto:", "https://"))
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert expires > timezone.now() + dt.timedelta(days=30)


# --- minimisation: no BSN, no catch-all forms (T4.6) ------------------------------------------

BSN_NAME = re.compile(r"bsn|burgerservicenummer|sofi", re.IGNORECASE)


def test_it_has_no_field_that_could_hold_a_bsn():
    offenders = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if BSN_NAME.search(field.name) or BSN_NAME.search(
                getattr(field, "db_column", "") or ""
            ):
                offenders.append(f"{model._meta.label}.{field.name}")
            if isinstance(field, models.CharField) and field.max_length == 9:
                for validator in field.validators:
                    regex = getattr(validator, "regex", None)
                    if regex is not None and regex.fullmatch("123456782"):
                        offenders.append(f"{model._meta.label}.{field.name} (9 digits)")
    assert not offenders, offenders


def _import_all_of_ours() -> None:
    for module in pkgutil.walk_packages(hechtwerk.__path__, "hechtwerk."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_it_lists_the_fields_of_every_model_form():
    _import_all_of_ours()
    catch_all = [
        f"{form.__module__}.{form.__qualname__}"
        for form in _subclasses(forms.ModelForm)
        if form.__module__.startswith("hechtwerk.")
        and getattr(getattr(form, "Meta", None), "fields", None) == forms.ALL_FIELDS
    ]
    assert not catch_all, f'ModelForms with fields = "__all__": {catch_all}'
