"""Pure decisions of the material library: which files may be published (by content, never by
name) and what a version's download is called. No database access."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import filetype  # type: ignore[import-untyped]

RULES_VERSION = "materials-2025.1"

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", PPTX: "pptx", XLSX: "xlsx"}

# An Office Open XML package names its main part's content type in [Content_Types].xml.
_OOXML_MAIN_PARTS = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
# [Content_Types].xml is small; a larger one is not a document we publish.
_MAX_CONTENT_TYPES_BYTES = 256 * 1024


@dataclass(frozen=True)
class FileCheck:
    """The verdict on an upload: its content type when accepted, else why not (a code)."""

    content_type: str | None
    problem: str = ""  # "empty", "too_large", "unknown_type"

    @property
    def accepted(self) -> bool:
        return self.content_type is not None


def _ooxml_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                return None
            declared = package.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, ValueError):
        return None
    for content_type, main_part in _OOXML_MAIN_PARTS.items():
        if main_part in declared:
            return content_type
    return None


def check_upload(data: bytes, *, max_bytes: int) -> FileCheck:
    """Accept PDF, PNG, JPEG and DOCX/PPTX/XLSX, recognised by their bytes, up to `max_bytes`."""
    if not data:
        return FileCheck(None, "empty")
    if len(data) > max_bytes:
        return FileCheck(None, "too_large")
    if data.startswith(b"PK\x03\x04"):
        ooxml = _ooxml_type(data)
        return FileCheck(ooxml) if ooxml else FileCheck(None, "unknown_type")
    kind = filetype.guess(data[:8192])
    if kind is not None and kind.mime in (PDF, PNG, JPEG):
        return FileCheck(kind.mime)
    return FileCheck(None, "unknown_type")


def download_name(material_name: str, label: str, content_type: str) -> str:
    """'Signalenlijst 2.1.pdf': the extension follows the content, not the uploaded name."""
    base = f"{material_name} {label}".strip()
    extension = EXTENSIONS.get(content_type)
    return f"{base}.{extension}" if extension else base
