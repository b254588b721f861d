"""Licensing through the real pages in a real browser (issue 10): a trainer holding the Masterclass
certificate starts a first licence year on "Mijn licentie" and sees the standing; a training they
gave has ended and they send its evaluation report with one action; they book a return day and
download a material from the library; then they cancel the renewal before the cut-off, and on the
day after the period's end the library refuses the download and "Mijn licentie" says why.
axe-core finds no WCAG 2.1 A/AA violations on any page visited (T6.3, T6.4)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest
import time_machine
from django.urls import reverse

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RETURN_DAY = "Terugkomdag trainers Focus op Hechting"


def _certified_trainer_without_licence(user_key_email: str) -> None:
    """The demo trainer as they were right after the Masterclass: certified, nothing licensed."""
    from hechtwerk.licensing.models import EvaluationReport, Period, RegisterListing
    from hechtwerk.training.models import Enrolment

    Period.objects.filter(trainer__email=user_key_email).delete()
    EvaluationReport.objects.filter(trainer__email=user_key_email).delete()
    RegisterListing.objects.filter(trainer__email=user_key_email).delete()
    Enrolment.objects.filter(user__email=user_key_email, edition__course__name=RETURN_DAY).delete()


def test_it_takes_a_trainer_from_the_masterclass_to_a_licence_and_a_cancelled_renewal(
    page, live_server, demo, axe
):
    from hechtwerk.licensing.models import EvaluationReport, Period
    from hechtwerk.materials.constants import DownloadOutcome
    from hechtwerk.materials.models import MaterialDownload
    from hechtwerk.training.models import Course, Enrolment

    password = demo["password"]
    trainer_email, *_ = demo["users"]["trainer"]
    _certified_trainer_without_licence(trainer_email)

    # 1. A first licence year, started from "Mijn licentie".
    sign_in(page, trainer_email, password, axe)
    page.goto("/licenties/")
    axe.check(page, "mijn licentie (gecertificeerd)")
    page.get_by_role("button", name="Licentie starten").click()
    page.wait_for_url("**/licenties/")
    licence = Period.objects.get(trainer__email=trainer_email, kind="licentie")
    assert licence.start == dt.date.today()
    # Until the first invoice is paid the licence is in grace, and the page says what to do.
    standing = page.locator("main section").first.inner_text()
    assert standing.startswith("Licentie: In respijt"), standing
    assert "nog niet betaald" in standing
    assert "evaluatieverslag" in standing
    assert "terugkomdag" in standing
    axe.check(page, "mijn licentie (gestart)")

    # 2. The Basistraining they gave has ended: its report goes to the foundation in one action.
    page.get_by_role("button", name="Verslag naar de stichting sturen").first.click()
    page.wait_for_url("**/licenties/")
    assert "Het evaluatieverslag is naar de stichting gestuurd." in page.content()
    assert EvaluationReport.objects.get(trainer__email=trainer_email).submitted_at is not None
    axe.check(page, "mijn licentie (verslag verstuurd)")

    # 3. A return day booked: enrolled in the return-day edition from its course page.
    return_day = Course.objects.get(name=RETURN_DAY)
    page.goto(reverse("training:course", args=[return_day.uuid]))
    axe.check(page, "terugkomdag")
    page.get_by_role("button", name="Schrijf mij in").first.click()
    page.wait_for_url("**/opleidingen/mijn/")
    assert Enrolment.objects.filter(
        user__email=trainer_email, edition__course=return_day, status="ingeschreven"
    ).exists()

    # 4. A material downloaded from the library.
    page.goto("/materialen/")
    axe.check(page, "materiaalbibliotheek")
    link = page.get_by_role("link", name="Signalenlijst versie 1.0 downloaden")
    assert (
        MaterialDownload.objects.filter(
            user__email=trainer_email, outcome=DownloadOutcome.SERVED
        ).count()
        == 0
    )
    download_path = urlparse(link.get_attribute("href") or "").path
    with page.expect_download() as download_info:
        link.click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert MaterialDownload.objects.filter(
        user__email=trainer_email, outcome=DownloadOutcome.SERVED
    ).exists()

    # 5. The renewal cancelled before the cut-off: the licence ends with this period.
    page.goto("/licenties/")
    assert "Zeg je op tot en met" in page.content()
    page.get_by_role("button", name="Verlenging opzeggen").click()
    page.wait_for_url("**/licenties/")
    assert "Je hebt opgezegd: je licentie wordt niet meer verlengd." in page.content()
    axe.check(page, "mijn licentie (opgezegd)")
    licence.refresh_from_db()

    # 6. The day after the period's end: no access, and the standing page says why.
    after = dt.datetime.combine(licence.end + dt.timedelta(days=1), dt.time(10, 0))
    with time_machine.travel(after.astimezone(), tick=True):
        sign_in(page, trainer_email, password)  # the old session has long expired
        response = page.goto(download_path)
        assert response is not None
        assert response.status >= 400
        assert page.get_by_role("heading", name="Download niet mogelijk").is_visible()
        assert "geen geldige licentie" in page.get_by_role("alert").inner_text()
        refusal = MaterialDownload.objects.get(
            user__email=trainer_email, outcome=DownloadOutcome.REFUSED
        )
        assert f"{licence.end:%d-%m-%Y}" in refusal.reason  # logged with its reason
        axe.check(page, "download geweigerd")
        page.goto("/materialen/")
        assert page.locator(".utrecht-alert").is_visible()
        assert not page.get_by_role("link", name="Signalenlijst versie 1.0 downloaden").count()
        page.goto("/licenties/")
        standing = page.locator("main section").first.inner_text()
        assert standing.startswith("Licentie: Opgezegd"), standing
        assert f"eindigde op {licence.end:%d-%m-%Y}" in standing
        axe.check(page, "mijn licentie (na het einde)")

    axe.assert_clean()
