from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from hechtwerk.core.models import AuditEntry, OutgoingMail
from hechtwerk.materials import services
from hechtwerk.materials.constants import DownloadOutcome
from hechtwerk.materials.models import MaterialDownload, MaterialVersion, VersionConfirmation
from hechtwerk.training.tests.conftest import course, make_edition  # noqa: F401

from .conftest import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def test_it_stores_a_version_outside_the_web_root_with_its_hash(version):
    path = Path(settings.MATERIALS_ROOT) / version.stored_name
    assert path.read_bytes() == PDF_BYTES
    assert version.content_type == "application/pdf"
    assert version.size == len(PDF_BYTES)
    assert len(version.sha256) == 64
    assert not str(path).startswith(str(settings.STATIC_ROOT))
    assert AuditEntry.objects.filter(action="materials.version.published").exists()


def test_it_refuses_an_executable_named_pdf_with_a_dutch_message(material, provider_administrator):
    with pytest.raises(services.MaterialsError) as caught:
        services.publish_version(
            actor=provider_administrator.user,
            material=material,
            label="2.0",
            release_date=datetime.date(2025, 6, 1),
            data=b"MZ\x90\x00 evil",
            original_name="folder.pdf",
        )
    assert "Dit soort bestand" in caught.value.message
    assert caught.value.field == "file"
    assert not MaterialVersion.objects.filter(label="2.0").exists()
    assert not any(Path(settings.MATERIALS_ROOT).glob("*"))


def test_it_refuses_a_file_above_the_size_limit(material, provider_administrator, settings):
    settings.MATERIALS_MAX_UPLOAD_BYTES = 10
    with pytest.raises(services.MaterialsError, match="groter dan"):
        services.publish_version(
            actor=provider_administrator.user,
            material=material,
            label="2.0",
            release_date=datetime.date(2025, 6, 1),
            data=PDF_BYTES,
            original_name="x.pdf",
        )


def test_it_refuses_a_second_version_with_the_same_label_and_keeps_no_file(
    version, provider_administrator
):
    before = set(Path(settings.MATERIALS_ROOT).iterdir())
    with pytest.raises(services.MaterialsError, match="bestaat al"):
        services.publish_version(
            actor=provider_administrator.user,
            material=version.material,
            label="1.0",
            release_date=datetime.date(2025, 6, 1),
            data=PNG_BYTES,
            original_name="x.png",
        )
    assert set(Path(settings.MATERIALS_ROOT).iterdir()) == before


def test_it_tells_trainers_in_good_standing_once_about_a_new_version(
    material, provider_administrator, trainer, good_standing
):
    services.publish_version(
        actor=provider_administrator.user,
        material=material,
        label="2.0",
        release_date=datetime.date(2025, 6, 1),
        data=PDF_BYTES,
        original_name="x.pdf",
        release_notes="Nieuwe signalen toegevoegd.",
    )
    mails = OutgoingMail.objects.filter(kind="materials/new_version", recipient=trainer.user.email)
    assert mails.count() == 1
    assert "2.0" in mails.get().subject
    assert "Nieuwe signalen toegevoegd." in mails.get().body_text


def test_it_tells_no_trainer_while_no_standing_check_is_registered(
    material, provider_administrator, trainer
):
    services.publish_version(
        actor=provider_administrator.user,
        material=material,
        label="2.0",
        release_date=datetime.date(2025, 6, 1),
        data=PDF_BYTES,
        original_name="x.pdf",
    )
    assert not OutgoingMail.objects.filter(kind="materials/new_version").exists()


def test_it_serves_a_trainer_in_good_standing_and_records_the_download(
    version, trainer, good_standing
):
    data = services.download(actor=trainer.user, membership=trainer.membership, version=version)
    assert data == PDF_BYTES
    record = MaterialDownload.objects.get()
    assert record.outcome == DownloadOutcome.SERVED
    assert AuditEntry.objects.filter(action="materials.download.served").count() == 1


