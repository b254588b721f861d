"""The meetings API: the planner's program through JSON, the time limit in the error shape,
another coalition's meeting a 404, pages of answers."""

from __future__ import annotations

import json

import pytest

from hechtwerk.accounts.constants import OrganisationKind, Role
from hechtwerk.accounts.models import Organisation
from hechtwerk.accounts.services import create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client):
    def make(persona):
        token = create_api_token(user=persona.user, membership=persona.membership, name="test")
        headers = {"Authorization": f"Bearer {token.secret}"}

        def send(method, path, body=None, **params):
            if method == "get":
                return client.get(f"/api/v1{path}", params, headers=headers)
            return getattr(client, method)(
                f"/api/v1{path}",
                json.dumps(body or {}),
                content_type="application/json",
                headers=headers,
            )

        return send

    return make


def test_it_plans_a_program_and_refuses_to_finalise_it_over_two_hours(
    call, organiser, meeting, blocks
):
    api = call(organiser)
    for n in range(1, 8):
        added = api("post", f"/meetings/{meeting.uuid}/program", {"block": str(blocks[n].uuid)})
        assert added.status_code == 201
    refused = api("post", f"/meetings/{meeting.uuid}/finalise")
    assert refused.status_code == 400
    body = refused.json()
    assert body["status"] == 400
    assert "minuten" in body["message"]
    program = api("get", f"/meetings/{meeting.uuid}").json()["program"]
    last = program[-1]["id"]
    moved = api("post", f"/meetings/{meeting.uuid}/program/{last}/move", {"position": 1})
    assert moved.json()["program"][0]["id"] == last
    for item in moved.json()["program"][1:]:
        api("put", f"/meetings/{meeting.uuid}/program/{item['id']}/minutes", {"minutes": 10})
    assert api("post", f"/meetings/{meeting.uuid}/finalise").json()["finalised"] is True


def test_it_answers_another_coalitions_meeting_with_404(call, make_persona, meeting):
    other = Organisation.objects.create(name="Coalitie Elders", kind=OrganisationKind.COALITION)
    stranger = make_persona(Role.COALITION_ORGANISER, other)
    api = call(stranger)
    assert api("get", f"/meetings/{meeting.uuid}").status_code == 404
    assert api("get", f"/meetings/{meeting.uuid}/answers").status_code == 404
    assert api("get", "/meetings").json()["count"] == 0


def test_it_pages_answers_and_writes_the_report(call, organiser, meeting):
    from hechtwerk.meetings import services

    for i in range(5):
        services.invite_participant(actor=organiser.user, meeting=meeting, email=f"a{i}@x.org")
    api = call(organiser)
    page = api("get", f"/meetings/{meeting.uuid}/answers", limit=2, offset=4).json()
    assert (page["count"], len(page["items"])) == (5, 1)
    bad = api("get", f"/meetings/{meeting.uuid}/answers", limit=0)
    assert bad.status_code == 422
    written = api("put", f"/meetings/{meeting.uuid}/report", {"went_well": "Korte lijnen"})
    assert written.json()["went_well"] == "Korte lijnen"
    assert api("get", f"/meetings/{meeting.uuid}/report").json()["sent_at"] is None
