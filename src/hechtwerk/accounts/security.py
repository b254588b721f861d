"""Hooks for django-axes: which username a sign-in attempt is for, and the lockout page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    creds = credentials or {}
    value = creds.get("email") or creds.get("username") or request.POST.get("login", "")
    return str(value).strip().lower()


def lockout_response(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    return render(request, "account/lockout.html", status=429)
