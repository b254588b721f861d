"""Import and export of instrument versions: our own JSON format and FHIR R4 Questionnaire."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from hechtwerk.core.inputs import UnsafeInputError, load_json

from ..constants import MAX_IMPORT_BYTES
from ..models import InstrumentVersion
from ..services import InstrumentError
from .definition import VersionDefinition, definition_from_version, write_definition
from .fhir import canonical_reference, from_questionnaire, questionnaire_dict
from .native import FORMAT_NAME, from_native, to_native

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User

__all__ = [
    "canonical_reference",
    "export_fhir",
    "export_native",
    "import_version",
    "parse_definition",
]


def export_native(version: InstrumentVersion) -> dict[str, Any]:
    return to_native(definition_from_version(version))


def export_fhir(version: InstrumentVersion) -> dict[str, Any]:
    return questionnaire_dict(version)


def parse_definition(content: bytes) -> VersionDefinition:
    """Read a file in either format; raises InstrumentError naming the problem."""
    if len(content) > MAX_IMPORT_BYTES:
        raise InstrumentError(_("Het bestand is groter dan 1 MB."))
    try:
        # Depth-limited, and no NUL or lone surrogate in any text (T5.8): core.inputs.
        data = load_json(content)
    except UnsafeInputError as error:
        raise InstrumentError(
            _("Het bestand is niet te lezen: %(problem)s") % {"problem": error.message}
        ) from error
    if not isinstance(data, dict):
        raise InstrumentError(_("Het bestand moet één JSON-object bevatten."))
    if "resourceType" in data:
        return from_questionnaire(data)
    if data.get("format") == FORMAT_NAME:
        return from_native(data)
    raise InstrumentError(
        _(
            "Onbekend bestand: verwacht een FHIR Questionnaire (resourceType) "
            "of een Hechtwerk-instrumentbestand (format)."
        )
    )


def import_version(*, actor: User | None, content: bytes) -> InstrumentVersion:
    """Import a file as a new draft version: checked in full first, then written all at once."""
    return write_definition(actor=actor, definition=parse_definition(content))
