from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hechtwerk.core.models import AuditEntry
from hechtwerk.materials.constants import DownloadOutcome
from hechtwerk.materials.models import MaterialDownload, MaterialVersion

from .conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def test_it_serves_the_file_only_through_the_access_check_with_safe_headers(
    client_for, trainer, version, good_standing
):
    response = client_for(trainer).get(reverse("materials:download", args=[version.uuid]))
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="Signalenlijst 1.0.pdf"' in response["Content-Disposition"]


def test_it_tells_a_lapsed_trainer_why_the_download_is_refused_and_logs_it(
    client_for, trainer, version, good_standing
):
    good_standing["allowed"] = False
    response = client_for(trainer).get(reverse("materials:download", args=[version.uuid]))
    assert response.status_code == 403
    assert "Je licentie is verlopen" in response.content.decode()
    assert MaterialDownload.objects.get().outcome == DownloadOutcome.REFUSED
    assert AuditEntry.objects.filter(action="materials.download.refused").count() == 1


def test_it_asks_a_trainer_to_confirm_the_current_version(
    client_for, trainer, version, good_standing
):
    client = client_for(trainer)
    page = client.get(reverse("materials:library")).content.decode()
    assert "Ik werk met versie 1.0" in page
    client.post(reverse("materials:confirm", args=[version.uuid]))
    page = client.get(reverse("materials:library")).content.decode()
    assert "Ik werk met versie 1.0" not in page
    assert "Je hebt bevestigd" in page


def test_it_shows_a_trainer_without_standing_no_download_link(client_for, trainer, version):
    page = client_for(trainer).get(reverse("materials:library")).content.decode()
    assert "nog niet open voor trainers" in page
    assert reverse("materials:download", args=[version.uuid]) not in page


def test_it_keeps_what_the_beheerder_typed_when_the_upload_is_refused(
    client_for, provider_administrator, material
):
    response = client_for(provider_administrator).post(
        reverse("materials:publish", args=[material.uuid]),
        {
            "label": "3.1",
            "release_date": "2025-05-01",
            "release_notes": "Nieuwe signalen",
            "file": SimpleUploadedFile("folder.pdf", b"MZ\x90\x00 evil"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit soort bestand kan niet in de bibliotheek" in page
    assert 'value="3.1"' in page
    assert "Nieuwe signalen" in page
    assert not MaterialVersion.objects.exists()


def test_it_publishes_an_uploaded_version(client_for, provider_administrator, material):
    response = client_for(provider_administrator).post(
        reverse("materials:publish", args=[material.uuid]),
        {
            "label": "2.0",
            "release_date": datetime.date(2025, 5, 1).isoformat(),
            "file": SimpleUploadedFile("lijst.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    assert material.versions.get().label == "2.0"


def test_it_answers_a_refused_api_download_in_the_error_shape(
    trainer, version, good_standing, client
):
    from hechtwerk.accounts.services import create_api_token

    good_standing["allowed"] = False
    token = create_api_token(user=trainer.user, membership=trainer.membership, name="t").secret
    response = client.get(
        f"/api/v1/materials/versions/{version.uuid}/file",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    assert "verlopen" in response.json()["message"]
    assert MaterialDownload.objects.get().channel == "api"
