"""Loading client records through the access log, and the decorator every view here carries."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Max

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.catalogue.constants import REFERRAL_FORM_ID, REFERRAL_PARAM
from hechtwerk.catalogue.forms import situation_query
from hechtwerk.catalogue.rules import Situation
from hechtwerk.core.access import client_object_or_404, log_access_many
from hechtwerk.core.constants import AccessAction
from hechtwerk.signalling.models import Child, Consult, Referral, sees_children
from hechtwerk.signalling.services.children import VISIBLE_CHILD
from hechtwerk.signalling.services.common import DATA_CATEGORY as DATA_CATEGORY

# Only JGZ nurses and doctors; the organisation scoping happens in the querysets.
clinical = requires(Capability.RECORD_SIGNALLING, client_data=True)


def is_saving(request: AuthedRequest) -> bool:
    """A POST saves, unless it only asks to update the advice (the no-JavaScript button)."""
    return request.method == "POST" and "preview" not in request.POST


def access_action(request: AuthedRequest, on_post: str) -> str:
    """The access-log action of a page that shows a record on GET and changes it on POST."""
    return on_post if request.method == "POST" else AccessAction.READ


def child_ref(child: Child) -> tuple[str, uuid.UUID]:
    return child.case_code, child.organisation.uuid


def record_ref(record: Any) -> tuple[str, uuid.UUID]:
    return child_ref(record.child)


def load_child(
    request: AuthedRequest,
    child_uuid: uuid.UUID,
    action: str = AccessAction.READ,
    *,
    fetched: list[Child] | None = None,
) -> Child:
    """The child, scoped and logged. `fetched`: what `VISIBLE_CHILD` gave for this membership's
    organisation and this uuid, read by the caller together with other rows (one round trip)."""
    membership = request.membership
    fetch = None
    if sees_children(membership):
        organisation_id = membership.organisation_id  # type: ignore[union-attr]

        def fetch() -> Child | None:
            found = VISIBLE_CHILD.fetch(organisation_id, child_uuid) if fetched is None else fetched
            return found[0] if found else None

    return client_object_or_404(  # type: ignore[no-any-return]
        request,
        Child.objects.visible_to(membership).select_related("organisation"),
        data_category=DATA_CATEGORY,
        client_ref=child_ref,
        action=action,
        fetch=fetch,
        uuid=child_uuid,
    )


def load_consult(
    request: AuthedRequest, consult_uuid: uuid.UUID, action: str = AccessAction.READ
) -> Consult:
    return client_object_or_404(  # type: ignore[no-any-return]
        request,
        Consult.objects.visible_to(request.membership).select_related(
            "child__organisation", "contact_moment", "instrument_version__instrument"
        ),
        data_category=DATA_CATEGORY,
        client_ref=record_ref,
        action=action,
        detail={"consult": str(consult_uuid)},
        uuid=consult_uuid,
    )


def load_referral(
    request: AuthedRequest, referral_uuid: uuid.UUID, action: str = AccessAction.READ
) -> Referral:
    return client_object_or_404(  # type: ignore[no-any-return]
        request,
        Referral.objects.visible_to(request.membership).select_related("child__organisation"),
        data_category=DATA_CATEGORY,
        client_ref=record_ref,
        action=action,
        detail={"referral": str(referral_uuid)},
        uuid=referral_uuid,
    )


def log_children_shown(
    request: AuthedRequest, children: Iterable[Child], action: str, detail: dict[str, Any]
) -> None:
    """One event per child shown in a list, so the log answers "who saw this child's data";
    written in one transaction however long the list."""
    membership = request.membership
    assert membership is not None
    # Lists are scoped to the membership's organisation, so that is the children's organisation.
    organisation_id = membership.organisation.uuid
    log_access_many(
        request,
        action=action,
        data_category=DATA_CATEGORY,
        clients=[(child.case_code, organisation_id) for child in children],
        detail=detail,
    )


def referred_interventions(child: Child) -> dict[uuid.UUID, date]:
    """Catalogue interventions this child was referred to, with the latest referral date."""
    rows = (
        Referral.objects.counted()
        .filter(child=child, intervention__isnull=False)
        .values("intervention__uuid")
        .annotate(latest=Max("referred_on"))
    )
    return {row["intervention__uuid"]: row["latest"] for row in rows}


def match_context(situation: Situation | None, child: Child | None = None) -> dict[str, Any]:
    """What the "Passende interventies" block of a child's page needs: the catalogue's match
    query (age and situation codes, and the interventions already referred to with their dates;
    no case code) and the id of the page's referral form."""
    referred = referred_interventions(child) if child is not None and situation else None
    return {
        "match_query": situation_query(situation, referred) if situation is not None else "",
        "referral_param": REFERRAL_PARAM,
        "referral_form_id": REFERRAL_FORM_ID,
    }
