"""The training API as an integration would use it: the public catalogue, enrolment with the
waiting list's 409, attendance by the edition's own trainer, the measurement summary with small
counts withheld (T4.7), and certificate verification rate-limited together with the page."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hechtwerk.accounts.services import create_api_token
from hechtwerk.training.models import Attendance, Enrolment
from hechtwerk.training.services import enrol

from .conftest import make_edition
from .factories import completed_certificate, in_the_past

pytestmark = pytest.mark.django_db


def _api(persona=None):
    headers = {}
    if persona is not None:
        secret = create_api_token(user=persona.user, membership=persona.membership, name="t").secret
        headers["Authorization"] = f"Bearer {secret}"

    def call(method: str, path: str, body=None):
        return Client().generic(
            method,
            "/api/v1" + path,
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=headers,
        )

    return call


def test_it_lists_published_courses_and_open_editions_without_a_token(course, trainer):
    edition = make_edition(course, trainer)
    api = _api()
    courses = api("GET", "/training/courses?limit=1").json()
    assert courses["count"] == 1
    assert courses["items"][0]["name"] == "Cursus hechting"
    assert [s["topic"] for s in courses["items"][0]["sessions"]] == [
        "Diagnostiek",
        "Behandelmethodieken",
    ]
    editions = api("GET", f"/training/editions?course={course.uuid}").json()
    assert editions["items"][0]["id"] == str(edition.uuid)
    assert editions["items"][0]["seats_free"] == 3
    assert editions["items"][0]["status"] == "open"


def test_it_pages_past_the_end_and_refuses_an_offset_beyond_any_list(course, trainer):
    make_edition(course, trainer)
    api = _api()
    past_the_end = api("GET", "/training/courses?offset=5")
    assert past_the_end.status_code == 200
    assert past_the_end.json() | {"items": None} == {
        "count": 1,
        "limit": 50,
        "offset": 5,
        "items": None,
    }
    assert past_the_end.json()["items"] == []
    # A number SQLite cannot take in OFFSET was a server error; now the usual 422.
    refused = api("GET", "/training/courses?offset=9223372036854775808")
    assert refused.status_code == 422
    assert "offset" in json.dumps(refused.json())


def test_it_enrols_and_answers_409_in_the_error_shape_when_full(
    nurse, doctor, participant, trainer, edition
):
    for persona in (doctor, participant):
        enrol(actor=persona.user, edition=edition, user=persona.user)
    api = _api(nurse)
    first = api("POST", f"/training/editions/{edition.uuid}/enrolments", {})
    assert first.status_code == 201
    assert first.json()["status"] == "ingeschreven"
    trainer_api = _api(trainer)
    full = trainer_api("POST", f"/training/editions/{edition.uuid}/enrolments", {})
    assert full.status_code == 409
    body = full.json()
    assert body["status"] == 409
    assert "vol" in body["message"]
    waiting = trainer_api("POST", f"/training/editions/{edition.uuid}/waiting-list")
    assert waiting.status_code == 201
    assert waiting.json()["status"] == "wachtlijst"
    withdrawn = api("POST", f"/training/enrolments/{first.json()['id']}/withdraw")
    assert withdrawn.json()["status"] == "afgemeld"
    # The freed seat is offered to the first in line, who accepts it through the API.
    offer = Enrolment.objects.get(user=trainer.user)
    assert offer.status == "plaats_aangeboden"
    accepted = trainer_api("POST", f"/training/enrolments/{offer.uuid}/accept")
    assert accepted.json()["status"] == "ingeschreven"


def test_it_records_attendance_only_for_the_trainer_of_the_edition(
    make_persona, foundation, participant, trainer, course
):
    from hechtwerk.accounts.constants import Role

    past = in_the_past(make_edition(course, trainer))
    enrolment = Enrolment.objects.create(edition=past, user=participant.user, status="ingeschreven")
    session = past.sessions.first()
    path = f"/training/sessions/{session.uuid}/attendance/{enrolment.uuid}"
    recorded = _api(trainer)("PUT", path, {"present": True, "minutes": 90})
    assert recorded.status_code == 200
    assert recorded.json()["minutes"] == 90
    other = make_persona(Role.TRAINER, foundation, email="ander@stichting.example")
    assert _api(other)("PUT", path, {"present": False}).status_code == 404
    assert Attendance.objects.get(enrolment=enrolment).present is True
    bad = _api(trainer)("PUT", path, {"present": "misschien"})
    assert bad.status_code == 422 or bad.status_code == 400
    assert "message" in bad.json()


def test_it_gives_the_summary_with_withheld_values_as_null(
    trainer, provider_administrator, nurse, edition
):
    """T4.7: nothing answered yet, nothing small shown."""
    body = _api(provider_administrator)("GET", f"/training/editions/{edition.uuid}/measurements")
    assert body.status_code == 200
    assert body.json()["knowledge_gain"]["mean_gain"] is None
    assert body.json()["test_pass_rate"] is None
    assert _api(nurse)("GET", f"/training/editions/{edition.uuid}/measurements").status_code == 403


def test_it_verifies_a_certificate_and_counts_guesses_with_the_page(
    client, participant, course, trainer
):
    certificate = completed_certificate(
        in_the_past(make_edition(course, trainer)), participant.user
    )
    api = _api()
    answer = api("GET", f"/training/certificates/verify?code={certificate.verification_code}")
    assert answer.json() == {
        "found": True,
        "standing": "geldig",
        "course": "Cursus hechting",
        "issued_on": timezone.localdate(certificate.issued_at).isoformat(),
    }
    assert "holder" not in answer.content.decode()
    for _n in range(10):
        client.get(reverse("training:verify"), {"code": "ABCD-EFGH"})
    for _n in range(9):
        assert api("GET", "/training/certificates/verify?code=RADEN").json()["found"] is False
    limited = api("GET", "/training/certificates/verify?code=RADEN")
    assert limited.status_code == 429
    assert "Retry-After" in limited
