"""Reading bank statements: CAMT.053 (ISO 20022 XML) and the Rabobank CSV export.

Both give `StatementEntry` values; nothing here touches the database. A file that cannot be read
raises `StatementFormatError` with a Dutch message (the upload page shows it; nothing is stored).

CAMT.053: every `Ntry` under `BkToCstmrStmt/Stmt` (any version of the namespace, .001.02 to
.001.13): amount `Amt`, credit/debit `CdtDbtInd`, booking date `BookgDt/Dt` (or `DtTm`), the
bank's reference `AcctSvcrRef`, the payer `RltdPties/Dbtr/Nm` (or `Pty/Nm`) and `DbtrAcct/Id/IBAN`,
the remittance `RmtInf/Ustrd` (joined) or `RmtInf/Strd/CdtrRefInf/Ref`. XML is parsed with
defusedxml (no entity expansion, no external entities).

CSV (Rabobank "CSV" export, comma separated, quoted, a header row; the columns read by name):
`IBAN/BBAN` (own account), `Volgnr` (sequence number per account), `Datum` (YYYY-MM-DD),
`Bedrag` ("+1.234,56" / "-12,00"; a plain "1234.56" is also read), `Tegenrekening IBAN/BBAN`,
`Naam tegenpartij`, `Omschrijving-1`, `Omschrijving-2`, `Omschrijving-3`. UTF-8 (with or without
BOM); Latin-1 is tried when UTF-8 fails.

The entry key is the bank's own reference (account + `AcctSvcrRef` / `Volgnr`) when present, else a
SHA-256 of the entry's contents and its place in the file: the same file gives the same keys.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

from .constants import StatementFormat
from .rules import money

MAX_STATEMENT_BYTES = 5 * 1024 * 1024


class StatementFormatError(ValueError):
    """The file is not a statement we can read; the message is for the user."""


@dataclass(frozen=True)
class StatementEntry:
    entry_key: str
    booking_date: datetime.date
    amount: Decimal  # positive: received; negative: paid out
    counterparty_name: str
    counterparty_iban: str
    remittance: str


def detect_format(content: bytes) -> StatementFormat:
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<"):
        return StatementFormat.CAMT053
    return StatementFormat.RABOBANK_CSV


def parse(content: bytes) -> tuple[StatementFormat, list[StatementEntry]]:
    if not content.strip():
        raise StatementFormatError(_("Het bestand is leeg."))
    if len(content) > MAX_STATEMENT_BYTES:
        raise StatementFormatError(_("Het bestand is groter dan 5 MB."))
    fmt = detect_format(content)
    entries = parse_camt053(content) if fmt == StatementFormat.CAMT053 else parse_csv(content)
    return fmt, entries


def _hash_key(*parts: object) -> str:
    return "h:" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:60]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: Any, *path: str) -> Any:
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _text(node: Any, *path: str) -> str:
    found = _child(node, *path)
    return (found.text or "").strip() if found is not None else ""


def _iter(node: Any, name: str) -> list[Any]:
    return [c for c in node.iter() if _local(c.tag) == name]


def parse_camt053(content: bytes) -> list[StatementEntry]:
    """The entries of a CAMT.053 bank-to-customer statement."""
    try:
        root = SafeET.fromstring(content)
    except Exception as exc:  # defusedxml raises several kinds; all mean "not readable"
        raise StatementFormatError(
            _("Dit XML-bestand is geen leesbaar CAMT.053-afschrift.")
        ) from exc
    statements = _iter(root, "Stmt")
    if _local(root.tag) != "Document" or not statements:
        raise StatementFormatError(_("Dit XML-bestand is geen CAMT.053-afschrift."))
    entries: list[StatementEntry] = []
    for statement in statements:
        account = _text(statement, "Acct", "Id", "IBAN")
        for index, entry in enumerate(c for c in statement if _local(c.tag) == "Ntry"):
            try:
                amount = money(Decimal(_text(entry, "Amt")))
            except InvalidOperation as exc:
                raise StatementFormatError(
                    _("Regel %(n)s van het afschrift heeft geen geldig bedrag.") % {"n": index + 1}
                ) from exc
            if _text(entry, "CdtDbtInd") == "DBIT":
                amount = -amount
            raw_date = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10]
            try:
                booked = datetime.date.fromisoformat(raw_date)
            except ValueError as exc:
                raise StatementFormatError(
                    _("Regel %(n)s van het afschrift heeft geen geldige boekdatum.")
                    % {"n": index + 1}
                ) from exc
            tx = _child(entry, "NtryDtls", "TxDtls")
            parties = _child(tx, "RltdPties") if tx is not None else None
            name = _text(parties, "Dbtr", "Nm") or _text(parties, "Dbtr", "Pty", "Nm")
            iban = _text(parties, "DbtrAcct", "Id", "IBAN")
            if amount < 0:
                name = _text(parties, "Cdtr", "Nm") or _text(parties, "Cdtr", "Pty", "Nm")
                iban = _text(parties, "CdtrAcct", "Id", "IBAN")
            remittance = ""
            if tx is not None:
                info = _child(tx, "RmtInf")
                if info is not None:
                    remittance = " ".join(
                        (u.text or "").strip() for u in info if _local(u.tag) == "Ustrd"
                    ) or " ".join((r.text or "").strip() for r in _iter(info, "Ref"))
            remittance = remittance or _text(entry, "AddtlNtryInf")
            reference = _text(entry, "AcctSvcrRef")
            key = (
                f"camt:{account}:{reference}"
                if reference
                else _hash_key(account, index, booked, amount, name, iban, remittance)
            )
            entries.append(
                StatementEntry(key[:100], booked, amount, name[:200], iban[:34], remittance[:500])
            )
    return entries


CSV_REQUIRED = ("Datum", "Bedrag")


def _csv_amount(raw: str) -> Decimal:
    text = raw.strip().replace(" ", "")
    if "," in text:  # Dutch notation: thousands with dots, decimals with a comma
        text = text.replace(".", "").replace(",", ".")
    return money(Decimal(text))


def _csv_date(raw: str) -> datetime.date:
    text = raw.strip()
    if re.fullmatch(r"\d{2}-\d{2}-\d{4}", text):
        return datetime.datetime.strptime(text, "%d-%m-%Y").date()
    if re.fullmatch(r"\d{8}", text):
        return datetime.datetime.strptime(text, "%Y%m%d").date()
    return datetime.date.fromisoformat(text)


def parse_csv(content: bytes) -> list[StatementEntry]:
    """The entries of a Rabobank-layout CSV export (columns read by their header names)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    reader = csv.DictReader(io.StringIO(text))
    headers = set(reader.fieldnames or [])
    missing = [h for h in CSV_REQUIRED if h not in headers]
    if missing:
        raise StatementFormatError(
            _(
                "Dit CSV-bestand heeft niet de verwachte kolommen (ontbreekt: %(columns)s). "
                "Gebruik de CSV-export van de bank of een CAMT.053-bestand."
            )
            % {"columns": ", ".join(missing)}
        )
    entries: list[StatementEntry] = []
    for index, row in enumerate(reader):
        line_no = index + 2  # the header is line 1
        try:
            amount = _csv_amount(row.get("Bedrag") or "")
            booked = _csv_date(row.get("Datum") or "")
        except (InvalidOperation, ValueError) as exc:
            raise StatementFormatError(
                _("Regel %(n)s heeft geen geldig bedrag of geen geldige datum.") % {"n": line_no}
            ) from exc
        account = (row.get("IBAN/BBAN") or "").strip()
        sequence = (row.get("Volgnr") or "").strip()
        name = (row.get("Naam tegenpartij") or "").strip()
        iban = (row.get("Tegenrekening IBAN/BBAN") or "").strip()
        remittance = " ".join(
            (row.get(f"Omschrijving-{i}") or "").strip() for i in (1, 2, 3)
        ).strip()
        key = (
            f"csv:{account}:{sequence}"
            if account and sequence
            else _hash_key(index, booked, amount, name, iban, remittance)
        )
        entries.append(
            StatementEntry(key[:100], booked, amount, name[:200], iban[:34], remittance[:500])
        )
    return entries
