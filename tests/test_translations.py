"""The English interface: every Dutch source string has an English translation, placeholders and
markup survive translation, the language cookie (and only the cookie) switches to English, and
dates keep the dd-mm-yyyy form in English too.

The catalogue is locale/en/LC_MESSAGES/django.po; `make messages` refreshes it from the code and
`make test` compiles it first. A string added to the code without an English translation fails
`test_it_has_every_marked_string_in_the_english_catalogue` or `test_it_translates_every_message`.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

BASE_DIR = Path(settings.BASE_DIR)
PO_FILE = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Python %-placeholders (named or positional); "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgGeExXor]")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")
# The gettext functions Django's makemessages looks for (templatize turns templates into these).
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


@cache
def _catalog() -> Catalog:
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="en")


def _messages() -> list[Message]:
    return [message for message in _catalog() if message.id]


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) per form: msgid with msgstr[0], msgid_plural with msgstr[1]."""
    if isinstance(message.id, tuple):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return list(zip(message.id, strings, strict=False))
    return [(message.id, message.string if isinstance(message.string, str) else "")]


def _placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def _tags(text: str) -> Counter[str]:
    return Counter(tag.lower() for tag in HTML_TAG.findall(text))


def _python_sources() -> list[Path]:
    return [
        path
        for folder in ("src", "config")
        for path in (BASE_DIR / folder).rglob("*.py")
        if not {"tests", "migrations"} & set(path.parts)
    ]


@cache
def _marked_strings() -> dict[str, str]:
    """Every string marked for translation in our code and templates, with where it was found."""
    sources = _python_sources()
    templates = [
        path
        for folder in (BASE_DIR / "templates", *(BASE_DIR / "src").glob("hechtwerk/*/templates"))
        for pattern in ("*.html", "*.txt")
        for path in folder.rglob(pattern)
    ]
    found: dict[str, str] = {}

    def collect(code: str, origin: Path) -> None:
        stream = io.BytesIO(code.encode("utf-8"))
        for _lineno, _func, message, _comments in extract_python(stream, KEYWORDS, [], {}):
            text = _key(message)
            if text:
                found.setdefault(text, str(origin.relative_to(BASE_DIR)))

    for path in sources:
        collect(path.read_text(encoding="utf-8"), path)
    for path in templates:
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # Templatized text keeps the template's indentation, which Python's tokenizer rejects.
        collect("\n".join(line.lstrip() for line in code.splitlines()), path)
    return found


# -- the catalogue ---------------------------------------------------------------------------------


def test_it_has_a_substantial_english_catalogue():
    assert len(_messages()) > 500


def test_it_translates_every_message():
    untranslated = [
        _key(message.id)
        for message in _messages()
        if not all(translated.strip() for _source, translated in _pairs(message))
        or len(_pairs(message)) < (2 if isinstance(message.id, tuple) else 1)
    ]
    assert not untranslated, (
        f"{len(untranslated)} message(s) without English in {PO_FILE.relative_to(BASE_DIR)}:\n"
        + "\n".join(untranslated[:40])
    )


def test_it_has_no_fuzzy_translations():
    fuzzy = [_key(message.id) for message in _messages() if message.fuzzy]
    assert not fuzzy, "Fuzzy (unchecked) translations:\n" + "\n".join(fuzzy[:40])


def test_it_keeps_placeholders_and_markup_in_every_translation():
    problems = []
    for message in _messages():
        for source, translated in _pairs(message):
            if not translated:
                continue  # reported by test_it_translates_every_message
            if _placeholders(source) != _placeholders(translated):
                problems.append(f"placeholders differ: {source!r} -> {translated!r}")
            if _tags(source) != _tags(translated):
                problems.append(f"markup differs: {source!r} -> {translated!r}")
    assert not problems, "\n".join(problems)


def test_it_would_notice_a_lost_placeholder_or_tag():
    assert _placeholders("%(n)s kinderen") != _placeholders("children")
    assert _placeholders("%(n)s kinderen") == _placeholders("%(n)s children")
    assert _placeholders("100%% zeker") == _placeholders("100%% sure")
    assert _tags("Je werkt als <strong>%(role)s</strong>") != _tags("You work as %(role)s")


