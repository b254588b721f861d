"""Documents: tagged Dutch PDF/UA (T6.6), QR codes as SVG, downloads with a safe file name."""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import override_settings
from pypdf import PdfReader

from hechtwerk.core.documents import file_response, qr_svg, render_pdf

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _test_templates():
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    with override_settings(TEMPLATES=[engine]):
        yield


def certificate(**overrides) -> bytes:
    context = {
        "name": "Fatma Öztürk",
        "training": "Samen Starten",
        "date": "29-03-2026",
        "verify_url": "https://hechtwerk.example/v/AB12",
        "qr": qr_svg("https://hechtwerk.example/v/AB12", title="QR-code naar de verificatie"),
        **overrides,
    }
    return render_pdf("documents/test_certificate.html", context, title="Certificaat Samen Starten")


def structure(node, found=None) -> list[str]:
    """The structure types (/H1, /P, ...) of a PDF's tag tree, depth first."""
    found = [] if found is None else found
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            found.append(str(node["/S"]))
        if "/K" in node:
            structure(node["/K"], found)
    elif isinstance(node, list):
        for child in node:
            structure(child, found)
    return found


def test_it_makes_a_tagged_dutch_pdf_with_title_text_and_headings():
    """T6.6: StructTreeRoot, /Lang (nl-NL), the title shown, headings as real headings."""
    reader = PdfReader(io.BytesIO(certificate()))
    catalog = reader.trailer["/Root"]

    assert catalog["/Lang"] == "nl-NL"
    assert reader.metadata.title == "Certificaat Samen Starten"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert bool(catalog["/MarkInfo"]["/Marked"])
    tags = structure(catalog["/StructTreeRoot"])
    assert tags.index("/H1") < tags.index("/H2")
    assert "/P" in tags
    text = reader.pages[0].extract_text()
    assert "Fatma Öztürk de training Samen Starten" in text
    assert "29-03-2026" in text


def test_it_embeds_every_font():
    reader = PdfReader(io.BytesIO(certificate()))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_it_writes_an_english_document_in_english():
    pdf = render_pdf(
        "documents/test_certificate.html",
        {"name": "A", "training": "B", "date": "1", "verify_url": "u", "qr": ""},
        title="Certificate",
        language="en",
    )
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "en-GB"


def test_it_fetches_nothing_from_the_network_while_rendering(monkeypatch):
    """An address in a document (e.g. typed by a user) is never requested (SSRF)."""
    import urllib.request

    requested = []

    def record(self, url, *args, **kwargs):
        requested.append(getattr(url, "full_url", url))
        raise OSError("no network in this test")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", record)
    html = '<img src="http://169.254.169.254/latest" alt="x"><img src="file:///etc/passwd" alt="y">'
    pdf = render_pdf("documents/test_raw.html", {"html": html}, title="Proef")
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert requested == []


def test_it_escapes_text_from_the_context():
    text = PdfReader(io.BytesIO(certificate(name="<b>Jan & Piet</b>"))).pages[0].extract_text()
    assert "<b>Jan & Piet</b>" in text


def test_it_draws_a_qr_code_as_svg_that_holds_no_caller_markup():
    svg = qr_svg('https://x.example/?a=1&b="<script>', title="Code <script>alert(1)</script>")

    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output, under test
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert "<script>" not in svg
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Code <script>alert(1)</script>"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


def test_it_names_a_download_safely():
    response = file_response(
        b"%PDF-1.7", filename='certificaat "Öztürk".pdf', content_type="application/pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%C3%96zt%C3%BCrk" in disposition
    assert '"Öztürk"' not in disposition
