"""Attendance for accreditation: minutes actually attended, the printable list, register numbers
only for those who want points (BIG 11 digits), and the export per register (domain.md §6)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from hechtwerk.core.models import AuditEntry
from hechtwerk.training.models import Accreditation, Attendance
from hechtwerk.training.services import TrainingError, enrol, record_attendance

from .factories import in_the_past


@pytest.fixture
def accredited(edition):
    Accreditation.objects.create(
        course=edition.course, register="absg", points=Decimal("5"), reference="ABSG-123"
    )
    Accreditation.objects.create(course=edition.course, register="vvn", points=Decimal("4"))
    return edition


def test_it_keeps_fewer_minutes_for_a_late_arrival_and_never_more(trainer, participant, edition):
    enrolment = enrol(actor=participant.user, edition=edition, user=participant.user)
    in_the_past(edition)
    first, second = edition.sessions.all()
    record_attendance(
        actor=trainer.user, session=first, enrolment=enrolment, present=True, minutes=90
    )
    record_attendance(
        actor=trainer.user, session=second, enrolment=enrolment, present=True, minutes=999
    )
    assert Attendance.objects.get(session=first).minutes == 90
    assert Attendance.objects.get(session=second).minutes == second.net_minutes


@pytest.mark.parametrize(
    ("register", "number", "stored"),
    [("absg", "1234 5678 901", "12345678901"), ("vvn", "1234567", "1234567")],
)
def test_it_takes_a_register_number_in_the_registers_form(
    participant, edition, register, number, stored
):
    enrolment = enrol(
        actor=participant.user,
        edition=edition,
        user=participant.user,
        register=register,
        register_number=number,
    )
    assert enrolment.register_number == stored


@pytest.mark.parametrize("number", ["1234567890", "123456789012", "BIG12345678", ""])
def test_it_refuses_a_big_number_that_is_not_eleven_digits(participant, edition, number):
    with pytest.raises(TrainingError) as refused:
        enrol(
            actor=participant.user,
            edition=edition,
            user=participant.user,
            register="absg",
            register_number=number,
        )
    assert refused.value.field == "register_number"


def test_it_asks_no_number_of_who_wants_no_points(participant, edition):
    enrolment = enrol(
        actor=participant.user, edition=edition, user=participant.user, register_number="123"
    )
    assert enrolment.register_number == ""
    assert enrolment.register == ""


def test_it_exports_what_the_absg_asks_with_the_due_date_on_the_page(
    client_for, provider_administrator, trainer, participant, nurse, accredited
):
    enrolment = enrol(
        actor=participant.user,
        edition=accredited,
        user=participant.user,
        register="absg",
        register_number="12345678901",
    )
    enrol(
        actor=nurse.user,
        edition=accredited,
        user=nurse.user,
        register="vvn",
        register_number="7654321",
    )
    in_the_past(accredited)
    for session in accredited.sessions.all():
        record_attendance(actor=trainer.user, session=session, enrolment=enrolment, present=True)
    client = client_for(provider_administrator)
    page = client.get(reverse("training:edition_manage", args=[accredited.uuid])).content.decode()
    assert "Aanwezigheid melden bij ABSG uiterlijk" in page
    response = client.get(
        reverse("training:register_export", args=[accredited.uuid, "absg", "csv"])
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("BIG-nummer;")
    assert len(lines) == 2  # the nurse asked for V&VN points, not ABSG
    assert "12345678901" in lines[1]
    assert "ABSG-123" in lines[1]
    assert ";ja;5" in lines[1]
    assert AuditEntry.objects.filter(action="training.register.exported").exists()
    xlsx = client.get(reverse("training:register_export", args=[accredited.uuid, "vvn", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert io.BytesIO(xlsx.content).getbuffer().nbytes > 0


def test_it_prints_the_attendance_list_for_the_trainer(client_for, trainer, participant, edition):
    enrol(actor=participant.user, edition=edition, user=participant.user)
    session = edition.sessions.first()
    page = (
        client_for(trainer)
        .get(reverse("training:attendance_print", args=[session.uuid]))
        .content.decode()
    )
    assert "Presentielijst" in page
    assert "Handtekening" in page
    assert participant.user.get_full_name() in page or participant.user.email in page
