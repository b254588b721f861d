"""The case code: a pseudonym such as the dossier number, never a name or a BSN (domain.md §4).

One rule for the page, the API and the FHIR history import (T5.8, ASVS 5.1.3; issue 7 and 12):

1. Normalised: Unicode NFKC (full-width `ＤＥＭＯ-００１` becomes `DEMO-001`) and trimmed. The
   case is kept as typed; codes are unique per organisation *ignoring case*, so `demo-001` and
   `DEMO-001` cannot both exist.
2. Character set: ASCII letters and digits and `-`, `_`, `/`, `.`; it starts with a letter or a
   digit (so it never starts like a spreadsheet formula); at most 40 characters. ASCII only, so
   no look-alike letters from other scripts (Cyrillic `А` beside Latin `A`) can coexist.
3. Not a name (a heuristic, refused with a message that says why):
   - two or more words of letters only, not all capitals (`Jan Jansen`, `jan.jansen`);
   - a word that begins with a capital followed by two or more small letters (`Emma`,
     `Jansen2024`, `Kind-001`): dossier prefixes are written in capitals (`JGZ`, `DEMO`);
   - no digit at all (`JANSEN`, `demo`): a dossier number always has a number in it.
   Allowed shapes include `JGZ-2024-00123`, `DEMO-001`, `12345678`, `dos-123`, `B1-0000042`.
4. Not a BSN: a run of exactly nine digits that passes the eleven-test, or a code made of digits
   and separators only whose nine digits pass it (`1234.56.782`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum.nl import bsn

CASE_CODE_MAX_LENGTH = 40
CASE_CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*\Z")
_WORDS = re.compile(r"[\s._/-]+")
_NAME_WORD = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{2,}(?![A-Za-z])")
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")
_SEPARATORS = re.compile(r"[-_./]")


@dataclass(frozen=True)
class CaseCodeCheck:
    """The normalised code, and why it is refused (a Dutch message) or None when it is fine."""

    code: str
    problem: str | None
    reason: str  # "", "empty", "name", "charset", "length", "no_digit", "bsn" (for tests/logs)

    @property
    def ok(self) -> bool:
        return self.problem is None


def normalise_case_code(raw: str) -> str:
    """NFKC and trimmed: the form a case code is stored, compared and searched in."""
    return unicodedata.normalize("NFKC", raw).strip()


def _looks_like_name(code: str) -> bool:
    words = [w for w in _WORDS.split(code) if w]
    if len(words) >= 2 and all(w.isalpha() for w in words) and not code.isupper():
        return True
    return _NAME_WORD.search(code) is not None


def _looks_like_bsn(code: str) -> bool:
    if any(bsn.is_valid(run) for run in _DIGIT_RUN.findall(code)):
        return True
    digits = _SEPARATORS.sub("", code)
    return len(digits) == 9 and digits.isdigit() and bool(bsn.is_valid(digits))


def check_case_code(raw: str) -> CaseCodeCheck:
    """Normalise a case code and say whether it may be stored (see the module's rules)."""
    code = normalise_case_code(raw)

    def refuse(reason: str, message: str) -> CaseCodeCheck:
        return CaseCodeCheck(code=code, problem=message, reason=reason)

    if not code:
        return refuse("empty", _("Vul een dossiercode in."))
    if _looks_like_name(code):
        return refuse(
            "name",
            _(
                "Deze dossiercode lijkt op een naam. Hechtwerk bewaart geen namen: gebruik een "
                "pseudoniem zoals het dossiernummer, bijvoorbeeld JGZ-2024-00123 (letters van "
                "een code als hoofdletters)."
            ),
        )
    if not CASE_CODE_PATTERN.match(code):
        return refuse(
            "charset",
            _(
                "Gebruik in een dossiercode alleen letters (A-Z), cijfers en de tekens - _ / . "
                "zonder spaties, en begin met een letter of cijfer."
            ),
        )
    if len(code) > CASE_CODE_MAX_LENGTH:
        return refuse(
            "length",
            _("Een dossiercode is hoogstens %(max)s tekens lang.") % {"max": CASE_CODE_MAX_LENGTH},
        )
    if not any(c.isdigit() for c in code):
        return refuse(
            "no_digit",
            _(
                "Een dossiercode bevat ten minste één cijfer, zoals een dossiernummer "
                "(JGZ-2024-00123); alleen letters kan een naam zijn."
            ),
        )
    if _looks_like_bsn(code):
        return refuse(
            "bsn",
            _(
                "Deze dossiercode bevat een nummer dat een BSN kan zijn. Hechtwerk bewaart geen "
                "BSN: gebruik het dossiernummer."
            ),
        )
    return CaseCodeCheck(code=code, problem=None, reason="")
