"""The measurement screens: task links in Mijn opleidingen and on a parent's place page, the form
that fills in a version, the trainer's summary (small counts withheld, T4.7), the beheerder's
influence figures with chart, table and export, and the course form's version fields."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from hechtwerk.instruments.constants import InstrumentKind
from hechtwerk.training.constants import EnrolmentStatus, Moment
from hechtwerk.training.models import Attendance, Certificate, Enrolment, MeasurementResponse
from hechtwerk.training.services.measurements import submit_measurement
from hechtwerk.training.services.parents import place_url

from .conftest import make_edition
from .factories import in_the_past
from .test_measurements import INFLUENCE, KNOWLEDGE, _version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def measured_course(course):
    course.nulmeting_version = _version("kennis-voor", InstrumentKind.TEST, KNOWLEDGE)
    course.test_version = _version("kennis-na", InstrumentKind.TEST, KNOWLEDGE, pass_mark=3)
    course.evaluation_version = _version("evaluatie-hbbm", InstrumentKind.EVALUATION, INFLUENCE)
    course.test_required = True
    course.group_max = 20
    course.save()
    return course


def _seat(edition, user=None, alias=""):
    return Enrolment.objects.create(
        edition=edition,
        user=user,
        alias=alias,
        contact_email="ouder@example.org" if alias else "",
        status=EnrolmentStatus.ENROLLED,
        enrolled_at=timezone.now(),
    )


def _right(n: int) -> dict[str, str]:
    return {f"item-k{i}": "goed" if i < n else "fout" for i in range(4)}


def test_it_links_the_nulmeting_from_my_courses_and_stores_the_answers(
    client_for, participant, measured_course, trainer
):
    edition = make_edition(measured_course, trainer)
    seat = _seat(edition, participant.user)
    client = client_for(participant)
    page = client.get(reverse("training:my_courses")).content.decode()
    url = reverse("training:measurement", args=[seat.uuid, "nulmeting"])
    assert url in page
    assert "Vul de nulmeting in" in page
    assert "open vanaf de laatste bijeenkomst" in page  # the toets is not open yet
    form = client.get(url).content.decode()
    assert "Vraag k0" in form
    assert 'value="goed"' in form
    response = client.post(url, _right(2))
    assert response.status_code == 302
    stored = MeasurementResponse.objects.get(edition=edition, moment=Moment.NULMETING)
    assert stored.points == 2
    page = client.get(reverse("training:my_courses")).content.decode()
    assert url not in page
    assert "ingevuld" in page


def test_it_keeps_the_answers_and_says_what_is_missing(
    client_for, participant, measured_course, trainer
):
    edition = make_edition(measured_course, trainer)
    seat = _seat(edition, participant.user)
    answers = _right(2)
    del answers["item-k3"]
    response = client_for(participant).post(
        reverse("training:measurement", args=[seat.uuid, "nulmeting"]), answers
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Beantwoord nog: Vraag k3" in page
    assert 'value="goed" checked' in page  # the given answers are kept
    assert not MeasurementResponse.objects.exists()


def test_it_refuses_another_persons_measurement(
    client_for, nurse, participant, measured_course, trainer
):
    edition = make_edition(measured_course, trainer)
    seat = _seat(edition, participant.user)
    url = reverse("training:measurement", args=[seat.uuid, "nulmeting"])
    assert client_for(nurse).get(url).status_code == 404
    assert (
        client_for(participant)
        .get(reverse("training:measurement", args=[seat.uuid, "onzin"]))
        .status_code
        == 404
    )


def test_it_issues_the_certificate_when_the_toets_is_passed_on_the_page(
    client_for, participant, measured_course, trainer
):
    edition = make_edition(measured_course, trainer)
    seat = _seat(edition, participant.user)
    in_the_past(edition, days=edition.sessions.count())
    for session in edition.sessions.all():
        Attendance.objects.create(
            enrolment=seat, session=session, present=True, minutes=session.net_minutes
        )
    client = client_for(participant)
    url = reverse("training:measurement", args=[seat.uuid, "toets"])
    assert (
        reverse("training:measurement", args=[seat.uuid, "toets"])
        in client.get(reverse("training:my_courses")).content.decode()
    )
    failed = client.post(url, _right(1), follow=True).content.decode()
    assert "nog niet gehaald" in failed
    assert not Certificate.objects.exists()
    passed = client.post(url, _right(4), follow=True).content.decode()
    assert "Je hebt de toets gehaald." in passed
    assert Certificate.objects.filter(enrolment=seat).exists()


def test_it_lets_a_parent_fill_in_the_evaluation_through_the_place_link(
    client, measured_course, trainer
):
    edition = make_edition(measured_course, trainer)
    seat = _seat(edition, alias="Sam")
    in_the_past(edition, days=edition.sessions.count())
    token = place_url(seat).rstrip("/").split("/")[-1]
    page = client.get(reverse("training:place", args=[token])).content.decode()
    url = reverse("training:place_measurement", args=[token, "evaluatie"])
    assert url in page
    assert "Vul de evaluatie in" in page
    response = client.post(url, {"item-invloed-dagelijks-leven": "veel"})
    assert response.status_code == 302
    assert MeasurementResponse.objects.get(moment=Moment.EVALUATION).answers == {
        "invloed-dagelijks-leven": "veel"
    }
    again = client.post(url, {"item-invloed-dagelijks-leven": "veel"})
    assert "al ingevuld" in again.content.decode()


def test_it_shows_the_trainer_a_summary_with_small_counts_withheld(
    client_for, trainer, measured_course
):
    """T4.7: four evaluations are not shown; pairs and pass rate of five are."""
    edition = make_edition(measured_course, trainer, max_participants=20, min_participants=1)
    people = [_seat(edition, alias=f"Ouder {i}") for i in range(5)]
    for person in people:
        submit_measurement(
            actor=None,
            enrolment=person,
            moment=Moment.NULMETING,
            answers={f"k{i}": "fout" for i in range(4)},
        )
    in_the_past(edition, days=edition.sessions.count())
    for person in people:
        submit_measurement(
            actor=None,
            enrolment=person,
            moment=Moment.TOETS,
            answers={f"k{i}": "goed" for i in range(4)},
        )
    for person in people[:4]:
        submit_measurement(
            actor=None,
            enrolment=person,
            moment=Moment.EVALUATION,
            answers={"invloed-dagelijks-leven": "veel"},
        )
    page = (
        client_for(trainer)
        .get(reverse("training:edition_summary", args=[edition.uuid]))
        .content.decode()
    )
    assert "Ouder 0" not in page
    assert "100%" in page  # pass rate of five
    assert "4.0" in page or "4,0" in page  # mean gain
    assert "niet getoond" in page
    assert "Veel" not in page  # the four evaluations' answers stay hidden


def test_it_shows_the_beheerder_the_influence_figures_with_chart_and_export(
    client_for, provider_administrator, measured_course, trainer
):
    edition = make_edition(measured_course, trainer, max_participants=20, min_participants=1)
    people = [_seat(edition, alias=f"Ouder {i}") for i in range(11)]
    in_the_past(edition, days=edition.sessions.count())
    for n, person in enumerate(people):
        submit_measurement(
            actor=None,
            enrolment=person,
            moment=Moment.EVALUATION,
            answers={"invloed-dagelijks-leven": "veel" if n < 6 else "enige"},
        )
    client = client_for(provider_administrator)
    manage = client.get(reverse("training:manage")).content.decode()
    url = reverse("training:course_figures", args=[measured_course.uuid])
    assert url in manage
    page = client.get(url + "?per=trainer").content.decode()
    assert "100% van 11 ouders positief, 55% veel positief" in page
    assert "<svg" in page
    assert trainer.user.get_full_name() in page
    export = client.get(
        reverse("training:course_figures_export", args=[measured_course.uuid, "csv"]) + "?per=year"
    )
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert str(timezone.localdate().year) in text
    assert "Veel" in text
    assert (
        client.get(
            reverse("training:course_figures_export", args=[measured_course.uuid, "pdf"])
        ).status_code
        == 404
    )


def test_it_lets_the_beheerder_choose_the_instrument_versions_on_the_course_form(
    client_for, provider_administrator, course
):
    version = _version("evaluatie-form", InstrumentKind.EVALUATION, INFLUENCE)
    client = client_for(provider_administrator)
    url = reverse("training:course_edit", args=[course.uuid])
    page = client.get(url).content.decode()
    assert "evaluatie-form 1" in page
    data = {
        "name": course.name,
        "kind": course.kind,
        "group_min": 2,
        "group_max": 3,
        "price_excl_vat": "0",
        "vat_treatment": course.vat_treatment,
        "attendance_threshold": 100,
        "issues_certificate": "on",
        "evaluation_version": version.pk,
        "sessions-TOTAL_FORMS": 2,
        "sessions-INITIAL_FORMS": 0,
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 50,
        "sessions-0-topic": "Diagnostiek",
        "sessions-0-duration_minutes": 150,
        "sessions-0-break_minutes": 15,
        "sessions-1-topic": "Behandelmethodieken",
        "sessions-1-duration_minutes": 150,
        "sessions-1-break_minutes": 15,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    course.refresh_from_db()
    assert course.evaluation_version == version
    data["test_required"] = "on"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "kies dan ook een toets" in refused.content.decode()
