"""The site's URLs plus two pages that need a membership, for session and membership tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import member, requires


@member
def member_page(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    return HttpResponse(f"{membership.role}@{membership.organisation.uuid}")


@requires(Capability.RECORD_SIGNALLING, client_data=True)
def clinical_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("kinddossiers")


urlpatterns = [
    *site_urlpatterns,
    path("test/lid/", member_page, name="test_member_page"),
    path("test/klinisch/", clinical_page, name="test_clinical_page"),
]