def test_it_has_every_marked_string_in_the_english_catalogue():
    in_catalogue = {_key(message.id) for message in _messages()}
    missing = {
        text: origin for text, origin in _marked_strings().items() if text not in in_catalogue
    }
    assert not missing, (
        f"{len(missing)} string(s) in the code are not in the English catalogue; run "
        "`make messages` and translate them:\n"
        + "\n".join(f"{origin}: {text!r}" for text, origin in list(missing.items())[:40])
    )


GETTEXT_IN_FSTRING = re.compile(
    r"""\b[rR]?[fF][rR]?(["'])(?:(?!\1).)*?\{[^}]*\b(?:_|gettext|ngettext|pgettext)\("""
)


def _hidden_from_makemessages(text: str, where: str) -> list[str]:
    """Marked strings makemessages cannot see: gettext imported under a name it does not know,
    or called inside an f-string."""
    problems = [
        f"{where}:{node.lineno}: gettext imported as {alias.asname!r}; use one of {sorted(KEYWORDS)}"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.asname and alias.asname not in KEYWORDS
    ]
    problems += [
        f"{where}:{number}: gettext call inside an f-string: {line.strip()[:80]}"
        for number, line in enumerate(text.splitlines(), start=1)
        if GETTEXT_IN_FSTRING.search(line)
    ]
    return problems


def test_it_marks_strings_in_a_way_makemessages_finds():
    problems = [
        problem
        for path in _python_sources()
        for problem in _hidden_from_makemessages(
            path.read_text(encoding="utf-8"), str(path.relative_to(BASE_DIR))
        )
    ]
    assert not problems, "Strings that never reach the English catalogue:\n" + "\n".join(problems)


def test_it_would_notice_a_hidden_marked_string():
    sample = (
        "from django.utils.translation import gettext_lazy as _l\n"
        "label = f\"<text>{escape(_('Leeftijd'))}</text>\"\n"
        "fine = _('Leeftijd') + f\"{count}\"\n"
    )
    problems = _hidden_from_makemessages(sample, "sample.py")
    assert [problem.split(":")[1] for problem in problems] == ["1", "2"]


def test_it_finds_strings_in_python_and_in_templates():
    found = _marked_strings()
    assert found.get("Aanmelden", "").startswith("templates/")
    assert found.get("Jeugdverpleegkundige", "").endswith(".py")


# -- choosing the language -------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_home_page_in_english_with_the_language_cookie():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Sign in" in html
    assert "well-baby clinic" in html
    assert "Privacy statement" in html
    assert "Aanmelden" not in html
    assert "Privacyverklaring" not in html


@pytest.mark.django_db
def test_it_stays_dutch_without_a_cookie_even_for_an_english_browser():
    response = Client().get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Aanmelden" in html
    assert "Sign in" not in html
    assert response["Content-Language"] == "nl"


@pytest.mark.django_db
def test_it_switches_to_english_through_the_language_switcher():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Sign in" in client.get("/auth/login/").content.decode()


@pytest.mark.django_db
def test_it_shows_a_nurses_pages_in_english(nurse, client_for):
    client = client_for(nurse)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("signalling:worklist")).content.decode()
    assert "Worklist" in html
    assert "Werklijst" not in html
    assert "Sign out" in html


# -- dates -------------------------------------------------------------------------------------------


def test_it_keeps_dates_as_dd_mm_yyyy_in_english():
    day = dt.date(2026, 3, 5)
    moment = dt.datetime(2026, 3, 5, 14, 30)
    template = Template(
        "{{ day }}|{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}|"
        "{{ moment|date:'SHORT_DATETIME_FORMAT' }}"
    )
    with translation.override("en"):
        rendered = template.render(Context({"day": day, "moment": moment}))
        field = forms.DateField()
        shown = field.widget.format_value(day)
        parsed = field.clean("05-03-2026")
    assert rendered == "05-03-2026|05-03-2026|05-03-2026|05-03-2026 14:30"
    assert shown == "05-03-2026"
    assert parsed == day


@pytest.mark.django_db
def test_it_shows_a_childs_date_of_birth_as_dd_mm_yyyy_in_english(nurse, client_for):
    from hechtwerk.signalling.tests.factories import jgz_child

    child = jgz_child(nurse.organisation, birth_date=dt.date(2026, 3, 5))
    client = client_for(nurse)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("signalling:child_detail", args=[child.uuid])).content.decode()
    assert "Date of birth" in html
    assert "05-03-2026" in html
