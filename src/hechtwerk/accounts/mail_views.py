"""The mail log of an organisation: to whom, which mail, when, and whether it was delivered."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hechtwerk.core.models import OutgoingMail

from .capabilities import Capability
from .permissions import requires

PAGE_SIZE = 50


@requires(Capability.MANAGE_OWN_STAFF)
@require_GET
def mail_log(request: HttpRequest) -> HttpResponse:
    """The organisation's outgoing mail, newest first; the content itself is not kept."""
    membership = getattr(request, "membership", None)
    assert membership is not None  # the access decorator requires a membership
    mails = OutgoingMail.objects.for_organisation(membership.organisation.uuid).only(
        "recipient", "subject", "status", "attempts", "created_at", "sent_at", "next_attempt_at"
    )
    page = Paginator(mails, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "accounts/mail_log.html", {"page": page, "query": ""})
