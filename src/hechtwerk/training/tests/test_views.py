"""Training pages as a visitor, a professional, a trainer and a beheerder would use them."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from hechtwerk.training.models import Attendance, Enrolment
from hechtwerk.training.services import cancel_edition, enrol, revoke_certificate

from .conftest import make_edition
from .factories import completed_certificate, in_the_past


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_it_shows_open_editions_on_the_public_course_page(
    client, course, trainer, provider_administrator
):
    open_edition = make_edition(course, trainer)
    gone = make_edition(course, trainer)
    gone.label = "Amersfoort najaar"
    gone.save()
    cancel_edition(actor=provider_administrator.user, edition=gone, reason="Geen zaal")
    page = client.get(reverse("training:course", args=[course.uuid])).content.decode()
    assert open_edition.label in page
    assert "Amersfoort najaar" not in page
    assert "Log in om je in te schrijven" in page


def test_it_enrols_a_signed_in_nurse_from_the_course_page(client_for, nurse, edition):
    response = client_for(nurse).post(
        reverse("training:enrol", args=[edition.uuid]), {"action": "enrol"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:my_courses")
    page = client_for(nurse).get(reverse("training:my_courses")).content.decode()
    assert edition.course.name in page
    assert "Ingeschreven" in page


def test_it_offers_the_waiting_list_on_a_full_edition(
    client_for, nurse, doctor, participant, trainer, edition
):
    for persona in (doctor, participant, trainer):
        enrol(actor=persona.user, edition=edition, user=persona.user)
    client = client_for(nurse)
    response = client.post(
        reverse("training:enrol", args=[edition.uuid]), {"action": "enrol"}, follow=True
    )
    page = response.content.decode()
    assert "vol" in page
    assert "Zet mij op de wachtlijst" in page
    client.post(reverse("training:enrol", args=[edition.uuid]), {"action": "wait"})
    assert Enrolment.objects.get(user=nurse.user).status == "wachtlijst"


def test_it_verifies_a_certificate_without_naming_its_holder(
    client, course, trainer, participant, provider_administrator
):
    certificate = completed_certificate(
        in_the_past(make_edition(course, trainer)), participant.user
    )
    url = reverse("training:verify")
    page = client.get(
        url, {"code": certificate.verification_code.lower().replace("-", " ")}
    ).content.decode()
    assert "Geldig" in page
    assert course.name in page
    assert certificate.holder_name not in page
    revoke_certificate(actor=provider_administrator.user, certificate=certificate, reason="Fout")
    assert (
        "Ingetrokken" in client.get(url, {"code": certificate.verification_code}).content.decode()
    )
    assert "geen certificaat" in client.get(url, {"code": "AAAA-BBBB-CCCC"}).content.decode()


def test_it_limits_guessing_of_verification_codes(client, db):
    url = reverse("training:verify")
    statuses = [client.get(url, {"code": f"AAAA-BBBB-{n:04d}"}).status_code for n in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_it_lets_the_trainer_mark_a_participant_present_with_one_tap(
    client_for, trainer, participant, edition
):
    enrolment = enrol(actor=participant.user, edition=edition, user=participant.user)
    in_the_past(edition)
    session = edition.sessions.first()
    client = client_for(trainer)
    page = client.get(reverse("training:session_attendance", args=[session.uuid])).content.decode()
    assert "Nog niet ingevuld" in page
    client.post(
        reverse("training:attendance_toggle", args=[session.uuid, enrolment.uuid]), {"present": "1"}
    )
    assert Attendance.objects.get(enrolment=enrolment, session=session).present is True


def test_it_hands_the_participant_their_certificate_as_a_pdf(
    client_for, course, trainer, participant
):
    certificate = completed_certificate(
        in_the_past(make_edition(course, trainer)), participant.user
    )
    response = client_for(participant).get(
        reverse("training:certificate_download", args=[certificate.uuid])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_it_shows_the_beheerder_when_the_absg_report_is_due(
    client_for, provider_administrator, edition
):
    from decimal import Decimal

    from hechtwerk.training.models import Accreditation

    Accreditation.objects.create(course=edition.course, register="absg", points=Decimal("10"))
    last = edition.sessions.last()
    page = (
        client_for(provider_administrator)
        .get(reverse("training:edition_manage", args=[edition.uuid]))
        .content.decode()
    )
    from datetime import timedelta

    assert f"{(last.date + timedelta(weeks=6)):%d-%m-%Y}" in page