def test_it_refuses_and_logs_the_download_of_a_lapsed_trainer(version, trainer, good_standing):
    """Issue 10 done-when: a download by a lapsed trainer is refused and logged."""
    good_standing["allowed"] = False
    with pytest.raises(services.DownloadRefusedError) as caught:
        services.download(actor=trainer.user, membership=trainer.membership, version=version)
    assert caught.value.status == 403
    assert "verlopen" in caught.value.message
    record = MaterialDownload.objects.get()
    assert record.outcome == DownloadOutcome.REFUSED
    assert "verlopen" in record.reason
    entry = AuditEntry.objects.get(action="materials.download.refused")
    assert entry.actor_id == trainer.user.pk


def test_it_keeps_the_library_closed_to_trainers_until_a_check_is_registered(version, trainer):
    with pytest.raises(services.DownloadRefusedError, match="nog niet open"):
        services.download(actor=trainer.user, membership=trainer.membership, version=version)
    assert MaterialDownload.objects.get().outcome == DownloadOutcome.REFUSED


def test_it_lets_the_owners_beheerder_download_without_a_check(version, provider_administrator):
    data = services.download(
        actor=provider_administrator.user,
        membership=provider_administrator.membership,
        version=version,
    )
    assert data == PDF_BYTES


def test_it_refuses_a_participant_of_the_foundation(version, participant, good_standing):
    with pytest.raises(services.DownloadRefusedError):
        services.download(
            actor=participant.user, membership=participant.membership, version=version
        )


def test_it_notices_a_file_changed_on_disk(version, trainer, good_standing):
    (Path(settings.MATERIALS_ROOT) / version.stored_name).write_bytes(b"%PDF-1.7 tampered")
    with pytest.raises(services.MaterialsError, match="beschadigd"):
        services.download(actor=trainer.user, membership=trainer.membership, version=version)


def test_it_records_a_confirmation_once(version, trainer, good_standing):
    assert services.confirm_version(
        actor=trainer.user, membership=trainer.membership, version=version
    )
    assert not services.confirm_version(
        actor=trainer.user, membership=trainer.membership, version=version
    )
    assert VersionConfirmation.objects.filter(user=trainer.user).count() == 1


def test_it_records_which_version_an_edition_used_and_lets_the_trainer_change_it(
    course,  # noqa: F811
    version,
    trainer,
    provider_administrator,
    good_standing,
):
    edition = make_edition(course, trainer)
    newer = services.publish_version(
        actor=provider_administrator.user,
        material=version.material,
        label="1.1",
        release_date=datetime.date(2025, 3, 1),
        data=PNG_BYTES,
        original_name="x.png",
    )
    services.record_edition_use(
        actor=trainer.user, membership=trainer.membership, edition=edition, version=version
    )
    use = services.record_edition_use(
        actor=trainer.user, membership=trainer.membership, edition=edition, version=newer
    )
    assert edition.material_uses.get() == use
    assert use.version == newer


def test_it_refuses_to_record_for_an_edition_the_trainer_does_not_give(
    course,  # noqa: F811
    version,
    trainer,
    make_persona,
    foundation,
):
    from hechtwerk.accounts.constants import Role

    other = make_persona(Role.TRAINER, foundation, email="other@stichting.example")
    edition = make_edition(course, other)
    with pytest.raises(services.MaterialsError):
        services.record_edition_use(
            actor=trainer.user, membership=trainer.membership, edition=edition, version=version
        )


def test_it_shows_the_version_released_last_as_current(version, provider_administrator):
    services.publish_version(
        actor=provider_administrator.user,
        material=version.material,
        label="9.0",
        release_date=datetime.date(2999, 1, 1),
        data=PNG_BYTES,
        original_name="x.png",
    )
    assert version.material.current_version(datetime.date(2026, 1, 1)) == version
