"""Permission-matrix rows for training: public courses and verification; enrolment and "mijn
opleidingen" for whoever may enrol (another person's enrolment or certificate is a 404); attendance
for the edition's trainer; management for the provider's beheerder only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hechtwerk.core.calendar import issue_feed_link
from hechtwerk.core.tests.matrix import ApiRow, Row, World
from hechtwerk.instruments.constants import InstrumentKind, ItemKind
from hechtwerk.instruments.models import InstrumentVersion
from hechtwerk.instruments.services import (
    add_item,
    create_instrument,
    create_version,
    publish_version,
)
from hechtwerk.training.constants import INFLUENCE_ITEM, CourseKind, EnrolmentStatus
from hechtwerk.training.models import Enrolment
from hechtwerk.training.services import SessionPlan, create_course
from hechtwerk.training.services.parents import issue_parent_link, place_url
from hechtwerk.training.services.reminders import feed_owner

from .conftest import make_edition
from .factories import completed_certificate, in_the_past

URL_NAMES = frozenset(
    {
        "training:courses",
        "training:course",
        "training:verify",
        "training:my_courses",
        "training:certificate_download",
        "training:accept_offer",
        "training:withdraw",
        "training:enrol",
        "training:teaching",
        "training:session_attendance",
        "training:attendance_toggle",
        "training:manage",
        "training:edition_manage",
        "training:edition_cancel",
        "training:certificate_revoke",
        "training:course_new",
        "training:course_edit",
        "training:edition_new",
        "training:edition_calendar",
        "training:intake",
        "training:intake_decide",
        "training:parent_link",
        "training:parent_enrol",
        "training:place",
        "training:place_calendar",
        "training:my_feed",
        "training:feed",
        "training:attendance_print",
        "training:register_export",
        "training:support_group",
        "training:measurement",
        "training:place_measurement",
        "training:edition_summary",
        "training:course_figures",
        "training:course_figures_export",
        "training:edition_edit",
    }
)

API_OPERATIONS = frozenset(
    {
        ("GET", "/api/v1/training/courses"),
        ("GET", "/api/v1/training/courses/{course_id}"),
        ("GET", "/api/v1/training/editions"),
        ("GET", "/api/v1/training/editions/{edition_id}"),
        ("GET", "/api/v1/training/enrolments"),
        ("POST", "/api/v1/training/editions/{edition_id}/enrolments"),
        ("POST", "/api/v1/training/editions/{edition_id}/waiting-list"),
        ("POST", "/api/v1/training/enrolments/{enrolment_id}/accept"),
        ("POST", "/api/v1/training/enrolments/{enrolment_id}/withdraw"),
        ("PUT", "/api/v1/training/sessions/{session_id}/attendance/{enrolment_id}"),
        ("GET", "/api/v1/training/editions/{edition_id}/measurements"),
        ("GET", "/api/v1/training/certificates/verify"),
    }
)

ENROLLING = frozenset({"nurse", "doctor", "trainer", "participant", "outsider"})
OWN_ONLY = dict.fromkeys(ENROLLING - {"participant"}, 404)
BEHEERDER = frozenset({"provider_administrator"})


def _matrix_version(code: str, kind: str, item: str) -> InstrumentVersion:
    instrument = create_instrument(actor=None, code=code, name=code, kind=kind)
    version = create_version(actor=None, instrument=instrument, version="1")
    add_item(
        actor=None,
        version=version,
        code=item,
        text="Vraag",
        kind=ItemKind.CHOICE,
        options=[("geen", "Geen"), ("enige", "Enige"), ("veel", "Veel")],
    )
    return publish_version(actor=None, version=version)


def rows(world: World) -> dict[str, Row]:
    course = create_course(
        actor=None,
        organisation=world.foundation,
        name="Matrixcursus",
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan("Een", 60)],
        group_max=20,
    )
    course.nulmeting_version = _matrix_version("matrix-kennis", InstrumentKind.TEST, "kennis")
    course.evaluation_version = _matrix_version(
        "matrix-evaluatie", InstrumentKind.EVALUATION, INFLUENCE_ITEM
    )
    course.save(update_fields=["nulmeting_version", "evaluation_version"])
    trainer = world.personas["trainer"]
    participant = world.personas["participant"].user
    edition = make_edition(course, trainer)
    seat = Enrolment.objects.create(
        edition=edition,
        user=participant,
        status=EnrolmentStatus.ENROLLED,
        enrolled_at=timezone.now(),
    )
    past = in_the_past(make_edition(course, trainer))
    certificate = completed_certificate(past, participant)
    offered_edition = make_edition(course, trainer)
    offer = Enrolment.objects.create(
        edition=offered_edition,
        user=participant,
        status=EnrolmentStatus.OFFERED,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + timedelta(hours=48),
    )
    session = past.sessions.first()
    in_past = Enrolment.objects.get(edition=past, user=participant)
    enrol_token = issue_parent_link(actor=trainer.user, edition=edition).rstrip("/").split("/")[-1]
    parent = Enrolment.objects.create(
        edition=edition,
        alias="Sam",
        contact_email="sam@ouder.example",
        status=EnrolmentStatus.ENROLLED,
        enrolled_at=timezone.now(),
    )
    place_token = place_url(parent).rstrip("/").split("/")[-1]
    _feed, feed_token = issue_feed_link(owner=feed_owner(participant.uuid), actor=None)
    return {
        "training:measurement": Row.allow(
            ENROLLING, kwargs={"enrolment_uuid": seat.uuid, "moment": "nulmeting"}, **OWN_ONLY
        ),
        "training:place_measurement": Row.public(
            kwargs={"token": place_token, "moment": "nulmeting"}
        ),
        "training:edition_summary": Row.allow({"trainer"}, kwargs={"edition_uuid": edition.uuid}),
        "training:course_figures": Row.allow(BEHEERDER, kwargs={"course_uuid": course.uuid}),
        "training:course_figures_export": Row.allow(
            BEHEERDER, kwargs={"course_uuid": course.uuid, "fmt": "csv"}
        ),
        "training:my_feed": Row.allow(ENROLLING),
        "training:support_group": Row.allow({"trainer"}, kwargs={"edition_uuid": past.uuid}),
        "training:attendance_print": Row.allow({"trainer"}, kwargs={"session_uuid": session.uuid}),
        "training:register_export": Row.allow(
            BEHEERDER, kwargs={"edition_uuid": past.uuid, "register": "absg", "fmt": "csv"}
        ),
        "training:feed": Row.public(kwargs={"token": feed_token}),
        "training:parent_link": Row.allow({"trainer"}, kwargs={"edition_uuid": edition.uuid}),
        "training:parent_enrol": Row.public(kwargs={"token": enrol_token}),
        "training:place": Row.public(kwargs={"token": place_token}),
        "training:place_calendar": Row.public(kwargs={"token": place_token}),
        "training:courses": Row.public(),
        "training:course": Row.public(kwargs={"course_uuid": course.uuid}),
        "training:verify": Row.public(query=f"code={certificate.verification_code}"),
        "training:my_courses": Row.allow(ENROLLING),
        "training:certificate_download": Row.allow(
            ENROLLING, kwargs={"certificate_uuid": certificate.uuid}, **OWN_ONLY
        ),
        "training:accept_offer": Row.allow(
            ENROLLING, ok=302, method="post", kwargs={"enrolment_uuid": offer.uuid}, **OWN_ONLY
        ),
        "training:withdraw": Row.allow(
            ENROLLING, ok=302, method="post", kwargs={"enrolment_uuid": seat.uuid}, **OWN_ONLY
        ),
        "training:enrol": Row.allow(
            ENROLLING, ok=302, method="post", kwargs={"edition_uuid": edition.uuid}
        ),
        "training:teaching": Row.allow({"trainer"}),
        "training:session_attendance": Row.allow(
            {"trainer"}, kwargs={"session_uuid": session.uuid}
        ),
        "training:attendance_toggle": Row.allow(
            {"trainer"},
            ok=302,
            method="post",
            kwargs={"session_uuid": session.uuid, "enrolment_uuid": in_past.uuid},
            data={"present": "1"},
        ),
        "training:manage": Row.allow(BEHEERDER),
        "training:edition_manage": Row.allow(BEHEERDER, kwargs={"edition_uuid": edition.uuid}),
        "training:edition_edit": Row.allow(BEHEERDER, kwargs={"edition_uuid": edition.uuid}),
        "training:edition_cancel": Row.allow(
            BEHEERDER,
            ok=302,
            method="post",
            kwargs={"edition_uuid": edition.uuid},
            data={"reason": "Te weinig deelnemers"},
        ),
        "training:edition_calendar": Row.public(kwargs={"edition_uuid": edition.uuid}),
        "training:intake": Row.allow({"trainer"}, kwargs={"edition_uuid": edition.uuid}),
        "training:intake_decide": Row.allow(
            {"trainer"},
            ok=302,
            method="post",
            kwargs={"enrolment_uuid": seat.uuid},
            data={"decision": "geaccepteerd"},
        ),
        "training:course_new": Row.allow(BEHEERDER),
        "training:course_edit": Row.allow(BEHEERDER, kwargs={"course_uuid": course.uuid}),
        "training:edition_new": Row.allow(BEHEERDER, kwargs={"course_uuid": course.uuid}),
        "training:certificate_revoke": Row.allow(
            BEHEERDER,
            ok=302,
            method="post",
            kwargs={"certificate_uuid": certificate.uuid},
            data={"reason": "Onjuist uitgegeven"},
        ),
    }


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    course = create_course(
        actor=None,
        organisation=world.foundation,
        name="API-cursus",
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan("Een", 60)],
        group_max=20,
    )
    trainer = world.personas["trainer"]
    participant = world.personas["participant"].user
    edition = make_edition(course, trainer, max_participants=20, min_participants=1)
    line = make_edition(course, trainer, max_participants=20, min_participants=1)
    seat = Enrolment.objects.create(
        edition=make_edition(course, trainer),
        user=participant,
        status=EnrolmentStatus.ENROLLED,
        enrolled_at=timezone.now(),
    )
    offer = Enrolment.objects.create(
        edition=make_edition(course, trainer),
        user=participant,
        status=EnrolmentStatus.OFFERED,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + timedelta(hours=48),
    )
    past = in_the_past(make_edition(course, trainer))
    certificate = completed_certificate(past, participant)
    in_past = Enrolment.objects.get(edition=past, user=participant)
    session = past.sessions.first()
    return {
        ("GET", "/api/v1/training/courses"): ApiRow.public(),
        ("GET", "/api/v1/training/courses/{course_id}"): ApiRow.public(
            path_params={"course_id": course.uuid}
        ),
        ("GET", "/api/v1/training/editions"): ApiRow.public(query=f"course={course.uuid}"),
        ("GET", "/api/v1/training/editions/{edition_id}"): ApiRow.public(
            path_params={"edition_id": edition.uuid}
        ),
        ("GET", "/api/v1/training/enrolments"): ApiRow.allow(ENROLLING),
        ("POST", "/api/v1/training/editions/{edition_id}/enrolments"): ApiRow.allow(
            ENROLLING, ok=201, path_params={"edition_id": edition.uuid}, json={}
        ),
        ("POST", "/api/v1/training/editions/{edition_id}/waiting-list"): ApiRow.allow(
            ENROLLING, ok=201, path_params={"edition_id": line.uuid}
        ),
        ("POST", "/api/v1/training/enrolments/{enrolment_id}/accept"): ApiRow.allow(
            ENROLLING, path_params={"enrolment_id": offer.uuid}, **OWN_ONLY
        ),
        ("POST", "/api/v1/training/enrolments/{enrolment_id}/withdraw"): ApiRow.allow(
            ENROLLING, path_params={"enrolment_id": seat.uuid}, **OWN_ONLY
        ),
        ("PUT", "/api/v1/training/sessions/{session_id}/attendance/{enrolment_id}"): ApiRow.allow(
            {"trainer"},
            path_params={"session_id": session.uuid, "enrolment_id": in_past.uuid},
            json={"present": True},
        ),
        ("GET", "/api/v1/training/editions/{edition_id}/measurements"): ApiRow.allow(
            {"trainer", "provider_administrator"}, path_params={"edition_id": edition.uuid}
        ),
        ("GET", "/api/v1/training/certificates/verify"): ApiRow.public(
            query=f"code={certificate.verification_code}"
        ),
    }
