"""allauth adapters: no public sign-up, the client's address, second-factor secrets encrypted."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import resolve_url

from hechtwerk.core.addresses import client_address

from .capabilities import Capability, can
from .mfa import decrypt_secret, encrypt_secret
from .middleware import current_membership_of


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by a beheerder of the organisation; no public sign-up.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's sign-in rate limits count per address: the same address as axes' lockout
        # and the access log, taken from X-Forwarded-For only behind HECHTWERK_PROXY_COUNT
        # proxies (T3.3).
        address = client_address(request)
        if not address:
            raise PermissionDenied("No client address")
        return address

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Where a user lands after sign-in without a `next`: the first page of
        LOGIN_REDIRECT_BY_CAPABILITY the membership may open (a nurse or doctor: the
        worklist), else the home page."""
        membership = current_membership_of(request)
        for capability, url_name in getattr(settings, "LOGIN_REDIRECT_BY_CAPABILITY", ()):
            if can(membership, Capability(capability)):
                return str(resolve_url(url_name))
        return str(super().get_login_redirect_url(request))


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    """TOTP secrets and recovery-code seeds are stored Fernet-encrypted (key from the env)."""

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
