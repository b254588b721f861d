"""The base template carries the NL Design System and our theme, and no template has inline styles
or inline scripts, so the strict Content Security Policy holds (T6.1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.SRC_DIR).glob("hechtwerk/*/templates"),
]
INLINE_STYLE = re.compile(r"""\sstyle\s*=\s*["']|<style[\s>]""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)


# E-mail HTML is never served under our CSP, and mail clients drop <style> and stylesheets:
# inline styles are how a mail is styled. Its own scan is core/tests/test_mail.py.
MAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "mail"


def _templates() -> list[Path]:
    return sorted(
        p
        for d in TEMPLATE_DIRS
        if d.is_dir()
        for p in d.rglob("*.html")
        if not p.is_relative_to(MAIL_TEMPLATES)
    )


@pytest.mark.django_db
def test_it_links_the_nlds_css_and_our_theme_on_every_page():
    html = Client().get("/auth/login/").content.decode()
    assert re.search(r'<html lang="nl"', html)
    body = re.search(r"<body[^>]*class=\"([^\"]+)\"", html)
    assert body is not None
    assert {"utrecht-document", "hechtwerk-theme"} <= set(body.group(1).split())
    for stylesheet in (
        "vendor/nlds/utrecht-components.css",
        "vendor/nlds/voorbeeld-tokens.css",
        "css/hechtwerk-theme.css",
        "css/hechtwerk.css",
    ):
        assert f'<link rel="stylesheet" href="/static/{stylesheet}">' in html, stylesheet
    assert 'class="utrecht-skip-link' in html
    assert html.count("<h1") == 1


def test_it_finds_templates_to_scan():
    assert len(_templates()) > 10


def test_it_keeps_styles_and_scripts_out_of_templates():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in ((INLINE_STYLE, "inline style"), (INLINE_SCRIPT, "inline script")):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {what}")
    assert not offenders, "\n".join(offenders)


def test_it_would_catch_an_inline_style_or_script():
    assert INLINE_STYLE.search('<p style="color:red">')
    assert INLINE_STYLE.search("<style>p{}</style>")
    assert INLINE_SCRIPT.search('<script type="application/json">{}</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/js/hechtwerk.js" defer></script>')
    assert not INLINE_STYLE.search('<p class="hw-style">')
