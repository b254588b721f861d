"""Permission-matrix rows for the meeting planner: the coalition organiser plans the own
coalition's meetings; everyone else is refused. The answer page and its agenda file are public
behind the invitee's signed link."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

from django.urls import resolve

from hechtwerk.core.tests.matrix import Row, World
from hechtwerk.meetings import services
from hechtwerk.meetings.models import BuildingBlock

URL_NAMES = frozenset(
    {
        "meetings:list",
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
    from hechtwerk.core.models import OutgoingMail

    body = OutgoingMail.objects.get(recipient="genodigde@example.org").body_text
    answer_url = next(
        word for word in body.split() if "/antwoord/" in word and "agenda" not in word
    )
    token = resolve(urlparse(answer_url).path).kwargs["token"]
    on_meeting = {"meeting_uuid": meeting.uuid}
    on_item = {"item_uuid": item.uuid}
    on_link = {"meeting_uuid": meeting.uuid, "token": token}
    return {
        "meetings:list": Row.allow(ORGANISER),
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
    }
