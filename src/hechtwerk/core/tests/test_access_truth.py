"""The access log tells the truth (T1.16): a refused or failed write is logged as a failure, and
a denied attempt on another organisation's child is visible to that organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.services import create_api_token
from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent
from hechtwerk.method.codes import Dimension
from hechtwerk.signalling.tests.factories import (
    PARENT_ITEMS,
    ChildFactory,
    answers_with,
    make_consult,
    signalenlijst_version,
)

from .logbook_helpers import verified_client

pytestmark = pytest.mark.django_db

ATT1, _ = PARENT_ITEMS[Dimension.ATTUNEMENT]
INV1, _INV2 = PARENT_ITEMS[Dimension.INVOLVEMENT]


@pytest.fixture
def child(nurse):
    signalenlijst_version()
    return ChildFactory(organisation=nurse.organisation, case_code="WAAR-1")


def consult_post(child, **extra):
    data = {"contact_moment": "4w", "consult_date": str(child.birth_date + dt.timedelta(days=28))}
    data |= {f"item_{code}": option for code, option in answers_with().items()}
    return data | extra


def writes() -> list[tuple[str, str, str]]:
    return [
        (e.action, e.outcome, e.client_ref)
        for e in AccessEvent.objects.exclude(action=AccessAction.READ).order_by("seq")
    ]


def api(persona) -> Client:
    secret = create_api_token(user=persona.user, membership=persona.membership, name="t").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_it_logs_a_stored_consult_as_a_success(client_for, nurse, child):
    response = client_for(nurse).post(
        reverse("signalling:consult_create", args=[child.uuid]), consult_post(child)
    )
    assert response.status_code == 302
    assert writes() == [("C", AccessOutcome.SUCCESS, "WAAR-1")]


def test_it_logs_a_refused_form_as_a_failure(client_for, nurse, child):
    """T1.16: an invalid form stores nothing, and the log does not claim it did."""
    response = client_for(nurse).post(
        reverse("signalling:consult_create", args=[child.uuid]),
        consult_post(child, consult_date="geen datum"),
    )
    assert response.status_code == 200
    assert writes() == [("C", AccessOutcome.FAILURE, "WAAR-1")]


def test_it_logs_a_conflict_as_a_failure(client_for, nurse, doctor, child):
    """T1.16: the second saver gets 409 and a failure line."""
    consult = make_consult(child=child, actor=nurse.user)
    url = reverse("signalling:consult_edit", args=[consult.uuid])
    assert client_for(nurse).post(url, consult_post(child, version="1")).status_code == 302
    changed = consult_post(child, version="1") | {f"item_{INV1}": "nog_niet_positief"}
    assert client_for(doctor).post(url, changed).status_code == 409
    assert writes() == [
        ("U", AccessOutcome.SUCCESS, "WAAR-1"),
        ("U", AccessOutcome.FAILURE, "WAAR-1"),
    ]
    failed = AccessEvent.objects.get(outcome=AccessOutcome.FAILURE)
    assert failed.user_id == doctor.user.pk
    assert failed.detail["status"] == 409


def test_it_logs_a_server_error_as_a_failure(client_for, nurse, child, monkeypatch):
    """T1.16: a write that ends in a server error is not logged as a success."""

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("hechtwerk.signalling.views.consults.record_consult", broken)
    client = client_for(nurse)
    client.raise_request_exception = False
    response = client.post(
        reverse("signalling:consult_create", args=[child.uuid]), consult_post(child)
    )
    assert response.status_code == 500
    assert writes() == [("C", AccessOutcome.FAILURE, "WAAR-1")]
    assert AccessEvent.objects.get().detail["status"] == 500


def test_it_logs_a_refused_child_registration_as_a_failure(client_for, nurse, child):
    response = client_for(nurse).post(
        reverse("signalling:child_create"), {"case_code": "waar-1", "birth_date": "2020-01-01"}
    )
    assert response.status_code == 200
    assert writes() == [("C", AccessOutcome.FAILURE, "")]


def test_it_logs_an_api_write_refused_with_400_as_a_failure(nurse, child):
    response = api(nurse).post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        {
            "contact_moment": "bestaat-niet",
            "consult_date": str(child.birth_date + dt.timedelta(days=28)),
            "answers": answers_with(**{ATT1: "nog_niet_positief"}),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert writes() == [("C", AccessOutcome.FAILURE, "WAAR-1")]


def test_it_logs_an_api_write_that_was_stored_as_a_success(nurse, child):
    response = api(nurse).post(
        f"/api/v1/signalling/children/{child.uuid}/consults",
        {
            "contact_moment": "4w",
            "consult_date": str(child.birth_date + dt.timedelta(days=28)),
            "answers": answers_with(**{ATT1: "nog_niet_positief"}),
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert writes() == [("C", AccessOutcome.SUCCESS, "WAAR-1")]


def test_it_shows_the_aimed_at_organisation_a_denied_attempt_in_its_review(
    client_for, outsider, nurse, child, make_persona
):
    """T1.16, T1.10: an outsider's try to open the child names the child and its organisation,
    so that organisation's log manager finds it among the denied attempts of the month."""
    response = client_for(outsider).get(reverse("signalling:child_detail", args=[child.uuid]))
    assert response.status_code == 404
    event = AccessEvent.objects.get()
    assert (event.outcome, event.client_ref, event.client_organisation_id) == (
        AccessOutcome.FAILURE,
        "WAAR-1",
        nurse.organisation.uuid,
    )
    assert event.organisation_id == outsider.organisation.uuid
    log_manager = make_persona(Role.LOG_MANAGER, nurse.organisation, email="log@jgz.example")
    today = event.occurred_at.date()
    report = (
        verified_client(log_manager)
        .get(
            reverse("logbook:review"),
            {
                "start": (today - dt.timedelta(days=1)).strftime("%d-%m-%Y"),
                "end": (today + dt.timedelta(days=1)).strftime("%d-%m-%Y"),
            },
        )
        .context["report"]
    )
    assert [(line.event.client_ref, line.event.user_id) for line in report.denied] == [
        ("WAAR-1", outsider.user.pk)
    ]
