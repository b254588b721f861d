"""One export to CSV and XLSX for every download of rows: formula-safe, Excel-friendly, and with a
file name header that no input can break.

- *No formulas* (OWASP "CSV Injection"; issue 7): a text cell that begins with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is prefixed with a single quote, in both formats, so a
  spreadsheet shows it as text instead of evaluating it. Numbers stay numbers (a negative number
  is written as a number, not as text). XLSX is written by xlsxwriter with every text cell
  written as a string (``strings_to_formulas``, ``_to_urls`` and ``_to_numbers`` off).
- *CSV for Excel*: UTF-8 with a byte order mark, semicolon-separated (the separator Excel
  expects with Dutch regional settings), every field quoted when needed by the csv module.
- *File name*: ``Content-Disposition`` is built by Django's ``content_disposition_header``
  (RFC 6266/5987 encoding), never by string formatting, so a newline or quote in a name cannot
  split the header.

The caller writes the access-log line (T1.3: an export is logged with action E).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import HttpResponse

from hechtwerk.core.documents import file_response
from hechtwerk.core.figures import FigureTable

# The characters a spreadsheet may take as the start of a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
SHEET_NAME_MAX = 31  # Excel's limit

Cell = str | int | float | Decimal | dt.date | None


def neutralise(value: Any) -> Cell:
    """A cell value that a spreadsheet shows and never evaluates.

    Text that begins with a formula character gets a leading single quote; numbers and dates
    pass unchanged; None is an empty cell; anything else becomes text (and is checked too)."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv_text(value: Any) -> str:
    cell = neutralise(value)
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return "" if cell is None else str(cell)


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """Rows as Excel-ready CSV: UTF-8 with BOM, `;`-separated, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_response(filename: str, rows: Iterable[Sequence[Any]]) -> HttpResponse:
    return file_response(csv_bytes(rows), filename=filename, content_type=CSV_CONTENT_TYPE)


@dataclass(frozen=True)
class Sheet:
    """One worksheet (XLSX) or one block (CSV): a title and its rows (the first is the header)."""

    title: str
    rows: Sequence[Sequence[Any]]


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Sheets as an XLSX workbook; every text cell is written as a neutralised string."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    used: set[str] = set()
    for sheet in sheets:
        worksheet = workbook.add_worksheet(_sheet_name(sheet.title, used))
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                cell = neutralise(value)
                fmt = bold if r == 0 else None
                if isinstance(cell, bool | str) or cell is None:
                    worksheet.write_string(r, c, str(cell or ""), fmt)
                elif isinstance(cell, dt.date):
                    worksheet.write_datetime(
                        r, c, dt.datetime.combine(cell, dt.time.min), date_format
                    )
                else:
                    worksheet.write_number(r, c, cell, fmt)
    workbook.close()
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    # Excel refuses []:*?/\ in sheet names, a name over 31 characters, and duplicates.
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip("' ") or "Blad"
    name = clean[:SHEET_NAME_MAX]
    number = 2
    while name.lower() in used:
        suffix = f" ({number})"
        name = clean[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    return file_response(xlsx_bytes(sheets), filename=filename, content_type=XLSX_CONTENT_TYPE)


def export_response(fmt: str, stem: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """`stem`.csv (the sheets one below the other, each headed by its title, a blank line
    between) or `stem`.xlsx (one worksheet per sheet). `fmt` must be one of FORMATS."""
    if fmt == "xlsx":
        return xlsx_response(f"{stem}.xlsx", sheets)
    if fmt != "csv":
        raise ValueError(f"Unknown export format {fmt!r}")
    if len(sheets) == 1:
        return csv_response(f"{stem}.csv", sheets[0].rows)
    rows: list[Sequence[Any]] = []
    for index, sheet in enumerate(sheets):
        if index:
            rows.append([])
        rows.append([sheet.title])
        rows.extend(sheet.rows)
    return csv_response(f"{stem}.csv", rows)


def table_sheet(table: FigureTable, title: str | None = None) -> Sheet:
    """A figure table as a sheet: its header and rows, a withheld value as "niet getoond"."""
    return Sheet(title=title or table.caption, rows=[table.header(), *table.body()])
