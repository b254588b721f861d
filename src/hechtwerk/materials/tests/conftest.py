from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator

import pytest

from hechtwerk.materials import hooks, services
from hechtwerk.materials.models import Material

# The smallest files each check recognises by their first bytes.
PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def ooxml_bytes(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/x.xml" '
            f'ContentType="{main_part}"/></Types>',
        )
        package.writestr("x.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _materials_root(settings, tmp_path) -> None:
    settings.MATERIALS_ROOT = tmp_path / "materials"
    # The library's own tests register their own check; licensing's (configured) is tested there.
    settings.MATERIALS_LIBRARY_ACCESS_CHECKS = []


@pytest.fixture
def good_standing() -> Iterator[dict[str, object]]:
    """A registered check, as licensing registers one; flip `allowed` to lapse the trainer."""
    state: dict[str, object] = {"allowed": True, "reason": "Je licentie is verlopen op 01-01-2026."}

    def check(user, organisation, *, on: datetime.date) -> tuple[bool, str]:
        return (True, "") if state["allowed"] else (False, str(state["reason"]))

    hooks.register_library_access_check(check)
    yield state
    hooks.unregister_library_access_check(check)


@pytest.fixture
def material(provider_administrator) -> Material:
    return services.create_material(
        actor=provider_administrator.user,
        organisation=provider_administrator.organisation,
        name="Signalenlijst",
        registration_number="KL-2024-001",
        description="De lijst met signalen voor de eerste 1000 dagen.",
    )


@pytest.fixture
def version(material, provider_administrator):
    return services.publish_version(
        actor=provider_administrator.user,
        material=material,
        label="1.0",
        release_date=datetime.date(2025, 1, 1),
        data=PDF_BYTES,
        original_name="signalenlijst.pdf",
        release_notes="Eerste uitgave.",
    )
