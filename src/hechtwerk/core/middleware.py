"""Request-wide guards: deny views without a declared policy; no caching of client data."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseForbidden
from django.utils import translation

from .permissions import get_policy

# Third-party views with guards of their own (allauth's sign-in, the admin behind MFA, the API's
# token auth, static files in development); every other view must declare its access.
OWN_GUARDS = (
    "allauth.",
    "django.contrib.admin.",
    "django.contrib.auth.admin",  # the user admin's add and password views (admin_view guards)
    "ninja.",
    "django.contrib.staticfiles.",
    "django.views.i18n",
    "django.views.static",
)


class AccessPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        target = view_func.func if isinstance(view_func, functools.partial) else view_func
        module = getattr(target, "__module__", "") or ""
        if get_policy(view_func) is not None or module.startswith(OWN_GUARDS):
            return None
        # Deny by default: a view of ours that forgot its decorator is not reachable.
        return HttpResponseForbidden()


class NoStoreForClientDataMiddleware:
    """Pages with client data, and every signed-in page, are never stored by browsers or proxies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


def chosen_language(request: HttpRequest) -> str:
    """The interface language of a request: the language cookie when it names one of ours,
    else Dutch (also what the catalogue's public page cache keys on)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Dutch unless the user chose another language; the browser's preference is not followed,
    so a professional with an English browser still gets the Dutch interface by default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
