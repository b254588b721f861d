"""The trust documents a buyer asks for exist and have the required shape (T4.8, T4.10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hechtwerk.accounts.constants import Role
from hechtwerk.method import codes as method_codes
from hechtwerk.signalling import constants as signalling

DOCS = Path(__file__).resolve().parent.parent / "docs"
ART_30_KEYS = (
    "a_verwerkingsverantwoordelijke",
    "b_doeleinden",
    "c_betrokkenen",
    "c_persoonsgegevens",
    "d_ontvangers",
    "e_doorgifte_derde_landen",
    "f_bewaartermijnen",
    "g_beveiligingsmaatregelen",
)


@pytest.mark.parametrize(
    "name",
    [
        "architecture.md",
        "glossary.md",
        "deploy.md",
        "avg/dpia-samenvatting.md",
        "avg/verwerkersovereenkomst.md",
        "avg/verwerkingsregister.yaml",
    ],
)
def test_it_ships_the_document(name):
    assert len((DOCS / name).read_text(encoding="utf-8").strip()) > 1000


def _register_entries() -> list[dict[str, str]]:
    """The register's entries as flat key → value maps (a small, strict reading of our YAML)."""
    text = (DOCS / "avg" / "verwerkingsregister.yaml").read_text(encoding="utf-8")
    body = text.split("\nverwerkingen:\n", 1)[1]
    entries = []
    for chunk in re.split(r"^  - ", body, flags=re.MULTILINE)[1:]:
        entry = {}
        for line in ("    " + chunk).splitlines():
            match = re.match(r"^    ([a-z_]+): ?(.*)$", line)
            if match:
                entry[match[1]] = match[2].strip().strip('"')
        entries.append(entry)
    return entries


def test_it_fills_every_article_30_field_of_every_processing():
    entries = _register_entries()
    assert len(entries) >= 4
    for entry in entries:
        missing = [key for key in ART_30_KEYS if not entry.get(key)]
        assert not missing, f"{entry.get('id')}: {missing}"


def test_it_registers_the_access_log_and_the_client_data():
    ids = {entry["id"] for entry in _register_entries()}
    assert {"signalering_jgz", "toegangslogboek", "accounts"} <= ids


def test_it_explains_every_shared_code_in_the_glossary():
    glossary = (DOCS / "glossary.md").read_text(encoding="utf-8")
    choices = [
        value
        for module in (method_codes, signalling)
        for value in vars(module).values()
        if isinstance(value, type)
        and hasattr(value, "choices")
        and value.__module__ == module.__name__
    ]
    codes = {member.value for cls in choices for member in cls} | {role.value for role in Role}
    missing = sorted(code for code in codes if f"`{code}`" not in glossary)
    assert not missing, f"codes missing from docs/glossary.md: {missing}"
