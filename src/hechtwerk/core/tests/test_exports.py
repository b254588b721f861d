"""The shared CSV/XLSX export: no cell becomes a formula (OWASP CSV Injection; issue 7), CSV is
UTF-8 with a BOM for Excel, and the file name header is built by Django's helper."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

from hechtwerk.core.exports import (
    Sheet,
    csv_bytes,
    export_response,
    neutralise,
    table_sheet,
    xlsx_bytes,
)
from hechtwerk.core.figures import figure_table

DANGEROUS = ["=1+1", "+31", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']


def xlsx_strings(data: bytes) -> list[str]:
    """Every text in the workbook, and whether a formula element exists at all."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        shared = archive.read("xl/sharedStrings.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    return [html.unescape(t) for t in re.findall(r"<t(?: [^>]*)?>([^<]*)</t>", shared)]


@pytest.mark.parametrize("value", DANGEROUS)
def test_it_prefixes_a_cell_that_a_spreadsheet_would_evaluate(value):
    assert neutralise(value) == "'" + value


def test_it_leaves_plain_text_and_numbers_alone():
    assert neutralise("DEMO-001") == "DEMO-001"
    assert neutralise(-3) == -3
    assert neutralise(None) == ""


def test_it_writes_csv_with_a_bom_semicolons_and_neutralised_cells():
    data = csv_bytes([["code", "notitie"], ["=cmd|' /C calc'!A0", "@SUM(1)"], ["DEMO-1", 4]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines() == ["code;notitie", "'=cmd|' /C calc'!A0;'@SUM(1)", "DEMO-1;4"]


def test_it_writes_xlsx_with_every_dangerous_text_as_a_string():
    data = xlsx_bytes([Sheet("Blad", [["waarde"], *[[v] for v in DANGEROUS], [7]])])
    strings = xlsx_strings(data)
    for value in DANGEROUS:
        expected = ("'" + value).replace("\r", "_x000D_")  # xlsxwriter's escape of CR
        assert expected in strings


def test_it_builds_the_file_name_header_with_djangos_helper():
    sheet = Sheet("Blad", [["a"], ["b"]])
    response = export_response("csv", 'kind-"A\nB', [sheet])
    header = response["Content-Disposition"]
    assert "\n" not in header
    assert header.startswith("attachment; filename")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    xlsx = export_response("xlsx", "cijfers", [sheet, sheet])
    assert xlsx["Content-Disposition"] == 'attachment; filename="cijfers.xlsx"'
    with pytest.raises(ValueError, match="Unknown export format"):
        export_response("pdf", "x", [sheet])


def test_it_exports_a_figure_table_with_withheld_values_named_the_same():
    table = figure_table(
        key="t",
        caption="Verwijzingen",
        heading="Bestemming",
        labels=[("a", "Huisarts"), ("b", "Jeugd-ggz")],
        columns=[("Verwezen", {"a": 3, "b": 9})],
    )
    text = export_response("csv", "t", [table_sheet(table)]).content.decode("utf-8-sig")
    assert text.splitlines() == [
        "Bestemming;Verwezen",
        "Huisarts;niet getoond",
        "Jeugd-ggz;niet getoond",
        "Totaal;12",
    ]
