"""Children: register, read, correct dates, search by case code; the worklist; the schedule."""

from __future__ import annotations

import uuid
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.access import expect_write, write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.paging import PageParams
from hechtwerk.signalling.models import Child
from hechtwerk.signalling.queries import worklist_page
from hechtwerk.signalling.services import (
    current_policy,
    ensure_schedule,
    register_child,
    update_child_dates,
)
from hechtwerk.signalling.services.common import today
from hechtwerk.signalling.views.common import DATA_CATEGORY, log_children_shown
from hechtwerk.signalling.worklist import PAGE_SIZE

from .common import load_child, refuse_non_clinical
from .convert import child_out, contact_moment_out, uuids
from .schemas import (
    ChildDatesIn,
    ChildIn,
    ChildOut,
    ChildrenPage,
    ContactMomentsPage,
    DueMomentOut,
    WorklistEntryOut,
    WorklistOut,
)

router = Router()
clinical = api_requires(Capability.RECORD_SIGNALLING, client_data=True)


@router.post(
    "/signalling/children",
    response={201: ChildOut},
    summary="Een kind vastleggen: dossiercode met geboortedatum of uitgerekende datum",
    description="Dezelfde controles als de pagina: de dossiercode mag niet op een naam of BSN "
    "lijken en is uniek binnen de organisatie; een datum is verplicht en ligt niet in de "
    "toekomst (geboortedatum) of te ver weg (uitgerekende datum).",
)
@clinical
def create_child(request: ApiRequest, payload: ChildIn) -> Status[Any]:
    refuse_non_clinical(request)
    organisation = request.membership.organisation
    # Logged when the response is known: a refused registration is a failure (T1.16).
    expect_write(request, action=AccessAction.CREATE, data_category=DATA_CATEGORY)
    child = register_child(
        actor=request.user,
        organisation=organisation,
        case_code=payload.case_code,
        birth_date=payload.birth_date,
        due_date=payload.due_date,
    )
    write_succeeded(request, client_ref=child.case_code, client_organisation_id=organisation.uuid)
    return Status(201, child_out(child))


class ChildSearch(PageParams):
    q: str = Field(
        min_length=1,
        max_length=40,
        description="(Een deel van) de dossiercode; hoofdletters maken niet uit.",
        examples=["JGZ-2026"],
    )


@router.get(
    "/signalling/children",
    response=ChildrenPage,
    summary="Kinderen van de eigen organisatie zoeken op dossiercode",
    description="Elk kind in het antwoord wordt in het toegangslogboek vastgelegd als "
    "zoekvraag, zoals op de zoekpagina.",
)
@clinical
def search_children(request: ApiRequest, query: Query[ChildSearch]) -> ChildrenPage:
    refuse_non_clinical(request)
    found = Child.objects.visible_to(request.membership).search(query.q).order_by("case_code")
    count = found.count()
    children = list(found[query.offset : query.offset + query.limit])
    log_children_shown(request, children, AccessAction.QUERY, {"view": "api-zoeken"})  # type: ignore[arg-type]
    return ChildrenPage(
        count=count,
        limit=query.limit,
        offset=query.offset,
        items=[child_out(c) for c in children],
    )


@router.get("/signalling/children/{child_id}", response=ChildOut, summary="Eén kind")
@clinical
def read_child(request: ApiRequest, child_id: uuid.UUID) -> ChildOut:
    return child_out(load_child(request, child_id))


@router.put(
    "/signalling/children/{child_id}/dates",
    response=ChildOut,
    summary="De geboorte vastleggen of een datum van het kind corrigeren",
)
@clinical
def update_dates(request: ApiRequest, child_id: uuid.UUID, payload: ChildDatesIn) -> ChildOut:
    child = load_child(request, child_id, AccessAction.UPDATE)
    update_child_dates(
        actor=request.user, child=child, birth_date=payload.birth_date, due_date=payload.due_date
    )
    write_succeeded(request)
    return child_out(child)


class WorklistQuery(Schema):
    page: int = Field(
        1, ge=1, description="Het paginanummer (vanaf 1); voorbij het einde: de laatste."
    )


@router.get(
    "/signalling/worklist",
    response=WorklistOut,
    summary="De werklijst: kinderen die aandacht vragen, per pagina van 50",
    description="Dezelfde volgorde en pagina's als de werklijstpagina; alleen de kinderen van "
    "de gevraagde pagina worden in het toegangslogboek vastgelegd.",
)
@clinical
def worklist(request: ApiRequest, query: Query[WorklistQuery]) -> WorklistOut:
    refuse_non_clinical(request)
    membership = request.membership
    schedule = ensure_schedule(membership.organisation)
    result = worklist_page(membership, schedule, current_policy(), today(), query.page)
    log_children_shown(
        request,  # type: ignore[arg-type]
        [e.child for e in result.entries],
        AccessAction.QUERY,
        {"view": "api-werklijst", "pagina": result.page.number},
    )
    return WorklistOut(
        count=result.total,
        page=result.page.number,
        pages=result.page.paginator.num_pages,
        page_size=PAGE_SIZE,
        items=[
            WorklistEntryOut(
                child=child_out(e.child),
                moments=[
                    DueMomentOut(
                        code=m.moment.code,
                        label=m.moment.display_label,
                        due_on=m.due_on,
                        state=m.state,
                    )
                    for m in e.moments
                ],
                open_conversations=uuids(e.open_conversations),  # type: ignore[arg-type]
                open_referrals=uuids(e.open_referrals),  # type: ignore[arg-type]
            )
            for e in result.entries
        ],
    )


@router.get(
    "/signalling/contact-moments",
    response=ContactMomentsPage,
    summary="De contactmomenten van de organisatie: code, naam, leeftijd en venster",
    description="Het venster: vanaf welke leeftijd een contactmoment aan de beurt is en tot "
    "wanneer, voordat het te laat is (zoals de werklijst rekent).",
)
@api_requires(Capability.RECORD_SIGNALLING)
def contact_moments(request: ApiRequest, query: Query[PageParams]) -> ContactMomentsPage:
    schedule = ensure_schedule(request.membership.organisation)
    policy = current_policy()
    return ContactMomentsPage(
        count=len(schedule),
        limit=query.limit,
        offset=query.offset,
        items=[
            contact_moment_out(m, policy)
            for m in schedule[query.offset : query.offset + query.limit]
        ],
    )
