"""The provider beheerder's course and edition forms (issue 9; domain.md §6, seeds 000–002)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hechtwerk.accounts.constants import OrganisationKind, Role
from hechtwerk.accounts.tests.factories import OrganisationFactory
from hechtwerk.training import hooks
from hechtwerk.training.models import Course, Edition


def course_post(**overrides):
    data = {
        "name": "Masterclass Train de Trainer",
        "kind": "professionals",
        "summary": "Twee dagen van 11:00 tot 18:00.",
        "target_roles": ["trainer"],
        "group_min": "4",
        "group_max": "12",
        "price_excl_vat": "2000.00",
        "vat_treatment": "standaard",
        "price_note": "inclusief lunch",
        "attendance_threshold": "100",
        "issues_certificate": "on",
        "points_absg": "12",
        "points_vvn": "",
        "points_skj": "",
        "prerequisite_note": "",
        "intake_questions": "",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "30",
        "sessions-0-topic": "Dag 1",
        "sessions-0-duration_minutes": "390",
        "sessions-0-break_minutes": "30",
        "sessions-1-topic": "Dag 2",
        "sessions-1-duration_minutes": "390",
        "sessions-1-break_minutes": "30",
    }
    data.update(overrides)
    return data


def test_it_lets_the_beheerder_create_a_course_with_its_structure(
    client_for, provider_administrator, course
):
    client = client_for(provider_administrator)
    response = client.post(reverse("training:course_new"), course_post(requires=[str(course.pk)]))
    assert response.status_code == 302
    created = Course.objects.get(name="Masterclass Train de Trainer")
    assert [s.topic for s in created.sessions.all()] == ["Dag 1", "Dag 2"]
    assert created.price_excl_vat == 2000
    assert created.accreditations.get().points == 12
    assert created.prerequisites.get().required_course == course
    assert created.organisation == provider_administrator.organisation


def test_it_refuses_a_negative_price_and_keeps_what_was_typed(client_for, provider_administrator):
    response = client_for(provider_administrator).post(
        reverse("training:course_new"), course_post(price_excl_vat="-5")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "De prijs kan niet negatief zijn." in page
    assert "Twee dagen van 11:00 tot 18:00." in page
    assert not Course.objects.filter(name="Masterclass Train de Trainer").exists()


def test_it_refuses_a_smallest_group_above_the_largest(client_for, provider_administrator):
    response = client_for(provider_administrator).post(
        reverse("training:course_new"), course_post(group_min="14")
    )
    assert "De kleinste groep kan niet groter zijn dan de grootste." in response.content.decode()


def test_it_edits_a_course_with_equivalents_and_intake_questions(
    client_for, provider_administrator, course
):
    other_provider = OrganisationFactory(
        name="Opleider Elders", kind=OrganisationKind.TRAINING_PROVIDER
    )
    elsewhere = Course.objects.create(
        organisation=other_provider, name="Hechting elders", kind="professionals"
    )
    client = client_for(provider_administrator)
    page = client.get(reverse("training:course_edit", args=[course.uuid])).content.decode()
    assert "Diagnostiek" in page
    response = client.post(
        reverse("training:course_edit", args=[course.uuid]),
        course_post(
            name="Cursus hechting",
            equivalents=[str(elsewhere.pk)],
            intake_questions="Doe je vrijwillig mee?\nKun je terugkijken op je eigen handelen?",
        ),
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.equivalences.get().equivalent == elsewhere
    assert [q.text for q in course.intake_questions.all()] == [
        "Doe je vrijwillig mee?",
        "Kun je terugkijken op je eigen handelen?",
    ]
    assert course.sessions.count() == 2
    assert course.sessions.first().topic == "Dag 1"


def test_it_hides_another_providers_course_from_the_beheerder(client_for, make_persona, course):
    other_provider = OrganisationFactory(
        name="Opleider Elders", kind=OrganisationKind.TRAINING_PROVIDER
    )
    stranger = make_persona(Role.ADMINISTRATOR, other_provider)
    response = client_for(stranger).get(reverse("training:course_edit", args=[course.uuid]))
    assert response.status_code == 404


def edition_post(trainer, start: datetime.date, **overrides):
    data = {
        "label": "Utrecht najaar",
        "place": "Utrecht",
        "min_participants": "2",
        "max_participants": "3",
        "trainers": [str(trainer.user.uuid)],
        "publish": "on",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "2",
        "sessions-MIN_NUM_FORMS": "1",
        "sessions-MAX_NUM_FORMS": "30",
        "sessions-0-date": start.isoformat(),
        "sessions-0-start_time": "19:00",
        "sessions-0-end_time": "21:45",
        "sessions-1-date": (start + datetime.timedelta(days=7)).isoformat(),
        "sessions-1-start_time": "19:00",
        "sessions-1-end_time": "21:45",
        "sessions-1-online_url": "https://meet.example/hechting",
    }
    data.update(overrides)
    return data


@pytest.fixture
def next_month():
    return timezone.localdate() + datetime.timedelta(days=30)


def test_it_schedules_an_edition_from_the_form(
    client_for, provider_administrator, trainer, course, next_month
):
    client = client_for(provider_administrator)
    page = client.get(reverse("training:edition_new", args=[course.uuid])).content.decode()
    assert "Behandelmethodieken" in page
    response = client.post(
        reverse("training:edition_new", args=[course.uuid]), edition_post(trainer, next_month)
    )
    assert response.status_code == 302
    edition = Edition.objects.get(label="Utrecht najaar")
    assert list(edition.trainers.all()) == [trainer.user]
    assert edition.sessions.last().online_url == "https://meet.example/hechting"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sessions-1-end_time": "18:00"}, "De eindtijd moet na de begintijd liggen."),
        (
            {"min_participants": "5"},
            "Het minimum aantal deelnemers kan niet boven het maximum liggen.",
        ),
        ({"sessions-0-date": "2020-01-06"}, "Bijeenkomst 1 ligt in het verleden."),
        ({"sessions-1-date": "same-day"}, "Bijeenkomst 2 overlapt met een andere bijeenkomst."),
    ],
)
def test_it_refuses_a_bad_edition_plan_with_a_dutch_message(
    client_for, provider_administrator, trainer, course, next_month, overrides, message
):
    if overrides.get("sessions-1-date") == "same-day":
        overrides = {"sessions-1-date": next_month.isoformat(), "sessions-1-start_time": "20:00"}
    response = client_for(provider_administrator).post(
        reverse("training:edition_new", args=[course.uuid]),
        edition_post(trainer, next_month, **overrides),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Edition.objects.exists()


def test_it_refuses_a_plan_with_fewer_sessions_than_the_course(
    client_for, provider_administrator, trainer, course, next_month
):
    data = edition_post(trainer, next_month)
    data["sessions-TOTAL_FORMS"] = data["sessions-INITIAL_FORMS"] = "1"
    response = client_for(provider_administrator).post(
        reverse("training:edition_new", args=[course.uuid]), data
    )
    assert "Deze cursus heeft 2 bijeenkomsten" in response.content.decode()


def test_it_shows_the_licensing_refusal_at_the_trainers(
    client_for, provider_administrator, trainer, course, next_month
):
    def no_licence(course, user):
        return "Deze trainer heeft geen geldige licentie."

    hooks.register_schedule_check(no_licence)
    try:
        response = client_for(provider_administrator).post(
            reverse("training:edition_new", args=[course.uuid]),
            edition_post(trainer, next_month),
        )
    finally:
        hooks.unregister_schedule_check(no_licence)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Deze trainer heeft geen geldige licentie." in page
    # At the trainers field: the message sits in that field's error element.
    assert (
        'id="id_trainers_error"><p class="utrecht-paragraph">'
        "Deze trainer heeft geen geldige licentie." in page
    )
