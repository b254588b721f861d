"""Permission-matrix rows for the meeting planner: the coalition organiser plans the own
coalition's meetings; everyone else is refused. The answer page and its agenda file are public
behind the invitee's signed link."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

from django.urls import resolve

from hechtwerk.core.models import OutgoingMail
from hechtwerk.core.tests.matrix import ApiRow, Row, World
from hechtwerk.meetings import services
from hechtwerk.meetings.models import BuildingBlock, MeetingGroup

URL_NAMES = frozenset(
    {
        "meetings:list",
        "meetings:figures",
        "meetings:figures_export",
        "meetings:planner",
        "meetings:add_block",
        "meetings:finalise",
        "meetings:invite",
        "meetings:form_groups",
        "meetings:move_block",
        "meetings:set_minutes",
        "meetings:remove_block",
        "meetings:answer",
        "meetings:answer_calendar",
        "meetings:details",
        "meetings:add_task",
        "meetings:add_checklist",
        "meetings:set_bound",
        "meetings:groups",
        "meetings:add_case_card",
        "meetings:pack",
        "meetings:after",
        "meetings:attendance",
        "meetings:save_report",
        "meetings:add_agreement",
        "meetings:add_link",
        "meetings:send_report",
        "meetings:move_block_to",
        "meetings:task_done",
        "meetings:checklist_arranged",
        "meetings:move_member",
        "meetings:arrange_round",
        "meetings:assign_card",
        "meetings:group_sheet",
        "meetings:agreement_done",
        "meetings:remove_link",
        "meetings:report_read",
    }
)

ORGANISER = frozenset({"organiser"})


def rows(world: World) -> dict[str, Row]:
    services.ensure_script_library()
    actor = world.personas["organiser"].user
    meeting = services.create_meeting(
        actor=actor,
        organisation=world.coalition,
        title="Matrix",
        date=datetime.date.today() + datetime.timedelta(weeks=8),
        starts_at=datetime.time(13, 0),
    )
    block = BuildingBlock.objects.get(script_number=1)
    item = services.add_block(actor=actor, meeting=meeting, block=block)
    services.add_block(actor=actor, meeting=meeting, block=block)
    _invitation, _warning = services.invite_participant(
        actor=actor, meeting=meeting, email="genodigde@example.org"
    )
    # The raw token is only in the mail; read it back from the mail's link.
    body = OutgoingMail.objects.get(recipient="genodigde@example.org").body_text
    answer_url = next(
        word for word in body.split() if "/antwoord/" in word and "agenda" not in word
    )
    token = resolve(urlparse(answer_url).path).kwargs["token"]
    services.answer_invitation(
        meeting=meeting,
        token=token,
        answer="ja",
        profession="jgz",
        organisation_name="GGD",
        elearning_completed=True,
        consent_share_contact=True,
    )
    for i, profession in enumerate(("wijkteam", "verloskundige")):
        other, _w = services.invite_participant(
            actor=actor, meeting=meeting, email=f"deelnemer{i}@example.org"
        )
        other.answer, other.profession, other.domain = "ja", profession, "sociaal"
        other.save()
    services.form_groups(actor=actor, meeting=meeting, kind="beroep")
    group = MeetingGroup.objects.filter(meeting=meeting).first()
    task = services.add_task(actor=actor, meeting=meeting, description="Zaal")
    check = services.add_checklist_item(
        actor=actor, meeting=meeting, kind="materiaal", description="Pennen"
    )
    agreement = services.add_agreement(actor=actor, meeting=meeting, who="GGD", what="Bellen")
    services.add_cooperation_link(actor=actor, meeting=meeting, source="A", target="B")
    link2 = services.add_cooperation_link(actor=actor, meeting=meeting, source="A", target="C")
    services.save_report(actor=actor, meeting=meeting, went_well="Goed", can_improve="")
    report_meeting = services.create_meeting(
        actor=actor,
        organisation=world.coalition,
        title="Verslag",
        date=datetime.date.today() + datetime.timedelta(weeks=8),
        starts_at=datetime.time(13, 0),
    )
    reader, _w = services.invite_participant(
        actor=actor, meeting=report_meeting, email="lezer@example.org"
    )
    reader.answer, reader.profession, reader.domain = "ja", "jgz", "medisch"
    reader.save()
    services.save_report(actor=actor, meeting=report_meeting, went_well="Goed", can_improve="")
    services.send_report(actor=actor, meeting=report_meeting)
    report_body = OutgoingMail.objects.get(kind="meetings/report").body_text
    report_url = next(word for word in report_body.split() if "/verslag/" in word)
    report_token = resolve(urlparse(report_url).path).kwargs["token"]
    on_meeting = {"meeting_uuid": meeting.uuid}
    on_item = {"item_uuid": item.uuid}
    on_link = {"meeting_uuid": meeting.uuid, "token": token}
    return {
        "meetings:list": Row.allow(ORGANISER),
        "meetings:figures": Row.allow(ORGANISER),
        "meetings:figures_export": Row.allow(ORGANISER, query="formaat=csv"),
        "meetings:planner": Row.allow(ORGANISER, kwargs=on_meeting),
        "meetings:add_block": Row.allow(
            ORGANISER, ok=302, method="post", kwargs=on_meeting, data={"block": block.uuid}
        ),
        "meetings:finalise": Row.allow(ORGANISER, ok=302, method="post", kwargs=on_meeting),
        "meetings:invite": Row.allow(
            ORGANISER, ok=302, method="post", kwargs=on_meeting, data={"email": "x@example.org"}
        ),
        "meetings:form_groups": Row.allow(
            ORGANISER, ok=302, method="post", kwargs=on_meeting, data={"kind": "gemengd"}
        ),
        "meetings:move_block": Row.allow(
            ORGANISER, ok=302, method="post", kwargs=on_item, data={"direction": "omlaag"}
        ),
        "meetings:set_minutes": Row.allow(
            ORGANISER, ok=302, method="post", kwargs=on_item, data={"minutes": "20"}
        ),
        "meetings:remove_block": Row.allow(ORGANISER, ok=302, method="post", kwargs=on_item),
        "meetings:answer": Row.public(kwargs=on_link),
        "meetings:answer_calendar": Row.public(kwargs=on_link),
        "meetings:details": Row.allow(ORGANISER, kwargs=on_meeting),
        "meetings:add_task": Row.allow(
            ORGANISER, ok=302, method="post", kwargs=on_meeting, data={"description": "Koffie"}
        ),
        "meetings:add_checklist": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs=on_meeting,
            data={"kind": "apparatuur", "description": "Beamer"},
        ),
        "meetings:set_bound": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs=on_meeting,
            data={"profession": "jgz", "maximum": "6"},
        ),
        "meetings:groups": Row.allow(ORGANISER, kwargs=on_meeting),
        "meetings:add_case_card": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs=on_meeting,
            data={"title": "Eigen", "text": "Een verzonnen situatie."},
        ),
        "meetings:pack": Row.allow(ORGANISER, kwargs=on_meeting),
        "meetings:after": Row.allow(ORGANISER, kwargs=on_meeting),
        "meetings:attendance": Row.allow(ORGANISER, ok=302, method="post", kwargs=on_meeting),
        "meetings:save_report": Row.allow(
            ORGANISER, ok=302, method="post", kwargs=on_meeting, data={"went_well": "Fijn"}
        ),
        "meetings:add_agreement": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs=on_meeting,
            data={"who": "Wijkteam", "what": "Terugbellen"},
        ),
        "meetings:add_link": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs=on_meeting,
            data={"source": "GGD", "target": "Wijkteam"},
        ),
        "meetings:send_report": Row.allow(ORGANISER, ok=302, method="post", kwargs=on_meeting),
        "meetings:move_block_to": Row.allow(
            ORGANISER, ok=302, method="post", kwargs=on_item, data={"position": "2"}
        ),
        "meetings:task_done": Row.allow(
            ORGANISER, ok=302, method="post", kwargs={"task_uuid": task.uuid}, data={"done": "1"}
        ),
        "meetings:checklist_arranged": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs={"checklist_uuid": check.uuid},
            data={"done": "1"},
        ),
        "meetings:move_member": Row.allow(
            ORGANISER, ok=302, method="post", kwargs={"group_uuid": group.uuid}
        ),
        "meetings:arrange_round": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs={"meeting_uuid": meeting.uuid, "kind": "beroep", "round_number": 1},
        ),
        "meetings:assign_card": Row.allow(
            ORGANISER, ok=302, method="post", kwargs={"group_uuid": group.uuid}
        ),
        "meetings:group_sheet": Row.allow(ORGANISER, kwargs={"group_uuid": group.uuid}),
        "meetings:agreement_done": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs={"agreement_uuid": agreement.uuid},
            data={"done": "1"},
        ),
        "meetings:remove_link": Row.allow(
            ORGANISER,
            ok=302,
            method="post",
            kwargs={"link_uuid": link2.uuid},
        ),
        "meetings:report_read": Row.public(
            kwargs={"meeting_uuid": report_meeting.uuid, "token": report_token}
        ),
    }


API_OPERATIONS = frozenset(
    {
        ("GET", "/api/v1/meetings"),
        ("POST", "/api/v1/meetings"),
        ("GET", "/api/v1/meeting-blocks"),
        ("GET", "/api/v1/meetings/{meeting_id}"),
        ("POST", "/api/v1/meetings/{meeting_id}/program"),
        ("POST", "/api/v1/meetings/{meeting_id}/program/{item_id}/move"),
        ("PUT", "/api/v1/meetings/{meeting_id}/program/{item_id}/minutes"),
        ("POST", "/api/v1/meetings/{meeting_id}/finalise"),
        ("GET", "/api/v1/meetings/{meeting_id}/answers"),
        ("POST", "/api/v1/meetings/{meeting_id}/groups"),
        ("GET", "/api/v1/meetings/{meeting_id}/groups"),
        ("GET", "/api/v1/meetings/{meeting_id}/report"),
        ("PUT", "/api/v1/meetings/{meeting_id}/report"),
    }
)


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    services.ensure_script_library()
    actor = world.personas["organiser"].user
    meeting = services.create_meeting(
        actor=actor,
        organisation=world.coalition,
        title="API",
        date=datetime.date.today() + datetime.timedelta(weeks=8),
        starts_at=datetime.time(13, 0),
    )
    block = BuildingBlock.objects.get(script_number=7)
    item = services.add_block(actor=actor, meeting=meeting, block=block)
    for i, profession in enumerate(("jgz", "wijkteam", "verloskundige")):
        invitation, _w = services.invite_participant(
            actor=actor, meeting=meeting, email=f"api{i}@example.org"
        )
        invitation.answer, invitation.profession = "ja", profession
        invitation.domain = "sociaal" if profession == "wijkteam" else "medisch"
        invitation.save()
    on_meeting = {"meeting_id": meeting.uuid}
    on_item = {"meeting_id": meeting.uuid, "item_id": item.uuid}
    return {
        ("GET", "/api/v1/meetings"): ApiRow.allow(ORGANISER),
        ("POST", "/api/v1/meetings"): ApiRow.allow(
            ORGANISER,
            ok=201,
            json={"title": "Nieuw", "date": "2030-05-01", "starts_at": "13:00"},
        ),
        ("GET", "/api/v1/meeting-blocks"): ApiRow.allow(ORGANISER),
        ("GET", "/api/v1/meetings/{meeting_id}"): ApiRow.allow(ORGANISER, path_params=on_meeting),
        ("POST", "/api/v1/meetings/{meeting_id}/program"): ApiRow.allow(
            ORGANISER, ok=201, path_params=on_meeting, json={"block": str(block.uuid)}
        ),
        ("POST", "/api/v1/meetings/{meeting_id}/program/{item_id}/move"): ApiRow.allow(
            ORGANISER, path_params=on_item, json={"position": 1}
        ),
        ("PUT", "/api/v1/meetings/{meeting_id}/program/{item_id}/minutes"): ApiRow.allow(
            ORGANISER, path_params=on_item, json={"minutes": 10}
        ),
        ("POST", "/api/v1/meetings/{meeting_id}/finalise"): ApiRow.allow(
            ORGANISER, path_params=on_meeting
        ),
        ("GET", "/api/v1/meetings/{meeting_id}/answers"): ApiRow.allow(
            ORGANISER, path_params=on_meeting
        ),
        ("POST", "/api/v1/meetings/{meeting_id}/groups"): ApiRow.allow(
            ORGANISER, ok=201, path_params=on_meeting, json={"kind": "gemengd"}
        ),
        ("GET", "/api/v1/meetings/{meeting_id}/groups"): ApiRow.allow(
            ORGANISER, path_params=on_meeting
        ),
        ("GET", "/api/v1/meetings/{meeting_id}/report"): ApiRow.allow(
            ORGANISER, path_params=on_meeting
        ),
        ("PUT", "/api/v1/meetings/{meeting_id}/report"): ApiRow.allow(
            ORGANISER, path_params=on_meeting, json={"went_well": "Goed"}
        ),
    }
