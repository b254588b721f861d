"""The site's URLs plus two pages that need a membership, for session and membership tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from hechtwerk.accounts.constants import Role
from hechtwerk.core.permissions import member, require_role


@member
def member_page(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    return HttpResponse(f"{membership.role}@{membership.organisation.uuid}")


@require_role(Role.YOUTH_NURSE, Role.YOUTH_DOCTOR, client_data=True)
def clinical_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("kinddossiers")


urlpatterns = [
    *site_urlpatterns,
    path("test/lid/", member_page, name="test_member_page"),
    path("test/klinisch/", clinical_page, name="test_clinical_page"),
]
