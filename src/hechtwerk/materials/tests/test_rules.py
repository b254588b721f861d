from __future__ import annotations

import pytest

from hechtwerk.materials import rules

from .conftest import JPEG_BYTES, PDF_BYTES, PNG_BYTES, ooxml_bytes

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF_BYTES, rules.PDF),
        (PNG_BYTES, rules.PNG),
        (JPEG_BYTES, rules.JPEG),
        (ooxml_bytes(rules._OOXML_MAIN_PARTS[rules.DOCX]), rules.DOCX),
        (ooxml_bytes(rules._OOXML_MAIN_PARTS[rules.PPTX]), rules.PPTX),
        (ooxml_bytes(rules._OOXML_MAIN_PARTS[rules.XLSX]), rules.XLSX),
    ],
)
def test_it_recognises_the_allowed_kinds_by_their_bytes(data, expected):
    assert rules.check_upload(data, max_bytes=MB).content_type == expected


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 an executable renamed to leaflet.pdf",
        b"<html><script>alert(1)</script></html>",
        b"GIF89a" + b"\x00" * 20,
        ooxml_bytes("application/vnd.ms-excel.sheet.macroEnabled.main+xml"),  # .xlsm
        b"PK\x03\x04 not really a zip",
    ],
)
def test_it_refuses_anything_else_whatever_its_name(data):
    check = rules.check_upload(data, max_bytes=MB)
    assert not check.accepted
    assert check.problem == "unknown_type"


def test_it_refuses_an_empty_or_too_large_file():
    assert rules.check_upload(b"", max_bytes=MB).problem == "empty"
    assert rules.check_upload(PDF_BYTES, max_bytes=len(PDF_BYTES)).accepted
    assert rules.check_upload(PDF_BYTES, max_bytes=len(PDF_BYTES) - 1).problem == "too_large"


def test_it_names_the_download_after_the_content_not_the_upload():
    assert rules.download_name("Signalenlijst", "2.1", rules.PDF) == "Signalenlijst 2.1.pdf"
