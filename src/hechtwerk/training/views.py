"""The training pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import requires
from hechtwerk.accounts.types import AuthedRequest


@requires(Capability.ENROL_IN_COURSES)
@require_GET
def my_courses(request: AuthedRequest) -> HttpResponse:
    return render(request, "training/my_courses.html", {})
