from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from hechtwerk.accounts import demo as accounts_demo
from hechtwerk.accounts.demo import DemoContext
from hechtwerk.materials import demo, services
from hechtwerk.materials.models import Material

pytestmark = pytest.mark.django_db


def test_it_loads_the_three_seed_materials_once_with_a_placeholder_pdf_each(tmp_path):
    context = DemoContext()
    accounts_demo.load(context)
    demo.load(context)
    demo.load(context)  # twice: nothing doubles
    materials = Material.objects.owned_by(context.organisations["foundation"])
    assert sorted(m.name for m in materials) == [
        "Folder voor ouders",
        "Mindmap risicofactoren",
        "Signalenlijst",
    ]
    for material in materials:
        version = material.versions.get()
        assert version.content_type == "application/pdf"
        data = services.read_version_file(version)
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert "Voorbeeldbestand" in text
