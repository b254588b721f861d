"""The material library asks licensing through settings.MATERIALS_LIBRARY_ACCESS_CHECKS
(issue 10: only trainers in good standing open the library; a lapsed trainer's download is
refused and logged)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hechtwerk.core.models import AuditEntry
from hechtwerk.licensing import checks, services
from hechtwerk.materials import hooks
from hechtwerk.materials import services as materials
from hechtwerk.materials.constants import DownloadOutcome
from hechtwerk.materials.models import MaterialDownload

from .conftest import certify
from .test_services import pay

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def version(settings, tmp_path, foundation, provider_administrator):
    settings.MATERIALS_ROOT = tmp_path / "materials"
    material = materials.create_material(
        actor=provider_administrator.user,
        organisation=foundation,
        name="Signalenlijst",
        registration_number="KL-2024-001",
    )
    return materials.publish_version(
        actor=provider_administrator.user,
        material=material,
        label="1.0",
        release_date=datetime.date(2025, 1, 1),
        data=PDF,
        original_name="signalenlijst.pdf",
    )


def test_it_wires_licensings_check_into_the_library_through_settings():
    assert checks.library_access in hooks.registered_checks()


def test_it_lets_a_trainer_in_good_standing_download_a_material(
    world, foundation, trainer, version
):
    certify(world, foundation, trainer.user)
    pay(services.start_licence(actor=None, organisation=foundation, trainer=trainer.user))
    data = materials.download(actor=trainer.user, membership=trainer.membership, version=version)
    assert data == PDF
    assert MaterialDownload.objects.get().outcome == DownloadOutcome.SERVED


def test_it_refuses_and_logs_the_download_of_a_lapsed_trainer(world, foundation, trainer, version):
    """Unpaid past the grace days: lapsed; the refusal says why and stays in the log."""
    certify(world, foundation, trainer.user)
    services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)
    later = timezone.localdate() + datetime.timedelta(days=45)
    with pytest.raises(materials.DownloadRefusedError) as caught:
        materials.download(
            actor=trainer.user, membership=trainer.membership, version=version, on=later
        )
    assert "geen geldige licentie" in caught.value.message
    record = MaterialDownload.objects.get()
    assert record.outcome == DownloadOutcome.REFUSED
    assert "geen geldige licentie" in record.reason
    assert AuditEntry.objects.filter(
        action="materials.download.refused", actor_id=trainer.user.pk
    ).exists()


def test_it_refuses_a_trainer_without_any_licence(world, foundation, trainer, version):
    with pytest.raises(materials.DownloadRefusedError):
        materials.download(actor=trainer.user, membership=trainer.membership, version=version)
